package io.kanal.plugins.datagen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kanal.api.data.Schema;
import io.kanal.api.data.Struct;
import io.kanal.api.errors.PluginException;
import io.kanal.api.source.OffsetReader;
import io.kanal.api.source.SourceRecord;
import io.kanal.api.source.SourceTaskContext;
import io.kanal.api.source.TransactionContext;
import io.kanal.api.testing.FakeContexts;
import io.kanal.config.ConfigValidationException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class DatagenTaskTest {

    /** Time that moves only when the task sleeps or the test says so. */
    static final class FakeClock implements DatagenTask.Clock {
        long nanos = 1_000_000_000L;
        final List<Long> sleeps = new ArrayList<>();

        @Override
        public long nanoTime() {
            return nanos;
        }

        @Override
        public void sleep(long millis) {
            sleeps.add(millis);
            nanos += millis * 1_000_000;
        }

        void advanceMillis(long millis) {
            nanos += millis * 1_000_000;
        }
    }

    @Test
    void eachTaskHasItsOwnSequenceWithConnectStyleOffsetsAndKeys() throws Exception {
        List<Map<String, String>> configs = taskConfigs(Map.of("topic", "gen", "batch.size", "50"), 3);
        assertThat(configs).extracting(c -> c.get("task.id")).containsExactly("0", "1", "2");

        for (int t = 0; t < 3; t++) {
            List<SourceRecord> records =
                    start(configs.get(t), Map.of(), new FakeClock()).poll();
            assertThat(records).hasSize(50);
            for (int n = 0; n < records.size(); n++) {
                SourceRecord record = records.get(n);
                assertThat(record.topic()).isEqualTo("gen");
                assertThat(record.sourcePartition()).isEqualTo(Map.of("task", t));
                assertThat(record.sourceOffset()).isEqualTo(Map.of("seq", (long) n));
                assertThat(record.key()).isEqualTo(t + "-" + n);
                assertThat(record.keySchema()).isEqualTo(Schema.STRING_SCHEMA);
                Struct value = (Struct) record.value();
                assertThat(value.getInt32("task")).isEqualTo(t);
                assertThat(value.getInt64("seq")).isEqualTo(n);
            }
        }
    }

    @Test
    void recordNOfTaskTDependsOnlyOnSeedTaskAndN() throws Exception {
        Map<String, String> config = Map.of("topic", "gen", "seed", "42", "task.id", "1", "batch.size", "200");
        List<SourceRecord> first = start(config, Map.of(), new FakeClock()).poll();
        List<SourceRecord> again = start(config, Map.of(), new FakeClock()).poll();
        List<SourceRecord> otherSeed =
                start(with(config, "seed", "43"), Map.of(), new FakeClock()).poll();
        List<SourceRecord> otherTask =
                start(with(config, "task.id", "2"), Map.of(), new FakeClock()).poll();

        assertThat(values(again)).isEqualTo(values(first));
        assertThat(first.stream()
                        .map(r -> ((Struct) r.value()).getString("customer"))
                        .distinct()
                        .count())
                .as("varied data: 200 draws from 1000 customers")
                .isGreaterThan(150);
        for (int n = 0; n < first.size(); n++) {
            assertThat(otherSeed.get(n).value()).isNotEqualTo(first.get(n).value());
            assertThat(otherTask.get(n).value()).isNotEqualTo(first.get(n).value());
        }
    }

    @Test
    void aRestartedTaskResumesRightAfterTheCommittedSeqWithTheSameRecords() throws Exception {
        Map<String, String> config = Map.of("topic", "gen", "seed", "7", "task.id", "0", "batch.size", "100");
        List<SourceRecord> fresh = start(config, Map.of(), new FakeClock()).poll();

        DatagenTask resumed = start(config, Map.of(Map.of("task", 0), Map.of("seq", 41L)), new FakeClock());
        List<SourceRecord> after = resumed.poll();

        assertThat(after.get(0).sourceOffset()).isEqualTo(Map.of("seq", 42L));
        assertThat(values(after.subList(0, 58))).isEqualTo(values(fresh.subList(42, 100)));
        // A JSON store may hand back an Integer.
        assertThat(start(config, Map.of(Map.of("task", 0), Map.of("seq", 9)), new FakeClock())
                        .poll()
                        .get(0)
                        .key())
                .isEqualTo("0-10");
    }

    @Test
    void stopsProducingAtRecordsPerTaskAndIdlesWithoutBusyWaiting() throws Exception {
        Map<String, String> config =
                Map.of("topic", "gen", "task.id", "0", "records.per.task", "2500", "batch.size", "1000");
        FakeClock clock = new FakeClock();
        DatagenTask task = start(config, Map.of(), clock);

        assertThat(task.poll()).hasSize(1000);
        assertThat(task.poll()).hasSize(1000);
        List<SourceRecord> last = task.poll();
        assertThat(last).hasSize(500);
        assertThat(last.get(499).sourceOffset()).isEqualTo(Map.of("seq", 2499L));
        assertThat(clock.sleeps).isEmpty();

        assertThat(task.poll()).isEmpty();
        assertThat(clock.sleeps).containsExactly(DatagenTask.IDLE_MS);
        DatagenTask done = start(config, Map.of(Map.of("task", 0), Map.of("seq", 2499L)), new FakeClock());
        assertThat(done.poll()).isEmpty();
    }

    @Test
    void theRateIsKeptWithShortWaitsAndNoBurstAfterAStall() throws Exception {
        Map<String, String> config =
                Map.of("topic", "gen", "task.id", "0", "rate.per.task", "100", "batch.size", "1000");
        FakeClock clock = new FakeClock();
        DatagenTask task = start(config, Map.of(), clock);

        // Nothing is due at the start: poll waits for the first record (10 ms at 100/s), never longer than 100 ms.
        assertThat(task.poll()).hasSize(1);
        clock.advanceMillis(1000);
        assertThat(task.poll()).hasSize(100);

        long produced = 101;
        for (int i = 0; i < 500; i++) {
            produced += task.poll().size();
        }
        double seconds = (clock.nanos - 1_000_000_000L) / 1e9;
        assertThat(produced).isBetween((long) (seconds * 100) - 2, (long) (seconds * 100) + 2);
        assertThat(clock.sleeps).isNotEmpty().allSatisfy(ms -> assertThat(ms).isBetween(1L, DatagenTask.IDLE_MS));

        clock.advanceMillis(60_000); // a stall: only a second's worth comes at once
        assertThat(task.poll()).hasSize(100);
        assertThat(task.poll()).hasSizeLessThanOrEqualTo(1);
    }

    /** The requests a task made through its transaction context, in order, as "commit 9" or "abort 29". */
    static final class RecordingTransactions implements TransactionContext {
        final List<String> requests = new ArrayList<>();

        @Override
        public void commitTransaction() {
            requests.add("commit");
        }

        @Override
        public void commitTransaction(SourceRecord record) {
            requests.add("commit " + record.sourceOffset().get("seq"));
        }

        @Override
        public void abortTransaction() {
            requests.add("abort");
        }

        @Override
        public void abortTransaction(SourceRecord record) {
            requests.add("abort " + record.sourceOffset().get("seq"));
        }
    }

    @Test
    void endsATransactionAfterEveryBlockOfRecordsAbortingEveryMthWhateverThePolls() throws Exception {
        Map<String, String> config = Map.of(
                "topic",
                "gen",
                "task.id",
                "0",
                "batch.size",
                "7",
                "transaction.records",
                "10",
                "transaction.abort.every",
                "3");
        RecordingTransactions transactions = new RecordingTransactions();
        DatagenTask task = startWithTransactions(config, Map.of(), transactions);
        for (int i = 0; i < 10; i++) {
            task.poll(); // 70 records in polls of 7: the blocks end in the middle of polls
        }
        assertThat(transactions.requests)
                .containsExactly(
                        "commit 9", "commit 19", "abort 29", "commit 39", "commit 49", "abort 59", "commit 69");

        // Resumed after the last committed block (the offset of 49): the aborted block 50-59 is aborted again.
        RecordingTransactions again = new RecordingTransactions();
        DatagenTask resumed = startWithTransactions(config, Map.of(Map.of("task", 0), Map.of("seq", 49L)), again);
        List<SourceRecord> records = new ArrayList<>(resumed.poll());
        records.addAll(resumed.poll());
        assertThat(records.get(0).sourceOffset()).isEqualTo(Map.of("seq", 50L));
        assertThat(again.requests).containsExactly("abort 59");
    }

    @Test
    void definesNoBoundariesWithoutTransactionRecordsOrWithoutAContext() throws Exception {
        RecordingTransactions transactions = new RecordingTransactions();
        startWithTransactions(Map.of("topic", "gen", "task.id", "0", "batch.size", "100"), Map.of(), transactions)
                .poll();
        assertThat(transactions.requests).isEmpty();
        // Another boundary than connector: the runtime gives no context, and the task produces as usual.
        assertThat(start(Map.of("topic", "gen", "task.id", "0", "transaction.records", "10"), Map.of(), new FakeClock())
                        .poll())
                .hasSize(1000);
    }

    @ParameterizedTest
    @EnumSource(DatagenSchema.class)
    void everyValueMatchesItsSchema(DatagenSchema schema) throws Exception {
        Map<String, String> config =
                Map.of("topic", "gen", "task.id", "3", "schema", schema.configName(), "batch.size", "1000");
        List<SourceRecord> records = start(config, Map.of(), new FakeClock()).poll();

        assertThat(records).hasSize(1000).allSatisfy(r -> {
            assertThat(r.valueSchema()).isEqualTo(schema.schema());
            if (r.value() instanceof Struct struct) {
                assertThatCode(struct::validate).doesNotThrowAnyException();
                assertThat(struct.getInt32("task")).isEqualTo(3);
            } else {
                assertThat((String) r.value())
                        .startsWith(r.key() + " ")
                        .hasSize(r.key().toString().length() + 17);
            }
        });
    }

    @Test
    void badConfigurationsAndOffsetsNameTheirKey() {
        assertThatThrownBy(() -> DatagenConnector.SPEC.parse(Map.of("topic", "t", "schema", "xml")))
                .isInstanceOf(ConfigValidationException.class)
                .hasMessageContaining("schema");
        assertThatThrownBy(() -> DatagenConnector.SPEC.parse(Map.of("topic", "t", "records.per.task", "-2")))
                .isInstanceOf(ConfigValidationException.class)
                .hasMessageContaining("records.per.task");
        assertThatThrownBy(() -> DatagenConnector.SPEC.parse(Map.of("topic", "t", "rate.per.task", "-1")))
                .isInstanceOf(ConfigValidationException.class)
                .hasMessageContaining("rate.per.task");
        assertThatThrownBy(() -> DatagenConnector.TASK_SPEC.parse(Map.of("topic", "t")))
                .isInstanceOf(ConfigValidationException.class)
                .hasMessageContaining("task.id");
        assertThatThrownBy(() -> start(
                        Map.of("topic", "t", "task.id", "0"),
                        Map.of(Map.of("task", 0), Map.of("seq", "x")),
                        new FakeClock()))
                .isInstanceOf(PluginException.class)
                .hasMessageContaining("'seq' must be a whole number");
    }

    private static List<Map<String, String>> taskConfigs(Map<String, String> config, int maxTasks) {
        DatagenConnector connector = new DatagenConnector();
        connector.start(connector.configSpec().parse(config));
        return connector.taskConfigs(maxTasks);
    }

    private static DatagenTask start(
            Map<String, String> config, Map<Map<String, ?>, Map<String, Object>> committed, FakeClock clock) {
        DatagenTask task = new DatagenTask(clock);
        task.initialize(FakeContexts.source(config, committed));
        task.start(task.configSpec().parse(config));
        return task;
    }

    private static DatagenTask startWithTransactions(
            Map<String, String> config,
            Map<Map<String, ?>, Map<String, Object>> committed,
            TransactionContext transactions) {
        SourceTaskContext plain = FakeContexts.source(config, committed);
        DatagenTask task = new DatagenTask(new FakeClock());
        task.initialize(new SourceTaskContext() {
            @Override
            public Map<String, String> configs() {
                return plain.configs();
            }

            @Override
            public OffsetReader offsetReader() {
                return plain.offsetReader();
            }

            @Override
            public Optional<TransactionContext> transactionContext() {
                return Optional.of(transactions);
            }
        });
        task.start(task.configSpec().parse(config));
        return task;
    }

    private static Map<String, String> with(Map<String, String> config, String key, String value) {
        Map<String, String> copy = new HashMap<>(config);
        copy.put(key, value);
        return copy;
    }

    private static List<Object> values(List<SourceRecord> records) {
        return records.stream().map(SourceRecord::value).toList();
    }
}
