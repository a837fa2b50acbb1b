package io.kanal.runtime.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kanal.runtime.herder.HerderReply;
import io.kanal.runtime.herder.HerderView;
import io.kanal.runtime.herder.Status;
import io.kanal.runtime.isolation.PluginType;
import io.kanal.runtime.isolation.TestPlugins;
import io.kanal.runtime.worker.fixture.CollectSinkConnector;
import io.kanal.runtime.worker.fixture.SeqSourceConnector;
import io.kanal.testkit.KafkaCluster;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeoutException;

/**
 * A standalone worker for the worker ITs, with the test fixtures of {@code io.kanal.runtime.worker.fixture} installed
 * as a plugin directory (loaded in their own class loader, as users' plugins are). Owned by one test.
 */
final class WorkerHarness implements AutoCloseable {

    static final String SOURCE = SeqSourceConnector.class.getName();
    static final String SINK = CollectSinkConnector.class.getName();

    final Path dir;
    final StandaloneWorker worker;

    private WorkerHarness(Path dir, StandaloneWorker worker) {
        this.dir = dir;
        this.worker = worker;
    }

    /** Starts a worker on the cluster with the fixtures installed; {@code extra} adds or overrides worker keys. */
    static WorkerHarness start(KafkaCluster cluster, Path dir, Map<String, String> extra) throws IOException {
        Path plugins = dir.resolve("plugins");
        Path classes = classesRoot();
        TestPlugins.classesDir(
                plugins.resolve("fixtures"),
                classes,
                List.of("io/kanal/runtime/worker/fixture/"),
                Map.ofEntries(
                        TestPlugins.manifest(PluginType.SOURCE, SOURCE), TestPlugins.manifest(PluginType.SINK, SINK)));
        Map<String, String> config = new HashMap<>();
        config.put("bootstrap.servers", cluster.bootstrapServers());
        config.put("plugin.path", plugins.toString());
        config.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
        config.put("value.converter", "org.apache.kafka.connect.storage.StringConverter");
        config.put("offset.storage.file.filename", dir.resolve("offsets").toString());
        config.put("offset.flush.interval.ms", "500");
        config.put("kanal.plugin.call.budget.ms", "1000");
        config.put("task.shutdown.graceful.timeout.ms", "1000");
        config.put("kanal.task.restart.backoff.initial.ms", "100");
        config.putAll(extra);
        StandaloneWorker worker = StandaloneWorker.create(config);
        worker.start();
        return new WorkerHarness(dir, worker);
    }

    private static Path classesRoot() {
        try {
            return Path.of(SeqSourceConnector.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Creates a connector and checks that the herder accepted it. */
    void put(String name, Map<String, String> config) throws TimeoutException, InterruptedException {
        HerderReply reply = worker.putConnector(name, config, Duration.ofSeconds(30));
        assertThat(reply).isInstanceOf(HerderReply.ConnectorWritten.class);
    }

    Optional<HerderView.ConnectorView> connector(String name) {
        return worker.view().connector(name);
    }

    /** The status of a task, once it has one. */
    Status taskStatus(String name, int task) {
        await().atMost(Duration.ofSeconds(60))
                .until(() -> connector(name).map(c -> c.tasks().size() > task).orElse(false));
        return connector(name).orElseThrow().tasks().get(task).status();
    }

    static List<String> lines(Path file) throws IOException {
        return Files.exists(file) ? Files.readAllLines(file) : List.of();
    }

    @Override
    public void close() {
        worker.stop();
    }
}
