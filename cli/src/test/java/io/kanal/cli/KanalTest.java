package io.kanal.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class KanalTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return Kanal.run(
                List.of(args),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void helpListsEveryCommand() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("perf produce");
    }

    @Test
    void anUnknownCommandIsAUsageError() {
        assertThat(run("perf", "teleport")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown command 'perf teleport'");
    }

    @Test
    void aBadFlagPrintsWhatIsWrongAndTheUsage() {
        assertThat(run(
                        "perf",
                        "produce",
                        "--topic",
                        "t",
                        "--num-records",
                        "10",
                        "--record-size",
                        "10",
                        "--frobnicate",
                        "1"))
                .isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("unknown option --frobnicate")
                .contains("usage: kanal perf produce");
    }

    @Test
    void standaloneWithoutAWorkerFileOrDevIsAUsageError() {
        assertThat(run("standalone")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("a worker properties file is required")
                .contains("usage: kanal standalone");
    }

    @Test
    void standaloneNamesAMissingWorkerFileAndABadOption(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        assertThat(run("standalone", dir.resolve("nope.properties").toString())).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("nope.properties")
                .contains("no such file");
        assertThat(run("standalone", "--records", "many")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--records needs a number, got 'many'");
        assertThat(run("standalone", "--frobnicate")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown option --frobnicate");
    }

    @Test
    void standaloneRefusesAWorkerConfigWithoutAnOffsetsFile(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path worker = dir.resolve("worker.properties");
        java.nio.file.Files.writeString(worker, "bootstrap.servers=localhost:1\n");
        assertThat(run("standalone", worker.toString())).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("offset.storage.file.filename");
    }

    @Test
    void commandsAreFoundByTheirWords() {
        assertThat(Kanal.find(List.of("perf", "produce", "--topic", "x")).path())
                .containsExactly("perf", "produce");
        assertThat(Kanal.find(List.of("perf"))).isNull();
    }
}
