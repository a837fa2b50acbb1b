package io.kanal.testkit.plugins;

import static org.assertj.core.api.Assertions.assertThat;

import io.kanal.api.connector.SinkConnector;
import io.kanal.api.data.Schema;
import io.kanal.api.data.SchemaAndValue;
import io.kanal.api.data.SchemaBuilder;
import io.kanal.api.data.Struct;
import io.kanal.api.sink.SinkRecord;
import io.kanal.api.sink.SinkTask;
import io.kanal.api.sink.TimestampType;
import io.kanal.api.sink.TopicPartition;
import io.kanal.config.ParsedConfig;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * The conformance suite of a sink connector. Subclass it in the plugin's tests, once per connector:
 *
 * <pre>{@code
 * class FileStreamSinkConformanceTest extends SinkConnectorConformance {
 *     @TempDir Path dir;
 *
 *     protected Class<? extends SinkConnector> connectorClass() { return FileStreamSinkConnector.class; }
 *     protected Map<String, String> validConfig() { return Map.of("file", dir + "/out.txt"); }
 *     protected List<Object> writtenIdentities() throws IOException { ... one identity per line written ... }
 * }
 * }</pre>
 *
 * <p>The kit makes the records ({@link #record}, by default a struct {@code {id: int64, name: string}} with a string
 * key), puts each key and value through the runtime's JSON converter and back (what a sink task receives), and
 * reads what the sink wrote through {@link #writtenIdentities()}. On top of {@link ConnectorConformance}'s checks:
 * the task starts, writes, stops and starts again; put, preCommit and stop are prompt (and a put stuck on a stalled
 * destination ends when interrupted); offsets from {@code preCommit} never pass what was written, and after a
 * restart nothing is lost or, per {@link #delivery()}, written twice; no thread outlives the task.
 *
 * <p>Threading: as {@link ConnectorConformance}.
 */
public abstract class SinkConnectorConformance extends ConnectorConformance<SinkConnector> {

    /** The value schema of the default records: {@code {id: int64, name: string}}. */
    protected static final Schema ROW_SCHEMA = SchemaBuilder.struct()
            .name("io.kanal.conformance.Row")
            .field("id", Schema.INT64_SCHEMA)
            .field("name", Schema.STRING_SCHEMA)
            .build();

    private final ConverterChecks converters = new ConverterChecks();

    /** For subclasses. */
    protected SinkConnectorConformance() {}

    /**
     * The identities of what the sink has written so far, one per item written, duplicates included (for a table:
     * its id column; for an HTTP endpoint: the ids in the requests it received; for a file: its lines). Also called
     * before anything was written: an empty list when the destination (a table the sink creates, a file) does not
     * exist yet.
     *
     * @return the identities, comparable with {@link #identityOf}
     * @throws Exception when the destination cannot be read
     */
    protected abstract List<Object> writtenIdentities() throws Exception;

    /**
     * The topic the kit's records come from; the kit configures it as the runtime's {@code topics}.
     *
     * @return {@code conformance-topic} by default
     */
    protected String topic() {
        return "conformance-topic";
    }

    /**
     * The record at an offset, before the converters: by default a {@link #ROW_SCHEMA} struct with {@code id} =
     * {@code offset} and a {@code name}, keyed by the string {@code "key-<offset>"}.
     *
     * @param topic the topic
     * @param partition the partition
     * @param offset the offset
     * @return the record
     */
    protected SinkRecord record(String topic, int partition, long offset) {
        Struct value = new Struct(ROW_SCHEMA).put("id", offset).put("name", "row " + offset);
        return new SinkRecord(
                topic,
                partition,
                Schema.STRING_SCHEMA,
                "key-" + offset,
                ROW_SCHEMA,
                value,
                offset,
                1_700_000_000_000L + offset,
                TimestampType.CREATE_TIME,
                null);
    }

    /**
     * The identity of a record as {@link #writtenIdentities()} reports what it wrote for it: by default the {@code
     * id} field of a struct value, else the value itself.
     *
     * @param record a record as the task received it
     * @return its identity
     */
    protected Object identityOf(SinkRecord record) {
        if (record.value() instanceof Struct struct && struct.schema().field("id") != null) {
            return struct.get("id");
        }
        return record.value();
    }

    /**
     * What the sink promises for records delivered again after a restart.
     *
     * @return {@link SinkDelivery#AT_LEAST_ONCE} by default
     */
    protected SinkDelivery delivery() {
        return SinkDelivery.AT_LEAST_ONCE;
    }

    /**
     * Makes the destination stall (a WireMock delay, a table lock), so that a {@code put} blocks; the kit then
     * interrupts the task's thread and expects the put to end promptly. The returned handle ends the stall.
     *
     * @return the stall's handle, or empty (the default) when the destination cannot be stalled
     * @throws Exception when the stall cannot be set up
     */
    protected Optional<AutoCloseable> stallDestination() throws Exception {
        return Optional.empty();
    }

    /**
     * How many records the tests put at each step.
     *
     * @return 20 by default
     */
    protected int recordCount() {
        return 20;
    }

    @Override
    protected Map<String, String> runtimeConfig() {
        Map<String, String> runtime = super.runtimeConfig();
        runtime.put(SinkConnector.TOPICS_CONFIG, topic());
        return runtime;
    }

    @Override
    final KitContexts.Connector connectorContext(CommittedOffsets offsets) {
        return new KitContexts.SinkConnector();
    }

    /** A task writes what it is given; after a connector restart a new task writes too. */
    @Test
    public void taskStartsStopsAndStartsAgain() throws Exception {
        int count = recordCount();
        TopicPartition tp = new TopicPartition(topic(), 0);
        try (ConnectorDriver<SinkConnector> connector = connectorDriver(new CommittedOffsets());
                SinkTaskDriver tasks = new SinkTaskDriver(this)) {
            SinkTaskDriver.Started first =
                    tasks.start(taskClass(connector), connector.start().get(0));
            assertNoSecretIn(String.valueOf(first.task()), "the started task's toString()");
            tasks.open(first, tp);
            tasks.put(first, records(0, count));
            tasks.commitAll(first, tp, count, 0);
            tasks.close(first, tp);
            tasks.stop(first);
            connector.stop();

            SinkTaskDriver.Started second =
                    tasks.start(taskClass(connector), connector.start().get(0));
            tasks.open(second, tp);
            tasks.put(second, records(count, 2 * count));
            tasks.commitAll(second, tp, 2L * count, count);
            tasks.close(second, tp);
            tasks.stop(second);
            connector.stop();

            assertThat(writtenIdentities())
                    .as("what the sink wrote, across a restart")
                    .containsAll(identities(records(0, 2 * count)));
            assertThat(connector.raised()).as("errors the connector raised").isEmpty();
            assertThat(first.context().reported())
                    .as("records sent to the errant record reporter")
                    .isEmpty();
            assertThat(second.context().reported())
                    .as("records sent to the errant record reporter")
                    .isEmpty();
        }
    }

    /**
     * A put of the test's records, preCommit and stop return promptly; when the destination can be stalled, a put
     * stuck on it ends within {@link #promptness()} of the task's thread being interrupted, and stop is prompt after.
     */
    @Test
    public void putAndStopArePrompt() throws Exception {
        TopicPartition tp = new TopicPartition(topic(), 0);
        try (ConnectorDriver<SinkConnector> connector = connectorDriver(new CommittedOffsets());
                SinkTaskDriver tasks = new SinkTaskDriver(this)) {
            Map<String, String> config = connector.start().get(0);
            SinkTaskDriver.Started task = tasks.start(taskClass(connector), config);
            tasks.open(task, tp);
            // The runtime puts an empty batch whenever the consumer brought nothing: a no-op, at once.
            tasks.thread()
                    .run("put() of no records", promptness(), () -> task.task().put(List.of()));
            assertThat(writtenIdentities()).as("what an empty put() wrote").isEmpty();
            tasks.thread().run("put()", promptness(), () -> task.task().put(records(0, recordCount())));
            tasks.thread().call("preCommit()", promptness(), () -> task.task().preCommit(Map.of()));
            tasks.close(task, tp);
            tasks.stop(task);

            Optional<AutoCloseable> stall = stallDestination();
            if (stall.isPresent()) {
                SinkTaskDriver.Started stuck = tasks.start(taskClass(connector), config);
                tasks.open(stuck, tp);
                AutoCloseable stalled = stall.get();
                try {
                    Future<Void> put = tasks.thread().start(() -> {
                        stuck.task().put(records(recordCount(), 2 * recordCount()));
                        return null;
                    });
                    tasks.thread().interrupt();
                    try {
                        tasks.thread().await("put() on a stalled destination, interrupted", promptness(), put);
                    } catch (AssertionError e) {
                        if (!put.isDone()) {
                            throw e;
                        }
                        // Ending with an exception is a prompt end too.
                    }
                } finally {
                    stalled.close();
                }
                tasks.stop(stuck);
            }
            connector.stop();
        }
    }

    /**
     * Offsets from {@code preCommit} never pass what was written; after a restart without a final commit, the
     * records past the committed offset are delivered again (from where the task asks, if it rewinds in {@code
     * open}) and the destination holds every record, none of the committed ones twice, and, for {@link
     * SinkDelivery#EXACTLY_ONCE}, none twice at all.
     */
    @Test
    public void offsetsSurviveARestart() throws Exception {
        int count = recordCount();
        long end = 2L * count;
        TopicPartition tp = new TopicPartition(topic(), 0);
        try (ConnectorDriver<SinkConnector> connector = connectorDriver(new CommittedOffsets());
                SinkTaskDriver tasks = new SinkTaskDriver(this)) {
            Map<String, String> config = connector.start().get(0);
            SinkTaskDriver.Started first = tasks.start(taskClass(connector), config);
            long from = tasks.open(first, tp).orElse(0L);
            assertThat(from).as("the offset a fresh task asks to start from").isZero();
            tasks.put(first, records(0, count));
            long committed = tasks.preCommit(first, tp, count, 0);
            assertThat(committed)
                    .as("the offset preCommit() commits after " + count + " records were put")
                    .isBetween(0L, (long) count);
            assertThat(writtenIdentities())
                    .as("what the sink wrote when preCommit() committed offset " + committed)
                    .containsAll(identities(records(0, committed)));
            tasks.put(first, records(count, end));
            // A restart without a final commit, as after a crash: the records past `committed` come again.
            tasks.close(first, tp);
            tasks.stop(first);

            SinkTaskDriver.Started second = tasks.start(taskClass(connector), config);
            long resume = tasks.open(second, tp).orElse(committed);
            assertThat(resume)
                    .as("the offset a restarted task asks to resume from")
                    .isBetween(0L, end);
            if (resume < end) {
                tasks.put(second, records(resume, end));
            }
            long last = tasks.commitAll(second, tp, end, committed);
            assertThat(last).as("the offset committed after the restart").isBetween(committed, end);
            tasks.close(second, tp);
            tasks.stop(second);
            connector.stop();

            assertDelivered(writtenIdentities(), records(0, end), Math.min(committed, resume));
            assertThat(first.context().reported())
                    .as("records sent to the errant record reporter")
                    .isEmpty();
            assertThat(second.context().reported())
                    .as("records sent to the errant record reporter")
                    .isEmpty();
        }
    }

    /**
     * The connector accepts, through {@code alterOffsets} (KIP-875), a consumer offset and a reset (a {@code null}
     * offset) for one of its topic's partitions; it may answer either way, but must not throw.
     */
    @Test
    public void alterOffsetsAcceptsConsumerOffsets() {
        TopicPartition tp = new TopicPartition(topic(), 0);
        Map<TopicPartition, Long> reset = new HashMap<>();
        reset.put(tp, null);
        SinkConnector fresh = newConnector();
        fresh.initialize(connectorContext(new CommittedOffsets()));
        ParsedConfig config = fresh.configSpec().parse(connectorConfig());
        try (PluginThread thread = new PluginThread("kanal-connector-" + CONNECTOR_NAME)) {
            thread.call(
                    "alterOffsets() with an offset", callTimeout(), () -> fresh.alterOffsets(config, Map.of(tp, 5L)));
            thread.call("alterOffsets() with a reset", callTimeout(), () -> fresh.alterOffsets(config, reset));
        }
    }

    /** Every thread that appeared while the connector and its task ran has ended soon after they stopped. */
    @Test
    public void noThreadOutlivesTheTask() {
        TopicPartition tp = new TopicPartition(topic(), 0);
        try (ConnectorDriver<SinkConnector> connector = connectorDriver(new CommittedOffsets());
                SinkTaskDriver tasks = new SinkTaskDriver(this)) {
            ThreadLeaks threads = ThreadLeaks.snapshot();
            SinkTaskDriver.Started task =
                    tasks.start(taskClass(connector), connector.start().get(0));
            tasks.open(task, tp);
            tasks.put(task, records(0, recordCount()));
            tasks.preCommit(task, tp, recordCount(), 0);
            tasks.close(task, tp);
            tasks.stop(task);
            connector.stop();
            threads.assertNoneLeft(threadsEndWithin(), this::mayOutliveTask);
        }
    }

    private void assertDelivered(List<Object> written, List<SinkRecord> sent, long redeliveredFrom) {
        Map<Object, Integer> times = new HashMap<>();
        written.forEach(id -> times.merge(id, 1, Integer::sum));
        List<Object> lost = new ArrayList<>();
        List<Object> twice = new ArrayList<>();
        for (SinkRecord record : sent) {
            Object id = identityOf(record);
            int n = times.getOrDefault(id, 0);
            if (n == 0) {
                lost.add(id);
            }
            boolean mayRepeat = delivery() == SinkDelivery.AT_LEAST_ONCE && record.kafkaOffset() >= redeliveredFrom;
            if (n > (mayRepeat ? 2 : 1)) {
                twice.add(id);
            }
            times.remove(id);
        }
        assertThat(lost).as("records lost across a restart").isEmpty();
        assertThat(twice)
                .as("records written more often than " + delivery() + " allows (committed before the restart: offsets"
                        + " below " + redeliveredFrom + ")")
                .isEmpty();
        assertThat(times.keySet()).as("written items that match no record sent").isEmpty();
    }

    /** Records {@code [from, to)} of partition 0, as the runtime's JSON converter hands them to a task. */
    private List<SinkRecord> records(long from, long to) {
        List<SinkRecord> out = new ArrayList<>();
        for (long offset = from; offset < to; offset++) {
            SinkRecord made = record(topic(), 0, offset);
            SchemaAndValue key = converters.throughJson(made.topic(), made.keySchema(), made.key());
            SchemaAndValue value = converters.throughJson(made.topic(), made.valueSchema(), made.value());
            out.add(made.newRecord(
                    made.topic(),
                    made.kafkaPartition(),
                    key.schema(),
                    key.value(),
                    value.schema(),
                    value.value(),
                    made.timestamp(),
                    made.headers()));
        }
        return out;
    }

    private List<Object> identities(List<SinkRecord> records) {
        return records.stream().map(this::identityOf).toList();
    }

    private static Class<? extends SinkTask> taskClass(ConnectorDriver<SinkConnector> connector) {
        Class<?> type = connector.connector().taskClass();
        assertThat(SinkTask.class.isAssignableFrom(type))
                .as("taskClass() of a sink connector is a SinkTask: " + type)
                .isTrue();
        return type.asSubclass(SinkTask.class);
    }
}
