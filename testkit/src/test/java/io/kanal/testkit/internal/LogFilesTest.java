package io.kanal.testkit.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogFilesTest {
    @TempDir
    Path temp;

    @Test
    void tailReturnsTheLastLinesOldestFirst() throws Exception {
        Path log = temp.resolve("node.log");
        Files.writeString(
                log, IntStream.range(0, 100).mapToObj(i -> "line " + i).collect(Collectors.joining("\n")));
        assertThat(LogFiles.tail(log, 3)).containsExactly("line 97", "line 98", "line 99");
        assertThat(LogFiles.tail(log, 1000)).hasSize(100).startsWith("line 0");
    }

    @Test
    void tailOfAHugeLogSkipsTheCutFirstLine() throws Exception {
        Path log = temp.resolve("huge.log");
        String line = "x".repeat(1000);
        Files.writeString(log, IntStream.range(0, 1000).mapToObj(i -> i + line).collect(Collectors.joining("\n")));
        assertThat(LogFiles.tail(log, 2)).containsExactly("998" + line, "999" + line);
        assertThat(LogFiles.tail(log, 10_000)).allMatch(l -> l.endsWith(line) && l.length() > line.length());
    }

    @Test
    void tailOfAMissingFileIsEmpty() {
        assertThat(LogFiles.tail(temp.resolve("absent.log"), 5)).isEmpty();
    }

    @Test
    void deleteRecursivelyRemovesATree() throws Exception {
        Path root = temp.resolve("root");
        Files.createDirectories(root.resolve("a/b"));
        Files.writeString(root.resolve("a/b/c.txt"), "c");
        LogFiles.deleteRecursively(root);
        assertThat(root).doesNotExist();
        LogFiles.deleteRecursively(root); // a missing directory is fine
        assertThat(temp).exists();
    }
}
