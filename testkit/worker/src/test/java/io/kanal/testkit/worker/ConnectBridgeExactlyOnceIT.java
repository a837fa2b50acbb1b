package io.kanal.testkit.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kanal.client.TopicPartition;
import io.kanal.client.consumer.Consumer;
import io.kanal.client.consumer.ConsumerRecord;
import io.kanal.client.serialization.StringDeserializer;
import io.kanal.runtime.isolation.connect.ConnectLayer;
import io.kanal.testkit.KafkaCluster;
import io.kanal.testkit.junit.WithKafkaCluster;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Connect source connector (compiled here against Apache's connect-api 4.3.1) that declares exactly-once support
 * and connector-defined transaction boundaries, run through the bridge on a distributed Kanal worker with {@code
 * exactly.once.source.support=enabled}:
 *
 * <ul>
 *   <li>{@code /config/validate} reports Connect's messages for each answer of {@code exactlyOnceSupport} (SUPPORTED,
 *       UNSUPPORTED, null) and {@code canDefineTransactionBoundaries} (SUPPORTED, UNSUPPORTED, null), and creating a
 *       connector that cannot run as required is refused;
 *   <li>with {@code transaction.boundary=connector}, the task's {@code transactionContext()} is there: it commits every
 *       {@value #COMMIT_EVERY} records and aborts every {@value #ABORT_EVERY}rd transaction, with all four methods of
 *       Connect's {@code TransactionContext}. A {@code read_committed} reader sees every sequence number of every
 *       committed transaction once and none of an aborted one, and the offsets topic holds only offsets of committed
 *       transactions;
 *   <li>with {@code transaction.boundary=poll}, {@code transactionContext()} is null (as in Connect) and each batch
 *       commits: every sequence number once;
 *   <li>across a clean restart of the worker and a SIGKILL in the middle of transactions, both resume from their
 *       committed offsets.
 * </ul>
 */
@WithKafkaCluster
class ConnectBridgeExactlyOnceIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String CONNECTOR = "com.acme.seq.SeqSourceConnector";
    private static final int TASKS = 2;
    private static final int PARTITIONS = 2;
    private static final int OFFSET_PARTITIONS = 5; // DistributedSettings' offset.storage.partitions
    private static final int COMMIT_EVERY = 10;
    private static final int ABORT_EVERY = 3;
    private static final int PROGRESS = 150;
    private static final String CONNECTOR_BOUNDARY = "bridged-eos-connector";
    private static final String POLL_BOUNDARY = "bridged-eos-poll";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final Map<String, String> SOURCES =
            Map.of("com/acme/seq/SeqSourceConnector.java", """
            package com.acme.seq;

            import java.util.ArrayList;
            import java.util.List;
            import java.util.Map;
            import org.apache.kafka.common.config.ConfigDef;
            import org.apache.kafka.connect.connector.Task;
            import org.apache.kafka.connect.source.ConnectorTransactionBoundaries;
            import org.apache.kafka.connect.source.ExactlyOnceSupport;
            import org.apache.kafka.connect.source.SourceConnector;

            /** A sequence per task; answers the exactly-once questions as its keys "eos" and "boundaries" say. */
            public class SeqSourceConnector extends SourceConnector {
                private Map<String, String> props;
                @Override public String version() { return "1.0-seq"; }
                @Override public void start(Map<String, String> props) { this.props = props; }
                @Override public Class<? extends Task> taskClass() { return SeqSourceTask.class; }
                @Override public List<Map<String, String>> taskConfigs(int max) {
                    List<Map<String, String>> configs = new ArrayList<>();
                    for (int i = 0; i < max; i++) {
                        Map<String, String> c = new java.util.HashMap<>(props);
                        c.put("task.id", Integer.toString(i));
                        configs.add(c);
                    }
                    return configs;
                }
                @Override public void stop() {}
                @Override public ConfigDef config() {
                    return new ConfigDef()
                            .define("topic", ConfigDef.Type.STRING, ConfigDef.Importance.HIGH, "target topic")
                            .define("commit.every", ConfigDef.Type.INT, 10, ConfigDef.Importance.LOW, "records")
                            .define("abort.every", ConfigDef.Type.INT, 0, ConfigDef.Importance.LOW, "transactions")
                            .define("eos", ConfigDef.Type.STRING, "SUPPORTED", ConfigDef.Importance.LOW, "answer")
                            .define("boundaries", ConfigDef.Type.STRING, "SUPPORTED", ConfigDef.Importance.LOW,
                                    "answer");
                }
                @Override public ExactlyOnceSupport exactlyOnceSupport(Map<String, String> config) {
                    String answer = config.getOrDefault("eos", "SUPPORTED");
                    return answer.equals("null") ? null : ExactlyOnceSupport.valueOf(answer);
                }
                @Override public ConnectorTransactionBoundaries canDefineTransactionBoundaries(
                        Map<String, String> config) {
                    String answer = config.getOrDefault("boundaries", "SUPPORTED");
                    return answer.equals("null") ? null : ConnectorTransactionBoundaries.valueOf(answer);
                }
            }
            """, "com/acme/seq/SeqSourceTask.java", """
            package com.acme.seq;

            import java.util.ArrayList;
            import java.util.List;
            import java.util.Map;
            import java.util.concurrent.CountDownLatch;
            import java.util.concurrent.TimeUnit;
            import org.apache.kafka.connect.data.Schema;
            import org.apache.kafka.connect.source.SourceRecord;
            import org.apache.kafka.connect.source.SourceTask;
            import org.apache.kafka.connect.source.TransactionContext;

            /**
             * Emits "<task>-<seq>" keys in batches of 7 from the offset after its committed one. With a transaction
             * context, ends a transaction after every commit.every-th record: aborts the abort.every-th transactions,
             * commits the others; through the no-argument methods when the boundary is the batch's last record,
             * naming the record otherwise. The value says whether the task had a context.
             */
            public class SeqSourceTask extends SourceTask {
                private static final int BATCH = 7;
                private String topic;
                private int task;
                private int commitEvery;
                private int abortEvery;
                private long next;
                private TransactionContext transactions;
                private final CountDownLatch stopped = new CountDownLatch(1);
                @Override public String version() { return "1.0-seq"; }
                @Override public void start(Map<String, String> props) {
                    topic = props.get("topic");
                    task = Integer.parseInt(props.get("task.id"));
                    commitEvery = Integer.parseInt(props.getOrDefault("commit.every", "10"));
                    abortEvery = Integer.parseInt(props.getOrDefault("abort.every", "0"));
                    transactions = context.transactionContext();
                    Map<String, Object> offset = context.offsetStorageReader().offset(Map.of("task", task));
                    next = offset == null ? 0 : ((Number) offset.get("seq")).longValue() + 1;
                }
                @Override public List<SourceRecord> poll() throws InterruptedException {
                    // paced, and done at once when stopped
                    if (stopped.await(10, TimeUnit.MILLISECONDS)) {
                        return null;
                    }
                    List<SourceRecord> out = new ArrayList<>(BATCH);
                    for (int i = 0; i < BATCH; i++) {
                        long seq = next++;
                        SourceRecord r = new SourceRecord(Map.of("task", task), Map.of("seq", seq), topic, null,
                                Schema.STRING_SCHEMA, task + "-" + seq, Schema.STRING_SCHEMA,
                                transactions == null ? "no-context" : "context");
                        out.add(r);
                        if (transactions != null && (seq + 1) % commitEvery == 0) {
                            boolean abort = abortEvery > 0 && (seq / commitEvery) % abortEvery == abortEvery - 1;
                            boolean last = i == BATCH - 1;
                            if (abort && last) {
                                transactions.abortTransaction();
                            } else if (abort) {
                                transactions.abortTransaction(r);
                            } else if (last) {
                                transactions.commitTransaction();
                            } else {
                                transactions.commitTransaction(r);
                            }
                        }
                    }
                    return out;
                }
                @Override public void stop() {
                    stopped.countDown();
                }
            }
            """);

    @TempDir
    Path dir;

    @Test
    void aBridgedConnectorDrivesItsTransactionsAndResumesFromCommittedOffsets(KafkaCluster kafka) throws Exception {
        Path plugins = Files.createDirectories(dir.resolve("plugins"));
        TestPluginCompiler.compile(
                Files.createDirectories(plugins.resolve("seq-connector")),
                SOURCES,
                Map.of("org.apache.kafka.connect.source.SourceConnector", List.of(CONNECTOR)));
        Pipelines.createTopic(kafka, CONNECTOR_BOUNDARY, PARTITIONS);
        Pipelines.createTopic(kafka, POLL_BOUNDARY, PARTITIONS);
        DistributedSettings settings = DistributedSettings.of(kafka.bootstrapServers(), "bridged-eos")
                .with(ConnectLayer.CONFIG, ConnectBridgeFileIT.layer().toString())
                .with("exactly.once.source.support", "enabled");
        KanalDistributedWorker worker = KanalDistributedWorker.create(settings, dir.resolve("kanal"), plugins);
        try {
            worker.start();
            ConnectRest rest = worker.rest();
            assertValidation(rest);

            rest.createConnector(CONNECTOR_BOUNDARY, connector(CONNECTOR_BOUNDARY, "connector"), WAIT);
            rest.createConnector(POLL_BOUNDARY, connector(POLL_BOUNDARY, "poll"), WAIT);
            rest.awaitRunning(CONNECTOR_BOUNDARY, TASKS, WAIT);
            rest.awaitRunning(POLL_BOUNDARY, TASKS, WAIT);
            assertRefused(rest);
            awaitProgress(kafka, PROGRESS);

            // A restart: the open transactions are aborted (connector boundary) or committed (poll) on the way out;
            // the tasks read their committed offsets back and go on right after them.
            worker.stop();
            long before = Math.min(
                    Tally.read(kafka, CONNECTOR_BOUNDARY, PARTITIONS, "read_committed")
                            .lowestHighest(),
                    Tally.read(kafka, POLL_BOUNDARY, PARTITIONS, "read_committed")
                            .lowestHighest());
            worker.start();
            rest.awaitRunning(CONNECTOR_BOUNDARY, TASKS, WAIT);
            rest.awaitRunning(POLL_BOUNDARY, TASKS, WAIT);
            awaitProgress(kafka, before + PROGRESS);

            // A SIGKILL in the middle of transactions: the restarted tasks fence the dead ones' producers (the same
            // transactional ids), whose open transactions are aborted, and resume after the last commit.
            worker.kill();
            before = Math.min(
                    Tally.read(kafka, CONNECTOR_BOUNDARY, PARTITIONS, "read_committed")
                            .lowestHighest(),
                    Tally.read(kafka, POLL_BOUNDARY, PARTITIONS, "read_committed")
                            .lowestHighest());
            worker.start();
            rest.awaitRunning(CONNECTOR_BOUNDARY, TASKS, WAIT);
            rest.awaitRunning(POLL_BOUNDARY, TASKS, WAIT);
            awaitProgress(kafka, before + PROGRESS);
            worker.stop();
        } finally {
            if (worker.isAlive()) {
                worker.stop();
            }
        }

        assertThat(transactionalIds(kafka))
                .as("each task wrote through its own transactional producer, named as Connect names it")
                .contains(
                        "bridged-eos-" + CONNECTOR_BOUNDARY + "-0",
                        "bridged-eos-" + CONNECTOR_BOUNDARY + "-1",
                        "bridged-eos-" + POLL_BOUNDARY + "-0",
                        "bridged-eos-" + POLL_BOUNDARY + "-1");
        Tally committed = Tally.read(kafka, CONNECTOR_BOUNDARY, PARTITIONS, "read_committed");
        Tally everything = Tally.read(kafka, CONNECTOR_BOUNDARY, PARTITIONS, "read_uncommitted");
        System.out.println("[bridged-eos] connector boundary, read_committed: " + committed);
        assertThat(committed.values).as("the task had a transaction context").containsOnly("context");
        assertThat(committed.duplicates).as("sequence numbers committed twice").isEmpty();
        for (int t = 0; t < TASKS; t++) {
            TreeSet<Long> expected = new TreeSet<>();
            for (long seq = 0; seq <= committed.highest(t); seq++) {
                if (!aborted(seq)) {
                    expected.add(seq);
                }
            }
            assertThat(committed.highest(t))
                    .as("task %d went on after the restart", t)
                    .isGreaterThan(3L * PROGRESS);
            assertThat(committed.seen.get(t))
                    .as("task %d: each sequence number of a committed transaction once, none of an aborted one", t)
                    .isEqualTo(expected);
            assertThat(everything.seen.get(t).stream().filter(ConnectBridgeExactlyOnceIT::aborted))
                    .as("task %d: the aborted transactions were written, then aborted", t)
                    .isNotEmpty();
        }
        Map<String, List<Long>> stored = storedOffsets(kafka, "bridged-eos-offsets");
        assertThat(stored.get(CONNECTOR_BOUNDARY))
                .as("offsets stored for the connector boundary: the last record of committed transactions only")
                .isNotEmpty()
                .allSatisfy(seq -> {
                    assertThat((seq + 1) % COMMIT_EVERY).isZero();
                    assertThat(aborted(seq)).isFalse();
                });

        Tally polled = Tally.read(kafka, POLL_BOUNDARY, PARTITIONS, "read_committed");
        System.out.println("[bridged-eos] poll boundary, read_committed: " + polled);
        assertThat(polled.values)
                .as("no transaction context for the poll boundary, as in Connect")
                .containsOnly("no-context");
        assertThat(polled.duplicates).as("sequence numbers committed twice").isEmpty();
        for (int t = 0; t < TASKS; t++) {
            assertThat(polled.seen.get(t))
                    .as("task %d: every sequence number", t)
                    .hasSize((int) polled.highest(t) + 1);
            assertThat(polled.highest(t))
                    .as("task %d went on after the restart", t)
                    .isGreaterThan(3L * PROGRESS);
        }
    }

    /** The transactional ids the cluster's transaction coordinators know. */
    static List<String> transactionalIds(KafkaCluster kafka) throws Exception {
        try (io.kanal.client.admin.AdminClient admin =
                io.kanal.client.admin.AdminClient.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            return admin.listTransactions().get(30, java.util.concurrent.TimeUnit.SECONDS).stream()
                    .map(io.kanal.client.admin.TransactionListing::transactionalId)
                    .toList();
        }
    }

    /** Connect's messages on {@code exactly.once.support} and {@code transaction.boundary} for each answer. */
    private static void assertValidation(ConnectRest rest) {
        String path = "connector-plugins/" + CONNECTOR + "/config/validate";
        Map<String, String> required = connector("v", "poll");
        required.put("exactly.once.support", "required");
        assertThat(errors(rest, path, with(required, "eos", "SUPPORTED"), "exactly.once.support"))
                .isEmpty();
        assertThat(errors(rest, path, with(required, "eos", "UNSUPPORTED"), "exactly.once.support"))
                .containsExactly(
                        "The connector does not support exactly-once semantics with the provided configuration.");
        assertThat(errors(rest, path, with(required, "eos", "null"), "exactly.once.support"))
                .singleElement()
                .asString()
                .startsWith("The connector does not implement the API required for preflight validation of"
                        + " exactly-once source support.");

        Map<String, String> boundary = connector("v", "connector");
        assertThat(errors(rest, path, with(boundary, "boundaries", "SUPPORTED"), "transaction.boundary"))
                .isEmpty();
        assertThat(errors(rest, path, with(boundary, "boundaries", "UNSUPPORTED"), "transaction.boundary"))
                .containsExactly("The connector does not support connector-defined transaction boundaries with the"
                        + " given configuration. Please reconfigure it to use a different transaction boundary"
                        + " definition.");
        assertThat(errors(rest, path, with(boundary, "boundaries", "null"), "transaction.boundary"))
                .singleElement()
                .asString()
                .startsWith("This connector has returned a null value from its canDefineTransactionBoundaries"
                        + " method, which is not permitted.");
    }

    /** Creating a connector that cannot run as required is refused (once the group has a leader to ask). */
    private static void assertRefused(ConnectRest rest) {
        Map<String, String> required = connector("v", "poll");
        required.put("exactly.once.support", "required");
        Map<String, Object> refused = new LinkedHashMap<>();
        refused.put("name", "refused");
        refused.put("config", with(required, "eos", "UNSUPPORTED"));
        ConnectRest.Response created = rest.post("connectors", refused);
        assertThat(created.status()).as(created.body()).isEqualTo(400);
        assertThat(created.body()).contains("does not support exactly-once semantics");
    }

    private static Map<String, String> connector(String topic, String boundary) {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("connector.class", CONNECTOR);
        c.put("tasks.max", Integer.toString(TASKS));
        c.put("topic", topic);
        c.put("exactly.once.support", "required");
        c.put("transaction.boundary", boundary);
        c.put("commit.every", Integer.toString(COMMIT_EVERY));
        c.put("abort.every", Integer.toString(ABORT_EVERY));
        return c;
    }

    private static Map<String, String> with(Map<String, String> config, String key, String value) {
        Map<String, String> c = new LinkedHashMap<>(config);
        c.put(key, value);
        return c;
    }

    private static List<String> errors(ConnectRest rest, String path, Map<String, String> config, String key) {
        ConnectRest.Response r = rest.put(path, config);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        for (JsonNode c : r.json().path("configs")) {
            if (c.path("value").path("name").asText().equals(key)) {
                List<String> errors = new ArrayList<>();
                c.path("value").path("errors").forEach(e -> errors.add(e.asText()));
                return errors;
            }
        }
        throw new AssertionError("no " + key + " in " + r.body());
    }

    /** Whether the connector boundary's task aborts the transaction holding this sequence number. */
    private static boolean aborted(long seq) {
        return (seq / COMMIT_EVERY) % ABORT_EVERY == ABORT_EVERY - 1;
    }

    private static void awaitProgress(KafkaCluster kafka, long beyond) {
        await("every task of both connectors commits beyond " + beyond)
                .atMost(WAIT)
                .pollInterval(Duration.ofMillis(500))
                .ignoreExceptionsInstanceOf(UncheckedIOException.class)
                .until(() -> Tally.read(kafka, CONNECTOR_BOUNDARY, PARTITIONS, "read_committed")
                                        .lowestHighest()
                                > beyond
                        && Tally.read(kafka, POLL_BOUNDARY, PARTITIONS, "read_committed")
                                        .lowestHighest()
                                > beyond);
    }

    /** Per connector, the sequence numbers in its committed offset records (Connect's key and value format). */
    private static Map<String, List<Long>> storedOffsets(KafkaCluster kafka, String offsetsTopic) throws Exception {
        Map<String, List<Long>> stored = new TreeMap<>();
        for (ConsumerRecord<String, String> r : readAll(kafka, offsetsTopic, OFFSET_PARTITIONS, "read_committed")) {
            if (r.value() == null) {
                continue;
            }
            String connector = JSON.readTree(r.key()).path(0).asText();
            stored.computeIfAbsent(connector, c -> new ArrayList<>())
                    .add(JSON.readTree(r.value()).path("seq").asLong());
        }
        return stored;
    }

    /** Every record of a topic from its start to the end offsets it has now, as a reader of this isolation sees it. */
    static List<ConsumerRecord<String, String>> readAll(
            KafkaCluster kafka, String topic, int partitions, String isolation) {
        Map<String, Object> config = new HashMap<>(kafka.clientProperties());
        config.put("isolation.level", isolation);
        config.put("auto.offset.reset", "earliest");
        config.put("enable.auto.commit", "false");
        List<ConsumerRecord<String, String>> out = new ArrayList<>();
        try (Consumer<String, String> consumer =
                Consumer.create(config, new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> all = new ArrayList<>();
            for (int p = 0; p < partitions; p++) {
                all.add(new TopicPartition(topic, p));
            }
            Map<TopicPartition, Long> ends = consumer.endOffsets(all, Duration.ofSeconds(30));
            consumer.assign(all);
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (!all.stream().allMatch(tp -> consumer.position(tp) >= ends.get(tp))) {
                assertThat(System.nanoTime())
                        .as("read %s to %s in time", topic, ends)
                        .isLessThan(deadline);
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.offset() < ends.get(r.topicPartition())) {
                        out.add(r);
                    }
                }
            }
        }
        return out;
    }

    /**
     * What a sequence topic holds.
     *
     * @param seen per task, its distinct sequence numbers
     * @param duplicates every {@code <task>-<seq>} key met again
     * @param values the distinct values
     */
    private record Tally(Map<Integer, TreeSet<Long>> seen, List<String> duplicates, TreeSet<String> values) {

        static Tally read(KafkaCluster kafka, String topic, int partitions, String isolation) {
            Map<Integer, TreeSet<Long>> seen = new TreeMap<>();
            List<String> duplicates = new ArrayList<>();
            TreeSet<String> values = new TreeSet<>();
            for (ConsumerRecord<String, String> r : readAll(kafka, topic, partitions, isolation)) {
                int dash = r.key().indexOf('-');
                int task = Integer.parseInt(r.key().substring(0, dash));
                long seq = Long.parseLong(r.key().substring(dash + 1));
                if (!seen.computeIfAbsent(task, t -> new TreeSet<>()).add(seq)) {
                    duplicates.add(r.key());
                }
                values.add(r.value());
            }
            return new Tally(seen, duplicates, values);
        }

        long highest(int task) {
            TreeSet<Long> s = seen.get(task);
            return s == null || s.isEmpty() ? -1 : s.last();
        }

        long lowestHighest() {
            long lowest = Long.MAX_VALUE;
            for (int t = 0; t < TASKS; t++) {
                lowest = Math.min(lowest, highest(t));
            }
            return lowest;
        }

        @Override
        public String toString() {
            StringBuilder out = new StringBuilder();
            seen.forEach((t, s) -> out.append("task ")
                    .append(t)
                    .append(": ")
                    .append(s.size())
                    .append(" numbers up to ")
                    .append(s.isEmpty() ? -1 : s.last())
                    .append("; "));
            return out.append(duplicates.size()).append(" duplicates").toString();
        }
    }
}
