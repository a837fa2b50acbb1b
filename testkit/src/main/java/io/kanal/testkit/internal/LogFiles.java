package io.kanal.testkit.internal;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** File helpers: the tail of a node's log, and recursive deletion of a node's temporary directory. */
public final class LogFiles {
    private static final int TAIL_WINDOW_BYTES = 256 * 1024;

    private LogFiles() {}

    /**
     * The last lines of a text file, read from its end so that a large log costs no more than a small one.
     *
     * @param file the file
     * @param lines how many lines at most
     * @return the lines, oldest first; empty when the file does not exist
     */
    public static List<String> tail(Path file, int lines) {
        if (lines <= 0 || !Files.isRegularFile(file)) {
            return List.of();
        }
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            long length = raf.length();
            long start = Math.max(0, length - TAIL_WINDOW_BYTES);
            byte[] window = new byte[(int) (length - start)];
            raf.seek(start);
            raf.readFully(window);
            List<String> all = Arrays.asList(new String(window, StandardCharsets.UTF_8).split("\r?\n"));
            if (start > 0 && !all.isEmpty()) {
                all = all.subList(1, all.size()); // the first line of the window is most likely cut
            }
            return List.copyOf(all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return List.of("(cannot read " + file + ": " + e + ")");
        }
    }

    /**
     * Deletes a directory and everything in it; a missing directory is not an error.
     *
     * @param root the directory
     * @throws UncheckedIOException when something cannot be deleted
     */
    public static void deleteRecursively(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + root, e);
        }
    }
}
