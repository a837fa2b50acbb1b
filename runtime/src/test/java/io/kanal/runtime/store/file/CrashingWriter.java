package io.kanal.runtime.store.file;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.nio.file.Path;

/** Writes through {@link AtomicFile}, but once armed fails after some bytes, as a crash or a full disk would. */
final class CrashingWriter implements AtomicFile.Writer {

    /** Fail after this many bytes of the next write; negative: never. */
    int crashAfterBytes = -1;

    @Override
    public void write(Path target, AtomicFile.Content content) throws IOException {
        int limit = crashAfterBytes;
        crashAfterBytes = -1;
        if (limit < 0) {
            AtomicFile.write(target, content);
            return;
        }
        AtomicFile.write(
                target,
                out -> content.writeTo(new FilterOutputStream(out) {
                    private int written;

                    @Override
                    public void write(int b) throws IOException {
                        if (written++ >= limit) {
                            throw new IOException("simulated crash after " + limit + " bytes");
                        }
                        out.write(b);
                    }

                    @Override
                    public void write(byte[] b, int off, int len) throws IOException {
                        for (int i = 0; i < len; i++) {
                            write(b[off + i]);
                        }
                    }
                }));
    }
}
