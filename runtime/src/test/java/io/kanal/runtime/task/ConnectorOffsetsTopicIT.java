package io.kanal.runtime.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kanal.runtime.invoke.PluginInvoker;
import io.kanal.runtime.store.kafka.KafkaOffsetStore;
import io.kanal.runtime.store.kafka.KafkaStoreSettings;
import io.kanal.runtime.worker.ConnectorOffsetStores;
import io.kanal.runtime.worker.ConnectorOffsets;
import io.kanal.runtime.worker.WorkerResources;
import io.kanal.testkit.KafkaCluster;
import io.kanal.testkit.junit.WithKafkaCluster;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * KIP-618's connector-specific offsets topics with exactly-once source tasks, through the real task factory, the
 * worker's store registry and two real clusters: the worker's ({@code @WithKafkaCluster}) and a second one the
 * connector's producer writes to ({@code producer.override.bootstrap.servers}). The task's transactions hold its records
 * and its offsets on the producer's cluster; a restart and a new generation that fences a zombie mid-transaction resume
 * from that primary store (a stale offset planted in the worker's topic does not win), and the worker's global topic
 * receives a copy. With {@code offsets.storage.topic} on the worker's cluster, a connector that had offsets in the
 * global topic before resumes from them, and from its own topic afterwards.
 */
@WithKafkaCluster
class ConnectorOffsetsTopicIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Map<String, Object> PARTITION = Map.of("task", 0);

    private static KafkaCluster other;

    private PluginInvoker invoker;
    private WorkerResources clients;
    private KafkaOffsetStore global;
    private ConnectorOffsetStores stores;
    private Map<String, String> workerConfig;

    @BeforeAll
    static void startOtherCluster() {
        other = KafkaCluster.builder().name("ConnectorOffsetsTopicIT-b").build().start();
    }

    @AfterAll
    static void stopOtherCluster() {
        if (other != null) {
            other.close();
        }
    }

    @BeforeEach
    void setUp(KafkaCluster cluster) {
        invoker = PluginInvoker.builder().build();
        invoker.start();
        workerConfig = Map.of(
                "bootstrap.servers", cluster.bootstrapServers(),
                "group.id", "ofs-it",
                "config.storage.topic", "ofs-it-configs",
                "offset.storage.topic", "ofs-it-offsets",
                "status.storage.topic", "ofs-it-status",
                "offset.storage.replication.factor", "1",
                "offset.storage.partitions", "3",
                "offset.flush.interval.ms", "200",
                "connector.client.config.override.policy", "All",
                "exactly.once.source.support", "enabled");
        clients = new WorkerResources("ofs-it", workerConfig);
        global = new KafkaOffsetStore(KafkaStoreSettings.from(workerConfig), null);
        global.start();
        stores = new ConnectorOffsetStores(global, clients, workerConfig, true);
    }

    @AfterEach
    void tearDown() {
        stores.close();
        global.close();
        clients.close();
        invoker.stop();
    }

    private TaskRunner runner(String connector, int limit, Map<String, String> connectorConfig) {
        TaskRunner runner = ExactlyOnceFixtures.sourceRunner(
                invoker,
                clients,
                workerConfig,
                connector,
                new ExactlyOnceFixtures.Sequence(connector, limit, 10, (t, r) -> {}),
                connectorConfig,
                stores.forTask(connector, connectorConfig).offsets());
        runner.start();
        return runner;
    }

    private static long seq(java.util.Optional<Map<String, Object>> offset) {
        return offset.map(o -> ((Number) o.get("seq")).longValue()).orElse(-1L);
    }

    /** The task's committed sequence number in the given store (read to its end first). */
    private static long seq(KafkaOffsetStore store, String connector) {
        store.readToEnd(WAIT);
        return seq(store.offset(connector, PARTITION));
    }

    /** The offset a restarted task would read: the connector's primary store first. */
    private long resumeSeq(String connector, Map<String, String> connectorConfig) {
        try (ConnectorOffsetStores.Lease lease = stores.forTask(connector, connectorConfig)) {
            ConnectorOffsets offsets = lease.offsets();
            offsets.readToEnd(WAIT);
            Map<String, Object> o = offsets.offset(PARTITION);
            return o == null ? -1 : ((Number) o.get("seq")).longValue();
        }
    }

    /** An offsets store reading the given topic on the given cluster, as a separate observer. */
    private KafkaOffsetStore observer(KafkaCluster cluster, String topic) {
        Map<String, String> config = new HashMap<>(workerConfig);
        config.put("bootstrap.servers", cluster.bootstrapServers());
        config.put("offset.storage.topic", topic);
        KafkaOffsetStore store = new KafkaOffsetStore(KafkaStoreSettings.from(config), null);
        store.start();
        return store;
    }

    @Test
    void anExactlyOnceTaskOnAnotherClusterResumesFromItsOffsetsThereAndCopiesThemToTheWorkersTopic(KafkaCluster cluster)
            throws Exception {
        String connector = "ofs-remote";
        PipelineFixtures.createTopic(other, connector, 1);
        int limit = 6_000;
        Map<String, String> config = Map.of(
                "producer.override.bootstrap.servers", other.bootstrapServers(),
                "transaction.boundary", "interval",
                "transaction.boundary.interval.ms", "300");

        // a clean restart: the second run resumes from the primary store on the producer's cluster
        TaskRunner first = runner(connector, limit, config);
        await("the first run committed some").atMost(WAIT).until(() -> resumeSeq(connector, config) >= 1_000);
        first.stop();
        assertThat(first.taskState()).isEqualTo(TaskRunner.State.STOPPED);
        long stoppedAt = resumeSeq(connector, config);
        // a stale offset in the worker's global topic must not win over the primary's
        global.write(connector, Map.of(PARTITION, Map.of("seq", 100L)));

        TaskRunner second = runner(connector, limit, config);
        await("the second run committed more")
                .atMost(WAIT)
                .until(() -> resumeSeq(connector, config) >= stoppedAt + 1_000);
        // a new generation fences the second mid-transaction (a zombie still writing) and resumes after its commit
        TaskRunner third = runner(connector, limit, config);
        await("the zombie is fenced").atMost(WAIT).until(() -> second.taskState() == TaskRunner.State.FAILED);
        assertThat(second.failure().summary()).containsIgnoringCase("fenced");
        await("the third run wrote everything").atMost(WAIT).until(() -> resumeSeq(connector, config) == limit - 1);
        third.stop();
        second.stop();

        TreeMap<Long, Integer> seen = ExactlyOnceFixtures.read(other, connector, "read_committed");
        assertThat(seen).hasSize(limit);
        assertThat(seen.firstKey()).isZero();
        assertThat(seen.lastKey()).isEqualTo(limit - 1L);
        assertThat(seen.values()).as("copies per sequence number").containsOnly(1);
        // the offsets are in a topic named like the worker's, on the producer's cluster ...
        try (KafkaOffsetStore primary = observer(other, "ofs-it-offsets")) {
            assertThat(seq(primary, connector)).isEqualTo(limit - 1L);
        }
        // ... and the worker's global topic got the copy
        await("the copy in the worker's topic").atMost(WAIT).until(() -> seq(global, connector) == limit - 1L);
        System.out.printf(
                "[ofs] remote: %d sequence numbers once each on the producer's cluster; clean stop at %d%n",
                seen.size(), stoppedAt);
    }

    @Test
    void itsOwnTopicIsReadFirstAndTheGlobalOffsetsAreTheFallback(KafkaCluster cluster) throws Exception {
        String connector = "ofs-own";
        PipelineFixtures.createTopic(cluster, connector, 1);
        Map<String, String> config = Map.of("offsets.storage.topic", "ofs-own-offsets");
        // the connector ran before it had its own topic: its offsets are in the worker's
        global.write(connector, Map.of(PARTITION, Map.of("seq", 999L)));

        TaskRunner first = runner(connector, 3_000, config);
        await("the first run wrote up to its limit").atMost(WAIT).until(() -> resumeSeq(connector, config) == 2_999);
        first.stop();
        try (KafkaOffsetStore own = observer(cluster, "ofs-own-offsets")) {
            assertThat(seq(own, connector)).isEqualTo(2_999L);
        }
        await("the copy in the worker's topic").atMost(WAIT).until(() -> seq(global, connector) == 2_999L);

        // a stale offset in the worker's topic: the connector's own topic wins
        global.write(connector, Map.of(PARTITION, Map.of("seq", 1_500L)));
        TaskRunner second = runner(connector, 4_000, config);
        await("the second run wrote up to its limit").atMost(WAIT).until(() -> resumeSeq(connector, config) == 3_999);
        second.stop();

        TreeMap<Long, Integer> seen = ExactlyOnceFixtures.read(cluster, connector, "read_committed");
        assertThat(seen.firstKey()).as("resumed after the global offset").isEqualTo(1_000L);
        assertThat(seen.lastKey()).isEqualTo(3_999L);
        assertThat(seen).hasSize(3_000);
        assertThat(seen.values()).as("copies per sequence number").containsOnly(1);
    }

    @Test
    void aRegularTaskWithItsOwnTopicOnAnotherClusterWritesThereFirstAndCopiesToTheWorkersTopic() throws Exception {
        Map<String, String> atLeastOnce = new HashMap<>(workerConfig);
        atLeastOnce.put("exactly.once.source.support", "disabled");
        workerConfig = Map.copyOf(atLeastOnce);
        stores.close();
        stores = new ConnectorOffsetStores(global, clients, workerConfig, true);
        String connector = "ofs-alo";
        PipelineFixtures.createTopic(other, connector, 1);
        Map<String, String> config = Map.of(
                "producer.override.bootstrap.servers",
                other.bootstrapServers(),
                "offsets.storage.topic",
                "ofs-alo-offsets");

        TaskRunner first = runner(connector, 2_000, config);
        await("the first run flushed up to its limit").atMost(WAIT).until(() -> resumeSeq(connector, config) == 1_999);
        first.stop();
        try (KafkaOffsetStore own = observer(other, "ofs-alo-offsets")) {
            assertThat(seq(own, connector)).isEqualTo(1_999L);
        }
        await("the copy in the worker's topic").atMost(WAIT).until(() -> seq(global, connector) == 1_999L);

        // a stale offset in the worker's topic: the connector's own topic wins
        global.write(connector, Map.of(PARTITION, Map.of("seq", 500L)));
        TaskRunner second = runner(connector, 3_000, config);
        await("the second run flushed up to its limit").atMost(WAIT).until(() -> resumeSeq(connector, config) == 2_999);
        second.stop();

        TreeMap<Long, Integer> seen = ExactlyOnceFixtures.read(other, connector, "read_committed");
        assertThat(seen.firstKey()).isZero();
        assertThat(seen.lastKey()).isEqualTo(2_999L);
        assertThat(seen).hasSize(3_000);
        assertThat(seen.values()).as("copies per sequence number").containsOnly(1);
    }
}
