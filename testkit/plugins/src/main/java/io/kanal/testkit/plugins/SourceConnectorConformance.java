package io.kanal.testkit.plugins;

import static org.assertj.core.api.Assertions.assertThat;

import io.kanal.api.connector.SourceConnector;
import io.kanal.api.source.SourceRecord;
import io.kanal.api.source.SourceTask;
import io.kanal.config.ParsedConfig;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The conformance suite of a source connector. Subclass it in the plugin's tests, once per connector:
 *
 * <pre>{@code
 * class FileStreamSourceConformanceTest extends SourceConnectorConformance {
 *     @TempDir Path dir;
 *
 *     protected Class<? extends SourceConnector> connectorClass() { return FileStreamSourceConnector.class; }
 *     protected Map<String, String> validConfig() { return Map.of("file", dir + "/in.txt", "topic", "lines"); }
 *     protected void makeDataAvailable(int count) throws IOException { ... append count lines ... }
 * }
 * }</pre>
 *
 * <p>On top of {@link ConnectorConformance}'s checks it runs the first task config's task as the runtime does and
 * checks: it starts, stops and starts again; an idle poll, an interrupted poll and stop return promptly; offsets
 * committed before a restart are resumed from, with no record repeated or skipped; every record's key, value and
 * headers go through the runtime's JSON converter and back unchanged; no thread outlives the task.
 *
 * <p>Threading: as {@link ConnectorConformance}.
 */
public abstract class SourceConnectorConformance extends ConnectorConformance<SourceConnector> {

    /** For subclasses. */
    protected SourceConnectorConformance() {}

    /**
     * Makes at least {@code count} new records' worth of data appear in the source (lines appended to a file, rows
     * inserted into a table). Called before the task first polls and again during the tests; a source that
     * generates its data itself does nothing.
     *
     * @param count how many records' worth
     * @throws Exception when the source cannot be written to
     */
    protected abstract void makeDataAvailable(int count) throws Exception;

    /**
     * How many records the tests ask for at each step.
     *
     * @return 20 by default
     */
    protected int recordCount() {
        return 20;
    }

    /**
     * What makes a record the same record when it is read again (for "no repeats, no loss"): by default its source
     * partition and source offset, which is right for a source whose offsets are unique per record (a file position,
     * an incrementing id); override for one whose offsets are not (a timestamp shared by rows): a table's key, say.
     *
     * @param record a polled record
     * @return its identity, with {@code equals} and {@code hashCode}
     */
    protected Object identityOf(SourceRecord record) {
        return Arrays.asList(record.sourcePartition(), record.sourceOffset());
    }

    /**
     * Whether a task started without offsets reads the same records again, in the same order per source partition
     * (a file, a table, a seeded generator; not a queue that hands each message out once). When it does, the restart
     * check compares the restarted run with such a reference run and so finds skipped records, not only repeated
     * ones.
     *
     * @return {@code true} by default
     */
    protected boolean replayable() {
        return true;
    }

    @Override
    final KitContexts.Connector connectorContext(CommittedOffsets offsets) {
        return new KitContexts.SourceConnector(offsets);
    }

    /** The task of the connector's first task config, started, polled, stopped; then again after a connector restart. */
    @Test
    public void taskStartsStopsAndStartsAgain() throws Exception {
        makeDataAvailable(recordCount());
        CommittedOffsets offsets = new CommittedOffsets();
        try (ConnectorDriver<SourceConnector> connector = connectorDriver(offsets);
                SourceTaskDriver tasks = new SourceTaskDriver(this)) {
            List<Map<String, String>> configs = connector.start();
            SourceTask first = tasks.start(taskClass(connector), configs.get(0), offsets);
            assertNoSecretIn(String.valueOf(first), "the started task's toString()");
            List<SourceRecord> read = tasks.pollAtLeast(first, 1);
            tasks.commit(first, read, offsets);
            tasks.stop(first);
            connector.stop();

            configs = connector.start();
            makeDataAvailable(recordCount());
            SourceTask second = tasks.start(taskClass(connector), configs.get(0), offsets);
            assertThat(tasks.pollAtLeast(second, 1))
                    .as("records from a task started after a restart")
                    .isNotEmpty();
            tasks.stop(second);
            connector.stop();
            assertThat(connector.raised()).as("errors the connector raised").isEmpty();
        }
    }

    /**
     * With no new data a poll returns within {@link #promptness()} (the runtime stops a task only between polls),
     * stop returns within it, and a poll whose thread is interrupted (as the runtime does to a task that does not
     * stop) ends within it.
     */
    @Test
    public void pollAndStopArePrompt() {
        CommittedOffsets offsets = new CommittedOffsets();
        try (ConnectorDriver<SourceConnector> connector = connectorDriver(offsets);
                SourceTaskDriver tasks = new SourceTaskDriver(this)) {
            List<Map<String, String>> configs = connector.start();
            SourceTask task = tasks.start(taskClass(connector), configs.get(0), offsets);
            tasks.poll(task); // bounded by promptness(): fails the test if it is not prompt
            tasks.stop(task);

            SourceTask interrupted = tasks.start(taskClass(connector), configs.get(0), offsets);
            tasks.interruptPoll(interrupted, promptness());
            tasks.stop(interrupted);
            connector.stop();
        }
    }

    /**
     * Records read and committed before a restart are not read again after it, and none is skipped: the restarted
     * run, per source partition, is the same sequence as a run that never stopped. Partitions and offsets go through
     * the offset store's JSON and back, as in the runtime.
     */
    @Test
    public void offsetsSurviveARestart() throws Exception {
        int count = recordCount();
        makeDataAvailable(count);
        CommittedOffsets offsets = new CommittedOffsets();
        List<SourceRecord> before;
        List<SourceRecord> after;
        try (ConnectorDriver<SourceConnector> connector = connectorDriver(offsets);
                SourceTaskDriver tasks = new SourceTaskDriver(this)) {
            List<Map<String, String>> configs = connector.start();
            SourceTask first = tasks.start(taskClass(connector), configs.get(0), offsets);
            before = tasks.pollAtLeast(first, count);
            tasks.commit(first, before, offsets);
            tasks.stop(first);
            assertThat(offsets.isEmpty())
                    .as("committed offsets: records carry a source partition and offset")
                    .isFalse();

            makeDataAvailable(count);
            SourceTask second = tasks.start(taskClass(connector), configs.get(0), offsets);
            after = tasks.pollAtLeast(second, count);
            tasks.commit(second, after, offsets);
            tasks.stop(second);

            List<Object> restarted = identities(concat(before, after));
            assertNoRepeats(restarted);
            if (replayable()) {
                SourceTask reference = tasks.start(taskClass(connector), configs.get(0), new CommittedOffsets());
                List<SourceRecord> straight = tasks.pollAtLeast(reference, before.size() + after.size());
                tasks.stop(reference);
                assertSameSequences(concat(before, after), straight);
            }
            connector.stop();
        }
    }

    /**
     * Every polled record's key, value and headers match their schemas and go through the runtime's {@code
     * JsonConverter} (schemas enabled) and back unchanged, and {@code STRING} ones through {@code StringConverter}.
     */
    @Test
    public void recordsCarrySchemasTheConvertersAccept() throws Exception {
        makeDataAvailable(recordCount());
        CommittedOffsets offsets = new CommittedOffsets();
        ConverterChecks converters = new ConverterChecks();
        try (ConnectorDriver<SourceConnector> connector = connectorDriver(offsets);
                SourceTaskDriver tasks = new SourceTaskDriver(this)) {
            List<Map<String, String>> configs = connector.start();
            SourceTask task = tasks.start(taskClass(connector), configs.get(0), offsets);
            List<SourceRecord> records = tasks.pollAtLeast(task, recordCount());
            tasks.stop(task);
            connector.stop();
            for (int i = 0; i < records.size(); i++) {
                converters.assertConvertible(records.get(i), "record " + i + " of " + records.size());
            }
        }
    }

    /**
     * The connector accepts, through {@code alterOffsets} (KIP-875, {@code PATCH /connectors/{name}/offsets}), the
     * offsets its own task committed, as the offset store gives them back, and a reset (a {@code null} offset); it
     * may answer either way, but must not throw.
     */
    @Test
    public void alterOffsetsAcceptsItsOwnOffsets() throws Exception {
        makeDataAvailable(recordCount());
        CommittedOffsets offsets = new CommittedOffsets();
        List<SourceRecord> records;
        try (ConnectorDriver<SourceConnector> connector = connectorDriver(offsets);
                SourceTaskDriver tasks = new SourceTaskDriver(this)) {
            List<Map<String, String>> configs = connector.start();
            SourceTask task = tasks.start(taskClass(connector), configs.get(0), offsets);
            records = tasks.pollAtLeast(task, 1);
            tasks.commit(task, records, offsets);
            tasks.stop(task);
            connector.stop();
        }
        SourceRecord last = records.get(records.size() - 1);
        Map<Map<String, ?>, Map<String, ?>> altered = new HashMap<>();
        altered.put(last.sourcePartition(), offsets.offset(last.sourcePartition()));
        Map<Map<String, ?>, Map<String, ?>> reset = new HashMap<>();
        reset.put(last.sourcePartition(), null);
        SourceConnector fresh = newConnector();
        fresh.initialize(connectorContext(new CommittedOffsets()));
        ParsedConfig config = fresh.configSpec().parse(connectorConfig());
        try (PluginThread thread = new PluginThread("kanal-connector-" + CONNECTOR_NAME)) {
            thread.call(
                    "alterOffsets() with the task's own offset",
                    callTimeout(),
                    () -> fresh.alterOffsets(config, altered));
            thread.call("alterOffsets() with a reset", callTimeout(), () -> fresh.alterOffsets(config, reset));
        }
    }

    /** Every thread that appeared while the connector and its task ran has ended soon after they stopped. */
    @Test
    public void noThreadOutlivesTheTask() throws Exception {
        makeDataAvailable(recordCount());
        CommittedOffsets offsets = new CommittedOffsets();
        try (ConnectorDriver<SourceConnector> connector = connectorDriver(offsets);
                SourceTaskDriver tasks = new SourceTaskDriver(this)) {
            ThreadLeaks threads = ThreadLeaks.snapshot();
            List<Map<String, String>> configs = connector.start();
            SourceTask task = tasks.start(taskClass(connector), configs.get(0), offsets);
            tasks.commit(task, tasks.pollAtLeast(task, 1), offsets);
            tasks.stop(task);
            connector.stop();
            threads.assertNoneLeft(threadsEndWithin(), this::mayOutliveTask);
        }
    }

    private static Class<? extends SourceTask> taskClass(ConnectorDriver<SourceConnector> connector) {
        Class<?> type = connector.connector().taskClass();
        assertThat(SourceTask.class.isAssignableFrom(type))
                .as("taskClass() of a source connector is a SourceTask: " + type)
                .isTrue();
        return type.asSubclass(SourceTask.class);
    }

    private List<Object> identities(List<SourceRecord> records) {
        return records.stream().map(this::identityOf).toList();
    }

    private static void assertNoRepeats(List<Object> identities) {
        Set<Object> seen = new HashSet<>();
        List<Object> repeated = new ArrayList<>();
        for (Object id : identities) {
            if (!seen.add(id)) {
                repeated.add(id);
            }
        }
        assertThat(repeated)
                .as("records read again after the restart (of " + identities.size() + ")")
                .isEmpty();
    }

    /** Per source partition, the restarted run's records are the reference run's, in order, as far as both go. */
    private void assertSameSequences(List<SourceRecord> restarted, List<SourceRecord> reference) {
        Map<String, List<Object>> got = byPartition(restarted);
        Map<String, List<Object>> want = byPartition(reference);
        for (Map.Entry<String, List<Object>> entry : got.entrySet()) {
            List<Object> mine = entry.getValue();
            List<Object> theirs = want.getOrDefault(entry.getKey(), List.of());
            int common = Math.min(mine.size(), theirs.size());
            assertThat(mine.subList(0, common))
                    .as("records of source partition " + entry.getKey() + " across a restart, against a run without"
                            + " one (a difference is a skipped or repeated record)")
                    .isEqualTo(theirs.subList(0, common));
        }
    }

    private Map<String, List<Object>> byPartition(List<SourceRecord> records) {
        Map<String, List<Object>> out = new LinkedHashMap<>();
        for (SourceRecord record : records) {
            out.computeIfAbsent(Objects.toString(record.sourcePartition()), p -> new ArrayList<>())
                    .add(identityOf(record));
        }
        return out;
    }
}
