package io.kanal.plugins.file;

import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Splits a growing byte stream into UTF-8 lines, keeping the byte position after each line returned. Lines end at
 * {@code \n}, {@code \r\n} or a lone {@code \r}, as in Connect's file source; a last line without its terminator is
 * held back until the terminator arrives, so a line being written is never emitted in two pieces.
 *
 * <p>Reads the input in large chunks into one buffer (64 KiB, doubled when a single line does not fit), so the cost
 * of a line is a scan and a string copy, never a system call. Not thread-safe: owned by one task thread.
 */
final class LineReader implements Closeable {

    /** Where the bytes come from: a file or standard input. */
    interface Input extends Closeable {
        /**
         * Reads what is available now without blocking.
         *
         * @return how many bytes were read; 0 when none are available yet (at the end of a file that may grow)
         */
        int read(byte[] into, int offset, int length) throws IOException;

        /** Whether bytes beyond those read so far are available now. */
        boolean hasMore() throws IOException;
    }

    static final int INITIAL_BUFFER = 64 * 1024;

    private final Input input;
    private byte[] buffer;
    /** The unread bytes are {@code buffer[start, end)}; {@code buffer[start, scanned)} holds no line terminator. */
    private int start;

    private int scanned;
    private int end;
    /** The byte position in the input of {@code buffer[start]}: just after the last line returned. */
    private long position;

    LineReader(Input input, long position, int bufferSize) {
        this.input = input;
        this.position = position;
        this.buffer = new byte[bufferSize];
    }

    /**
     * The next complete line, reading more input when the buffer holds none.
     *
     * @return the line without its terminator, or null when no complete line is available now
     */
    String readLine() throws IOException {
        while (true) {
            String line = extractLine();
            if (line != null) {
                return line;
            }
            if (!fill()) {
                return null;
            }
        }
    }

    /** The byte position just after the last line returned (its terminator included). */
    long position() {
        return position;
    }

    /** Whether input beyond what was read is available now (data a poll could turn into lines). */
    boolean hasMoreInput() throws IOException {
        return input.hasMore();
    }

    @Override
    public void close() throws IOException {
        input.close();
    }

    private String extractLine() {
        byte[] b = buffer;
        for (int i = scanned; i < end; i++) {
            byte c = b[i];
            if (c == '\n' || c == '\r') {
                int terminator;
                if (c == '\n') {
                    terminator = 1;
                } else if (i + 1 < end) {
                    terminator = b[i + 1] == '\n' ? 2 : 1;
                } else {
                    // A '\r' that may be the first half of "\r\n": decide when the next byte is here.
                    scanned = i;
                    return null;
                }
                String line = new String(b, start, i - start, StandardCharsets.UTF_8);
                int next = i + terminator;
                position += next - start;
                start = next;
                scanned = next;
                return line;
            }
        }
        scanned = end;
        return null;
    }

    /** Makes room and reads once; false when the input has nothing now. */
    private boolean fill() throws IOException {
        if (start > 0) {
            int unread = end - start;
            System.arraycopy(buffer, start, buffer, 0, unread);
            scanned -= start;
            end = unread;
            start = 0;
        }
        if (end == buffer.length) {
            // One line longer than the buffer: keep it whole.
            byte[] bigger = new byte[Math.multiplyExact(buffer.length, 2)];
            System.arraycopy(buffer, 0, bigger, 0, end);
            buffer = bigger;
        }
        int read = input.read(buffer, end, buffer.length - end);
        end += read;
        return read > 0;
    }
}
