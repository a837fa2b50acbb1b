package io.kanal.cli.perf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kanal.cli.UsageException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProducePerfOptionsTest {
    @Test
    void parsesApacheProducerPerformanceFlags() {
        ProducePerfOptions o = ProducePerfOptions.parse(List.of(
                "--topic",
                "t",
                "--num-records",
                "2000000",
                "--record-size",
                "100",
                "--throughput",
                "-1",
                "--producer-props",
                "acks=all",
                "linger.ms=5",
                "bootstrap.servers=h:9092",
                "--print-metrics"));
        assertThat(o.topic()).isEqualTo("t");
        assertThat(o.numRecords()).isEqualTo(2_000_000);
        assertThat(o.recordSize()).contains(100);
        assertThat(o.throughput()).isEqualTo(-1);
        assertThat(o.producerProps())
                .containsEntry("acks", "all")
                .containsEntry("linger.ms", "5")
                .containsEntry("bootstrap.servers", "h:9092");
        assertThat(o.printMetrics()).isTrue();
    }

    @Test
    void bootstrapServerIsAShorthandAndDevNeedsNone() {
        assertThat(ProducePerfOptions.parse(List.of(
                                "--topic",
                                "t",
                                "--num-records",
                                "1",
                                "--record-size",
                                "1",
                                "--bootstrap-server",
                                "b:1"))
                        .producerProps())
                .containsEntry("bootstrap.servers", "b:1");
        assertThat(ProducePerfOptions.parse(
                                List.of("--topic", "t", "--num-records", "1", "--record-size", "1", "--dev"))
                        .dev())
                .isTrue();
    }

    @Test
    void transactionsFollowApacheToolDefaults() {
        List<String> base = List.of("--topic", "t", "--num-records", "1", "--record-size", "1", "--dev");
        ProducePerfOptions off = ProducePerfOptions.parse(base);
        assertThat(off.transactionalId()).isEmpty();
        assertThat(off.transactionDurationMs()).isZero();

        ProducePerfOptions idOnly = ProducePerfOptions.parse(concat(base, "--transactional-id", "perf-tx"));
        assertThat(idOnly.transactionalId()).contains("perf-tx");
        assertThat(idOnly.transactionDurationMs()).isEqualTo(3_000);

        ProducePerfOptions durationOnly = ProducePerfOptions.parse(concat(base, "--transaction-duration-ms", "100"));
        assertThat(durationOnly.transactionalId()).contains("performance-producer-default-transactional-id");
        assertThat(durationOnly.transactionDurationMs()).isEqualTo(100);

        assertThatThrownBy(() -> ProducePerfOptions.parse(
                        concat(base, "--transactional-id", "x", "--transaction-duration-ms", "0")))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("--transaction-duration-ms");
    }

    private static List<String> concat(List<String> base, String... more) {
        List<String> all = new ArrayList<>(base);
        all.addAll(List.of(more));
        return all;
    }

    @Test
    void rejectsMissingOrContradictoryFlags() {
        assertThatThrownBy(() -> ProducePerfOptions.parse(List.of("--num-records", "1", "--record-size", "1", "--dev")))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("--topic");
        assertThatThrownBy(() -> ProducePerfOptions.parse(List.of("--topic", "t", "--num-records", "1", "--dev")))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("exactly one of --record-size and --payload-file");
        assertThatThrownBy(() ->
                        ProducePerfOptions.parse(List.of("--topic", "t", "--num-records", "1", "--record-size", "1")))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("--bootstrap-server");
        assertThatThrownBy(() -> ProducePerfOptions.parse(
                        List.of("--topic", "t", "--num-records", "x", "--record-size", "1", "--dev")))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("whole number");
    }
}
