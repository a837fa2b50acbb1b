package io.kanal.runtime.store.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFileTest {

    @TempDir
    Path dir;

    @Test
    void replacesTheFile() throws IOException {
        Path file = dir.resolve("sub/state.json");
        AtomicFile.write(file, out -> out.write("one".getBytes(StandardCharsets.UTF_8)));
        AtomicFile.write(file, out -> out.write("two".getBytes(StandardCharsets.UTF_8)));

        assertThat(file).hasContent("two");
        assertThat(Files.list(file.getParent())).containsExactly(file);
    }

    @Test
    void aWriteThatFailsHalfwayLeavesThePreviousFileIntactAndNoTemporaryFile() throws IOException {
        Path file = dir.resolve("state.json");
        AtomicFile.write(file, out -> out.write("previous".getBytes(StandardCharsets.UTF_8)));

        assertThatThrownBy(() -> AtomicFile.write(file, out -> {
                    out.write("half of the new cont".getBytes(StandardCharsets.UTF_8));
                    throw new IOException("disk full");
                }))
                .isInstanceOf(IOException.class)
                .hasMessage("disk full");

        assertThat(file).hasContent("previous");
        assertThat(Files.list(dir)).containsExactly(file);
    }

    @Test
    void aWriterThatThrowsUncheckedAlsoLeavesThePreviousFile() throws IOException {
        Path file = dir.resolve("state.json");
        AtomicFile.write(file, out -> out.write("previous".getBytes(StandardCharsets.UTF_8)));

        assertThatThrownBy(() -> AtomicFile.write(file, out -> {
                    throw new IllegalStateException("bug");
                }))
                .isInstanceOf(IllegalStateException.class);

        assertThat(file).hasContent("previous");
        assertThat(Files.list(dir)).containsExactly(file);
    }
}
