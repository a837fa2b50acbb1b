package io.kanal.runtime.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.kanal.api.source.SourceRecord;
import io.kanal.api.source.SourceTask;
import io.kanal.client.admin.AdminClient;
import io.kanal.client.admin.BatchResult;
import io.kanal.client.admin.FencedProducer;
import io.kanal.client.admin.TopicDescription;
import io.kanal.client.errors.Errors;
import io.kanal.client.errors.KafkaException;
import io.kanal.client.producer.Producer;
import io.kanal.client.producer.ProducerRecord;
import io.kanal.client.serialization.ByteArraySerializer;
import io.kanal.config.ConfigSpec;
import io.kanal.config.ParsedConfig;
import io.kanal.runtime.invoke.Owner;
import io.kanal.runtime.invoke.Plugin;
import io.kanal.runtime.invoke.PluginInvoker;
import io.kanal.runtime.invoke.Redactor;
import io.kanal.runtime.isolation.PluginPath;
import io.kanal.runtime.isolation.PluginRegistry;
import io.kanal.runtime.store.kafka.ConfigSnapshot;
import io.kanal.runtime.store.kafka.KafkaOffsetStore;
import io.kanal.runtime.store.kafka.KafkaStoreSettings;
import io.kanal.runtime.task.PipelineFixtures;
import io.kanal.runtime.task.TaskRunner;
import io.kanal.testkit.KafkaCluster;
import io.kanal.testkit.junit.WithKafkaCluster;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The connector-specific offsets stores against a real broker: a store lives as long as something holds it (the last
 * lease closes it, with its clients and tail thread), a read never creates a connector's topic, a store that starts
 * slowly blocks neither other connectors' stores nor a request beyond its wait, and the fencing before a change of
 * offsets fences a real zombie producer.
 */
@WithKafkaCluster
class ConnectorOffsetStoresIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Map<String, Object> PARTITION = Map.of("task", 0);

    private KafkaCluster cluster;
    private Map<String, String> workerConfig;
    private WorkerResources clients;
    private KafkaOffsetStore global;
    private ConnectorOffsetStores stores;
    private final List<AutoCloseable> closeables = new ArrayList<>();

    @BeforeEach
    void setUp(KafkaCluster cluster) {
        this.cluster = cluster;
        workerConfig = Map.of(
                "bootstrap.servers", cluster.bootstrapServers(),
                "group.id", "stores-it",
                "config.storage.topic", "stores-it-configs",
                "status.storage.topic", "stores-it-status",
                "offset.storage.topic", "stores-it-offsets",
                "offset.storage.replication.factor", "1",
                "offset.storage.partitions", "1",
                "connector.client.config.override.policy", "All");
        clients = new WorkerResources("stores-it", workerConfig);
        global = new KafkaOffsetStore(KafkaStoreSettings.from(workerConfig), null);
        global.start();
        stores = new ConnectorOffsetStores(global, clients, workerConfig, true);
    }

    @AfterEach
    void tearDown() throws Exception {
        stores.close();
        for (AutoCloseable c : closeables) {
            c.close();
        }
        global.close();
        clients.close();
    }

    private static Map<String, String> ownTopic(String topic) {
        return Map.of("connector.class", "SomeSource", "offsets.storage.topic", topic);
    }

    private static long seq(Map<String, Object> offset) {
        return ((Number) offset.get("seq")).longValue();
    }

    private static boolean tailing(String topic) {
        return Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.isAlive() && t.getName().equals("kanal-store-" + topic));
    }

    private boolean exists(String topic) throws Exception {
        try (AdminClient admin = AdminClient.create(Map.of("bootstrap.servers", cluster.bootstrapServers()))) {
            BatchResult<String, TopicDescription> described =
                    admin.describeTopics(List.of(topic)).get(30, TimeUnit.SECONDS);
            Optional<KafkaException> error = described.error(topic);
            if (error.isPresent() && error.get().error().orElse(null) == Errors.UNKNOWN_TOPIC_OR_PARTITION) {
                return false;
            }
            return error.isEmpty();
        }
    }

    @Test
    void aConnectorsOwnStoreIsClosedWithItsLastHolder() {
        Map<String, String> config = ownTopic("lifecycle-offsets");
        ConnectorOffsetStores.Lease task0 = stores.forTask("c", config);
        ConnectorOffsetStores.Lease task1 = stores.forTask("c", config);
        ConnectorOffsetStores.Reader connector = stores.reader("c", () -> config);
        assertThat(connector.offset(PARTITION)).isNull(); // the connector's reader holds the store too
        Map<Map<String, ?>, Map<String, ?>> write = Map.of(PARTITION, Map.of("seq", 1));
        task0.offsets().write(write).join();
        assertThat(tailing("lifecycle-offsets")).isTrue();

        task0.close();
        task1.close();
        assertThat(stores.openStores()).isEqualTo(1);
        assertThat(tailing("lifecycle-offsets")).isTrue();

        connector.close(); // the connector stopped or was deleted: nothing holds the store any more
        assertThat(stores.openStores()).isZero();
        await().atMost(WAIT).until(() -> !tailing("lifecycle-offsets"));

        // a new holder starts it again, with what the topic holds
        try (ConnectorOffsetStores.Lease again = stores.forTask("c", config)) {
            again.offsets().readToEnd(WAIT);
            assertThat(seq(again.offsets().offset(PARTITION))).isEqualTo(1);
        }
        await().atMost(WAIT).until(() -> !tailing("lifecycle-offsets"));
    }

    /** A source with nothing to read: its poll waits on its stop, as a real source waits for data. */
    private static final class IdleSource extends SourceTask {
        private final CountDownLatch stopped = new CountDownLatch(1);

        @Override
        public String version() {
            return "test";
        }

        @Override
        public ConfigSpec configSpec() {
            return ConfigSpec.builder().build();
        }

        @Override
        public void start(ParsedConfig config) {}

        @Override
        public List<SourceRecord> poll() throws InterruptedException {
            return stopped.await(100, TimeUnit.MILLISECONDS) ? List.of() : null;
        }

        @Override
        public void stop() {
            stopped.countDown();
        }
    }

    @Test
    void aSourceTaskHoldsItsConnectorsStoreUntilItsClientsAreClosed() {
        PluginInvoker invoker = PluginInvoker.builder().build();
        invoker.start();
        closeables.add(invoker::stop);
        Map<String, String> config = ownTopic("task-held-offsets");
        Owner owner = Owner.task("held", 0);
        ConnectorOffsetStores.Lease lease = stores.forTask("held", config);
        TaskRunner runner = new TaskFactory(invoker, clients, workerConfig)
                .source(
                        owner,
                        Plugin.of(owner, new IdleSource()),
                        config,
                        Map.of(),
                        PipelineFixtures.stringConverters(owner),
                        List.of(),
                        lease.offsets(),
                        lease.offsets(),
                        Redactor.NONE,
                        TaskRunner.Listener.NONE,
                        lease);
        runner.start();
        await().atMost(WAIT).until(() -> runner.taskState() == TaskRunner.State.RUNNING);
        assertThat(stores.openStores()).isEqualTo(1);

        runner.stop(); // the task's clients are closed, its hold with them

        assertThat(stores.openStores()).isZero();
        await().atMost(WAIT).until(() -> !tailing("task-held-offsets"));
    }

    @Test
    void aReadOfOffsetsNeverCreatesTheConnectorsTopic() throws Exception {
        try (PluginRegistry registry =
                PluginRegistry.load(PluginPath.empty(), PluginRegistry.Builtins.kanal("4.4.0"))) {
            WorkerOffsets offsets = new WorkerOffsets(
                    global, clients, new ConnectorConfigs(UnaryOperator.identity(), Set.of()), registry, stores);
            global.write("reader", Map.of(PARTITION, Map.of("seq", 4))); // a copy in the worker's topic

            Map<Map<String, Object>, Map<String, Object>> read =
                    offsets.source("reader", ownTopic("never-created-offsets"), Duration.ofSeconds(30));

            assertThat(read.values())
                    .singleElement()
                    .extracting(ConnectorOffsetStoresIT::seq)
                    .isEqualTo(4L);
            assertThat(exists("never-created-offsets")).isFalse();
            assertThat(stores.openStores()).isZero();

            // a change creates it, as Connect does
            assertThat(offsets.alterSource(
                            "reader", ownTopic("never-created-offsets"), Map.of(PARTITION, Map.of("seq", 5))))
                    .isEmpty();
            assertThat(exists("never-created-offsets")).isTrue();
            assertThat(offsets.source("reader", ownTopic("never-created-offsets"), Duration.ofSeconds(30))
                            .values())
                    .singleElement()
                    .extracting(ConnectorOffsetStoresIT::seq)
                    .isEqualTo(5L);
            assertThat(stores.openStores()).isZero(); // the requests' stores closed with them
        }
    }

    /** A "broker" that accepts connections and never answers: a store on it starts until its timeout. */
    private int silentBroker() throws IOException {
        ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        List<Socket> accepted = new ArrayList<>();
        Thread acceptor = new Thread(() -> {
            try {
                while (!server.isClosed()) {
                    accepted.add(server.accept());
                }
            } catch (IOException e) {
                // closed
            }
        });
        acceptor.setDaemon(true);
        acceptor.start();
        closeables.add(() -> {
            server.close();
            for (Socket s : accepted) {
                s.close();
            }
        });
        return server.getLocalPort();
    }

    @Test
    void aSlowStartBlocksNeitherOtherConnectorsNorARequestBeyondItsWait() throws Exception {
        Map<String, String> slow = new HashMap<>(ownTopic("slow-offsets"));
        slow.put("producer.override.bootstrap.servers", "127.0.0.1:" + silentBroker());
        // a task's hold keeps the slow store starting
        CompletableFuture<ConnectorOffsetStores.Lease> slowTask =
                CompletableFuture.supplyAsync(() -> stores.forTask("slow", slow));
        await().atMost(WAIT).until(() -> stores.openStores() == 1);

        long started = System.nanoTime();
        assertThatThrownBy(() -> stores.forRequest("slow", slow, Duration.ofMillis(300), false))
                .isInstanceOf(OffsetsStoreNotReadyException.class)
                .hasMessageContaining("slow-offsets")
                .hasMessageContaining("300 ms");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));

        // another connector's store starts and is read while the slow one is still starting
        try (ConnectorOffsetStores.Lease fast =
                stores.forRequest("fast", ownTopic("fast-offsets"), Duration.ofSeconds(30), true)) {
            fast.offsets().readToEnd(WAIT);
            assertThat(fast.offsets().all()).isEmpty();
        }
        assertThat(slowTask).isNotDone();
        stores.close(); // the slow start ends with its timeout; its store is closed then
        assertThat(slowTask).failsWithin(WAIT);
    }

    @Test
    void theFencingBeforeAChangeOfOffsetsFencesARunningZombieTask() {
        Map<String, Object> settings =
                Map.of("bootstrap.servers", cluster.bootstrapServers(), "transactional.id", "stores-it-zombie-1");
        Producer<byte[], byte[]> zombie =
                Producer.create(settings, new ByteArraySerializer(), new ByteArraySerializer());
        closeables.add(zombie);
        zombie.initTransactions();
        zombie.beginTransaction();
        zombie.send(ProducerRecord.of("stores-it-offsets", new byte[] {1}, new byte[] {1}))
                .join();
        ConfigSnapshot stopped = new ConfigSnapshot(
                5,
                Optional.empty(),
                Map.of(),
                Map.of(),
                Map.of("zombie", 0),
                Map.of(),
                Map.of("zombie", 2),
                Map.of(),
                Map.of(),
                Set.of(),
                Set.of());
        ZombieFencing.Cluster fencingCluster = new ZombieFencing.Cluster() {
            @Override
            public ConfigSnapshot readToEnd() {
                return stopped;
            }

            @Override
            public BatchResult<String, FencedProducer> fenceProducers(String connector, List<String> ids)
                    throws InterruptedException, java.util.concurrent.ExecutionException,
                            java.util.concurrent.TimeoutException {
                try (AdminClient admin = AdminClient.create(Map.of("bootstrap.servers", cluster.bootstrapServers()))) {
                    return admin.fenceProducers(ids).get(30, TimeUnit.SECONDS);
                }
            }

            @Override
            public void putTaskCountRecord(String connector, int taskCount) {
                throw new AssertionError("not written");
            }
        };

        new ClusterOffsetChangeFencing(
                        fencingCluster,
                        () -> "stores-it",
                        ZombieFencing.defaultRetry(Duration.ofSeconds(30)),
                        System::currentTimeMillis)
                .fence("zombie");

        assertThatThrownBy(zombie::commitTransaction).isInstanceOf(KafkaException.class);
    }
}
