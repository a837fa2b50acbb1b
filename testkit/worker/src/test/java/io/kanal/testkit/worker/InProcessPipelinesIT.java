package io.kanal.testkit.worker;

import static io.kanal.testkit.worker.Pipelines.lines;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kanal.runtime.herder.HerderView;
import io.kanal.runtime.herder.StatusState;
import io.kanal.testkit.KafkaCluster;
import io.kanal.testkit.junit.WithKafkaCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pipelines of the file and datagen plugins through a worker in the test JVM, on a real broker. */
@WithKafkaCluster
class InProcessPipelinesIT {

    @TempDir
    Path dir;

    private EmbeddedWorkerCluster worker(KafkaCluster cluster) {
        return EmbeddedWorkerCluster.builder()
                .bootstrapServers(cluster.bootstrapServers())
                .pluginPath(Pipelines.plugin("file"), Pipelines.plugin("datagen"))
                .workerConfig("offset.flush.interval.ms", "1000")
                .workDir(dir.resolve("worker"))
                .build();
    }

    @Test
    void fileToKafkaToFileKeepsEveryLine(KafkaCluster cluster) throws Exception {
        int count = 100_000;
        Pipelines.createTopic(cluster, "ewc-file", 3);
        Path in = dir.resolve("in.txt");
        Path out = dir.resolve("out.txt");
        List<String> input = Pipelines.writeInput(in, count);
        try (EmbeddedWorkerCluster worker = worker(cluster)) {
            worker.putConnector(
                    "src", Map.of("connector.class", "FileStreamSource", "file", in.toString(), "topic", "ewc-file"));
            worker.putConnector(
                    "snk",
                    Map.of(
                            "connector.class",
                            "org.apache.kafka.connect.file.FileStreamSinkConnector",
                            "file",
                            out.toString(),
                            "topics",
                            "ewc-file"));
            worker.start();
            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> Pipelines.lineCount(out) >= count);
            HerderView view = worker.view();
            assertThat(view.connector("src")
                            .orElseThrow()
                            .tasks()
                            .get(0)
                            .status()
                            .state())
                    .isEqualTo(StatusState.RUNNING);
            assertThat(view.connector("snk")
                            .orElseThrow()
                            .tasks()
                            .get(0)
                            .status()
                            .state())
                    .isEqualTo(StatusState.RUNNING);
        }
        // After a clean stop: exactly the input's lines, each once, in any order across the 3 partitions.
        assertThat(Pipelines.multiset(lines(out))).isEqualTo(Pipelines.multiset(input));
        assertThat(Pipelines.endOffsets(cluster, "ewc-file", 3)).isEqualTo(count);
    }

    @Test
    void datagenToKafkaToFileHasCompleteSequencesPerTask(KafkaCluster cluster) throws Exception {
        int tasks = 2;
        int perTask = 10_000;
        Pipelines.createTopic(cluster, "ewc-datagen", 2);
        Path out = dir.resolve("datagen.txt");
        try (EmbeddedWorkerCluster worker = worker(cluster)) {
            worker.putConnector(
                    "gen",
                    Map.of(
                            "connector.class",
                            "io.kanal.plugins.datagen.DatagenConnector",
                            "topic",
                            "ewc-datagen",
                            "tasks.max",
                            Integer.toString(tasks),
                            "records.per.task",
                            Integer.toString(perTask),
                            "schema",
                            "string",
                            "seed",
                            "42"));
            worker.putConnector(
                    "snk",
                    Map.of("connector.class", "FileStreamSink", "file", out.toString(), "topics", "ewc-datagen"));
            worker.start();
            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> Pipelines.lineCount(out) >= (long) tasks * perTask);
            assertThat(worker.view().connector("gen").orElseThrow().tasks()).hasSize(tasks);
        }
        // Values are "<task>-<seq> <hex>": per task, every sequence number 0 .. perTask-1 exactly once.
        Map<Integer, List<Long>> seqs = new HashMap<>();
        for (String line : lines(out)) {
            String key = line.substring(0, line.indexOf(' '));
            int dash = key.indexOf('-');
            seqs.computeIfAbsent(Integer.parseInt(key.substring(0, dash)), t -> new ArrayList<>())
                    .add(Long.parseLong(key.substring(dash + 1)));
        }
        assertThat(seqs).containsOnlyKeys(0, 1);
        for (int t = 0; t < tasks; t++) {
            List<Long> got = seqs.get(t);
            assertThat(got).as("task %d: no duplicates", t).doesNotHaveDuplicates();
            assertThat(got).as("task %d: no gaps", t).hasSize(perTask);
            assertThat(got.stream().mapToLong(Long::longValue).min().orElseThrow())
                    .isZero();
            assertThat(got.stream().mapToLong(Long::longValue).max().orElseThrow())
                    .isEqualTo(perTask - 1);
        }
    }
}
