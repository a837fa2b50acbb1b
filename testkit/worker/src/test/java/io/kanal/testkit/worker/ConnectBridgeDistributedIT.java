package io.kanal.testkit.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kanal.runtime.isolation.connect.ConnectLayer;
import io.kanal.testkit.KafkaCluster;
import io.kanal.testkit.junit.WithKafkaCluster;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Apache's FileStreamSource and FileStreamSink ({@code connect-file-4.3.1.jar} alone in a {@code plugin.path}
 * directory) on two distributed Kanal workers, each a child JVM with the Connect bridge layer: the two tasks spread
 * over the two workers; the worker running the source task is killed (SIGKILL) while lines are still being written;
 * the task moves to the survivor, resumes from the offsets the killed worker had committed, and every line reaches the
 * sink's file (some twice at most: what the killed worker had read but not committed is read again, as in Connect).
 */
@WithKafkaCluster
class ConnectBridgeDistributedIT {

    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final int FIRST = 2_000;
    private static final int TOTAL = 4_000;

    @TempDir
    Path dir;

    @Test
    void bridgedTasksSpreadAndMoveToTheSurvivorWithNoLineLost(KafkaCluster kafka) throws Exception {
        String topic = "bridge-distributed";
        Pipelines.createTopic(kafka, topic, 1);
        Path plugins = Files.createDirectories(dir.resolve("plugins"));
        Files.copy(ConnectBridgeFileIT.connectFileJar(), plugins.resolve("connect-file-4.3.1.jar"));
        Path in = dir.resolve("in.txt");
        Path out = dir.resolve("out.txt");
        Interop.append(in, 0, FIRST);
        DistributedSettings settings = DistributedSettings.of(kafka.bootstrapServers(), "bridge-distributed")
                .with(ConnectLayer.CONFIG, ConnectBridgeFileIT.layer().toString());
        List<KanalDistributedWorker> workers = new ArrayList<>();
        try {
            for (int i = 1; i <= 2; i++) {
                workers.add(KanalDistributedWorker.create(settings, dir.resolve("kanal-" + i), plugins));
            }
            // Both join before the connectors exist, so that one assignment spreads them.
            workers.forEach(ConnectWorker::start);
            ConnectRest rest = workers.get(0).rest();
            rest.createConnector("src", Interop.fileSource(in, topic), WAIT);
            rest.createConnector("snk", Interop.fileSink(topic, out), WAIT);
            Map<String, Integer> expected = Map.of("src", 1, "snk", 1);
            List<String> ids = workers.stream().map(ConnectWorker::workerId).toList();
            ClusterOwnership spread = awaitOwnership(workers, "both tasks RUNNING, one on each worker", o -> {
                Set<String> taskOwners = new TreeSet<>();
                o.connectors().values().forEach(s -> s.tasks().forEach(t -> taskOwners.add(t.workerId())));
                return o.allRunningOn(expected, ids) && taskOwners.size() == 2;
            });
            await("the first lines in " + out).atMost(WAIT).until(() -> Pipelines.lineCount(out) >= FIRST);

            // Kill the worker running the source task, with lines still to read.
            String sourceOwner = spread.connectors().get("src").tasks().get(0).workerId();
            KanalDistributedWorker victim = workers.stream()
                    .filter(w -> w.workerId().equals(sourceOwner))
                    .findFirst()
                    .orElseThrow();
            KanalDistributedWorker survivor =
                    workers.stream().filter(w -> w != victim).findFirst().orElseThrow();
            Interop.append(in, FIRST, TOTAL);
            victim.kill();
            awaitOwnership(
                    List.of(survivor),
                    "every connector and task RUNNING on the survivor " + survivor.workerId(),
                    o -> o.allRunningOn(expected, List.of(survivor.workerId())));
            await("every line in " + out).atMost(WAIT).until(() -> Pipelines.lineCount(out) >= TOTAL);
            // Stop cleanly so that the sink's file is flushed before it is read.
            survivor.stop();
        } finally {
            workers.stream().filter(ConnectWorker::isAlive).forEach(ConnectWorker::stop);
        }
        List<String> lines = Pipelines.lines(out);
        Map<String, Integer> counts = Pipelines.multiset(lines);
        assertThat(counts.keySet())
                .as("no line lost")
                .isEqualTo(Pipelines.multiset(Pipelines.input(TOTAL)).keySet());
        assertThat(counts.values())
                .as("a line is read again at most once after the kill")
                .allSatisfy(n -> assertThat(n).isBetween(1, 2));
    }

    private static ClusterOwnership awaitOwnership(
            List<KanalDistributedWorker> askable, String what, java.util.function.Predicate<ClusterOwnership> done) {
        AtomicReference<ClusterOwnership> last = new AtomicReference<>();
        await(what)
                .atMost(WAIT)
                .pollInterval(Duration.ofMillis(250))
                .ignoreExceptionsInstanceOf(UncheckedIOException.class)
                .ignoreExceptionsInstanceOf(IllegalStateException.class)
                .until(() -> {
                    ClusterOwnership o = ClusterOwnership.of(askable.get(0).rest());
                    last.set(o);
                    return done.test(o);
                });
        return last.get();
    }
}
