package io.kanal.testkit.worker;

import static io.kanal.testkit.worker.Pipelines.lines;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kanal.testkit.KafkaCluster;
import io.kanal.testkit.junit.WithKafkaCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A worker in a child JVM, running the real command line, stopped with SIGTERM or killed with SIGKILL in the middle
 * of a file → Kafka → file pipeline and started again on the same offsets and config files.
 */
// A killed worker's sink consumer keeps its partitions until the broker expires its session: 6 s here, not 45 s.
@WithKafkaCluster(
        brokerConfig = {
            "group.consumer.min.session.timeout.ms=6000",
            "group.consumer.session.timeout.ms=6000",
            "group.consumer.min.heartbeat.interval.ms=1000",
            "group.consumer.heartbeat.interval.ms=1000"
        })
class ChildWorkerIT {

    private static final int LINES = 200_000;
    private static final int PARTITIONS = 3;

    @TempDir
    Path dir;

    /** What a run left behind when it was interrupted. */
    private record Interrupted(long outputLines, long committedSourceLines, long recordsInTopic, long sinkCommitted) {}

    private EmbeddedWorkerCluster pipeline(KafkaCluster cluster, String topic, Path in, Path out) {
        EmbeddedWorkerCluster worker = EmbeddedWorkerCluster.builder()
                .bootstrapServers(cluster.bootstrapServers())
                .pluginPath(Pipelines.plugin("file"))
                .workerConfig("offset.flush.interval.ms", "1000")
                .mode(EmbeddedWorkerCluster.Mode.CHILD_PROCESS)
                .workDir(dir.resolve("worker"))
                .build();
        worker.putConnector(
                topic + "-src", Map.of("connector.class", "FileStreamSource", "file", in.toString(), "topic", topic));
        worker.putConnector(
                topic + "-snk", Map.of("connector.class", "FileStreamSink", "file", out.toString(), "topics", topic));
        return worker;
    }

    /**
     * Waits until the pipeline is in full flow: the sink has written lines and the source has committed offsets once
     * (the test then checks that not every line is out yet).
     */
    private static void awaitMidFlow(EmbeddedWorkerCluster worker, Path out) {
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(5))
                .until(() -> Pipelines.lineCount(out) > 0
                        && !Pipelines.sourcePositions(worker.offsetsFile()).isEmpty());
    }

    private static Interrupted stateAfter(KafkaCluster cluster, EmbeddedWorkerCluster worker, String topic, Path out)
            throws Exception {
        Map<String, Long> positions = Pipelines.sourcePositions(worker.offsetsFile());
        long committedSource =
                positions.values().stream().mapToLong(Long::longValue).sum() / (Pipelines.LINE_LENGTH + 1);
        return new Interrupted(
                Pipelines.lineCount(out),
                committedSource,
                Pipelines.endOffsets(cluster, topic, PARTITIONS),
                Pipelines.committedOffsets(cluster, "connect-" + topic + "-snk", topic));
    }

    /**
     * Restarts and waits until the pipeline is done: every input line in the output, and the sink's group has
     * committed the topic's end, so nothing more is coming. Then stops the worker cleanly.
     */
    private static void restartAndFinish(
            KafkaCluster cluster, EmbeddedWorkerCluster worker, String topic, Path out, List<String> input) {
        worker.start();
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(250))
                .untilAsserted(() -> {
                    assertThat(Pipelines.lineCount(out)).isGreaterThanOrEqualTo(input.size());
                    // Not AssertJ's containsAll, which is quadratic: 200,000 x 200,000 comparisons.
                    Set<String> got = Pipelines.multiset(lines(out)).keySet();
                    assertThat(input.stream().filter(l -> !got.contains(l)).count())
                            .as("input lines not yet in the output")
                            .isZero();
                    assertThat(Pipelines.committedOffsets(cluster, "connect-" + topic + "-snk", topic))
                            .isEqualTo(Pipelines.endOffsets(cluster, topic, PARTITIONS));
                });
        worker.stop();
    }

    @Test
    void aKilledWorkerResumesFromItsOffsetsAndLosesNoLine(KafkaCluster cluster) throws Exception {
        String topic = "ewc-kill";
        Pipelines.createTopic(cluster, topic, PARTITIONS);
        Path in = dir.resolve("in.txt");
        Path out = dir.resolve("out.txt");
        List<String> input = Pipelines.input(LINES);
        try (EmbeddedWorkerCluster worker = pipeline(cluster, topic, in, out);
                Pipelines.PacedWriter writer = new Pipelines.PacedWriter(in, LINES)) {
            worker.start();
            awaitMidFlow(worker, out);
            // Kill between two offset flushes, not right after one: some lines are sent and written but not committed.
            long atFlush = Pipelines.lineCount(out);
            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(5))
                    .until(() -> Pipelines.lineCount(out) >= atFlush + 20_000);
            worker.kill();
            Interrupted killed = stateAfter(cluster, worker, topic, out);
            System.out.println("SIGKILL at: " + killed);
            assertThat(killed.outputLines())
                    .as("killed while lines were flowing")
                    .isBetween(1L, LINES - 1L);

            writer.awaitDone();
            restartAndFinish(cluster, worker, topic, out, input);

            Map<String, Integer> got = Pipelines.multiset(lines(out));
            assertThat(got.keySet())
                    .as("no line lost, none invented")
                    .isEqualTo(Pipelines.multiset(input).keySet());
            long total = got.values().stream().mapToLong(Integer::longValue).sum();
            long recordsInTopic = Pipelines.endOffsets(cluster, topic, PARTITIONS);
            long sourceDuplicates = recordsInTopic - LINES;
            long sinkDuplicates = total - recordsInTopic;
            System.out.printf(
                    "SIGKILL duplicates: %d in the output (%d re-sent by the source, %d re-written by the sink) of %d"
                            + " lines%n",
                    total - LINES, sourceDuplicates, sinkDuplicates, LINES);
            // The source re-sends at most what it had sent but not committed when killed; the sink re-writes at most
            // what it had written but not committed.
            assertThat(sourceDuplicates).isBetween(0L, killed.recordsInTopic() - killed.committedSourceLines());
            assertThat(sinkDuplicates).isBetween(0L, killed.outputLines() - killed.sinkCommitted());
        }
    }

    @Test
    void aCleanStopLosesAndDuplicatesNothing(KafkaCluster cluster) throws Exception {
        String topic = "ewc-stop";
        Pipelines.createTopic(cluster, topic, PARTITIONS);
        Path in = dir.resolve("in.txt");
        Path out = dir.resolve("out.txt");
        List<String> input = Pipelines.input(LINES);
        try (EmbeddedWorkerCluster worker = pipeline(cluster, topic, in, out);
                Pipelines.PacedWriter writer = new Pipelines.PacedWriter(in, LINES)) {
            worker.start();
            awaitMidFlow(worker, out);
            worker.stop();
            Interrupted stopped = stateAfter(cluster, worker, topic, out);
            System.out.println("SIGTERM at: " + stopped);
            assertThat(stopped.outputLines())
                    .as("stopped while lines were flowing")
                    .isBetween(1L, LINES - 1L);
            // A clean stop commits what was done: the source's offsets cover every record in the topic, and the
            // sink's committed offsets every line in the file.
            assertThat(stopped.committedSourceLines()).isEqualTo(stopped.recordsInTopic());
            assertThat(stopped.sinkCommitted()).isEqualTo(stopped.outputLines());

            writer.awaitDone();
            restartAndFinish(cluster, worker, topic, out, input);
        }
        assertThat(Pipelines.multiset(lines(out))).isEqualTo(Pipelines.multiset(input));
        assertThat(Pipelines.endOffsets(cluster, topic, PARTITIONS)).isEqualTo(LINES);
        assertThat(Files.readString(dir.resolve("worker").resolve("worker.log")))
                .contains("Kanal worker ready");
    }
}
