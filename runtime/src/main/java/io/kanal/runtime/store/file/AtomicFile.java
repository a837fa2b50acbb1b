package io.kanal.runtime.store.file;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Replaces a file atomically: the new content goes to a temporary file in the same directory, which is flushed to
 * disk ({@code fsync}) and then renamed over the target, and the directory is flushed so that the rename survives a
 * power loss. A crash at any point leaves either the old file or the new one, never a torn mix. Stateless.
 */
public final class AtomicFile {

    /** Writes a file's content. */
    @FunctionalInterface
    public interface Content {
        /**
         * Writes the content.
         *
         * @param out the stream; not to be closed by the writer
         * @throws IOException when writing fails
         */
        void writeTo(OutputStream out) throws IOException;
    }

    /** How the stores replace their files: {@link AtomicFile#write(Path, Content)}; tests inject failures. */
    @FunctionalInterface
    interface Writer {
        void write(Path target, Content content) throws IOException;
    }

    private AtomicFile() {}

    /**
     * Replaces {@code target} with what {@code content} writes. When {@code content} or any step fails, the target is
     * unchanged and the temporary file is removed.
     *
     * @param target the file to replace
     * @param content writes the new content
     * @throws IOException when the file cannot be replaced
     */
    public static void write(Path target, Content content) throws IOException {
        Path absolute = target.toAbsolutePath();
        Path directory = absolute.getParent();
        Files.createDirectories(directory);
        Path temp = Files.createTempFile(directory, "." + absolute.getFileName() + ".", ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                OutputStream out = Channels.newOutputStream(channel);
                content.writeTo(out);
                out.flush();
                channel.force(true);
            }
            try {
                Files.move(temp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, absolute, StandardCopyOption.REPLACE_EXISTING);
            }
            syncDirectory(directory);
        } catch (IOException | RuntimeException | Error e) {
            Files.deleteIfExists(temp);
            throw e;
        }
    }

    private static void syncDirectory(Path directory) {
        // Linux makes a rename durable only once the directory is flushed; other systems may refuse to open it.
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // best effort: the rename is atomic either way
        }
    }
}
