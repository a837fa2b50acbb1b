package io.kanal.plugins.jdbc.source;

import static io.kanal.plugins.jdbc.source.SourceTaskHarness.committed;
import static io.kanal.plugins.jdbc.source.SourceTaskHarness.ids;
import static io.kanal.plugins.jdbc.source.SourceTaskHarness.pollAtLeast;
import static io.kanal.plugins.jdbc.source.SourceTaskHarness.pollRest;
import static io.kanal.plugins.jdbc.source.SourceTaskHarness.start;
import static io.kanal.plugins.jdbc.source.SourceTaskHarness.startOnly;
import static io.kanal.plugins.jdbc.source.SourceTaskHarness.taskConfigs;
import static io.kanal.plugins.jdbc.source.SourceTaskHarness.value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kanal.api.errors.PluginException;
import io.kanal.api.errors.RetriableException;
import io.kanal.api.source.SourceRecord;
import io.kanal.plugins.jdbc.dialect.TableId;
import io.kanal.testkit.postgres.PostgresServer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Each mode of the JDBC source against a real PostgreSQL, driving tasks directly with committed offsets. */
class JdbcSourceModesIT {

    private static PostgresServer postgres;
    private static SourceTaskHarness db;

    @BeforeAll
    static void startPostgres() {
        postgres = PostgresServer.start();
        db = new SourceTaskHarness(postgres);
    }

    @AfterAll
    static void stopPostgres() {
        postgres.close();
    }

    @Test
    void bulkModeCopiesEveryTableWholeAtEveryRun() throws Exception {
        db.sql(
                "CREATE SCHEMA bulk",
                "CREATE TABLE bulk.a (id int NOT NULL, name text)",
                "CREATE TABLE bulk.b (id int NOT NULL)",
                "INSERT INTO bulk.a VALUES (1, 'x'), (2, 'y'), (3, NULL)",
                "INSERT INTO bulk.b VALUES (10), (20)");
        JdbcSourceTask task = startOnly(db.config("bulk", "bulk"));
        try {
            List<SourceRecord> records = pollAtLeast(task, 10); // two runs of both tables
            List<SourceRecord> a =
                    records.stream().filter(r -> r.topic().equals("pg-a")).toList();
            assertThat(ids(a.subList(0, 3))).containsExactlyInAnyOrder(1, 2, 3);
            assertThat(ids(records.stream()
                            .filter(r -> r.topic().equals("pg-b"))
                            .toList()))
                    .contains(10, 20);
            SourceRecord first = a.get(0);
            assertThat(first.sourcePartition()).isEqualTo(Map.of("protocol", "1", "table", "postgres.bulk.a"));
            assertThat(first.sourceOffset()).isNull();
            assertThat(first.key()).isNull();
            assertThat(first.valueSchema().name()).isEqualTo("a");
            assertThat(first.valueSchema().field("name").schema().isOptional()).isTrue();
            assertThat(first.valueSchema().field("id").schema().isOptional()).isFalse();
        } finally {
            task.stop();
        }
    }

    @Test
    void incrementingModePicksUpNewRowsAndARestartNeitherLosesNorRepeatsAny() throws Exception {
        db.sql(
                "CREATE SCHEMA inc",
                "CREATE TABLE inc.events (id serial PRIMARY KEY, payload text NOT NULL)",
                "INSERT INTO inc.events (payload) SELECT 'e' || g FROM generate_series(1, 10) g");
        // No incrementing.column.name: the serial column is found through the metadata.
        Map<String, String> config = db.config("inc", "incrementing");
        Map<String, String> taskConfig = taskConfigs(config, 1).get(0);
        JdbcSourceTask task = start(taskConfig, Map.of());
        List<SourceRecord> seen = new ArrayList<>();
        try {
            seen.addAll(pollAtLeast(task, 10));
            assertThat(ids(seen)).containsExactlyElementsOf(range(1, 10));
            assertThat(seen.get(9).sourceOffset()).isEqualTo(Map.of("incrementing", 10L));

            db.sql("INSERT INTO inc.events (payload) SELECT 'e' || g FROM generate_series(11, 15) g");
            seen.addAll(pollAtLeast(task, 5));
            assertThat(ids(seen)).containsExactlyElementsOf(range(1, 15));
        } finally {
            task.stop();
        }
        // Only records up to id 12 were acknowledged before the task went away; more rows arrive meanwhile.
        Map<Map<String, ?>, Map<String, Object>> committed = committed(seen.subList(0, 12));
        db.sql("INSERT INTO inc.events (payload) SELECT 'e' || g FROM generate_series(16, 17) g");
        JdbcSourceTask restarted = start(taskConfig, committed);
        try {
            List<SourceRecord> after = pollAtLeast(restarted, 5);
            after.addAll(pollRest(restarted));
            assertThat(ids(after)).containsExactlyElementsOf(range(13, 17));
        } finally {
            restarted.stop();
        }
    }

    @Test
    void offsetsStoredUnderTheEstablishedConnectorsOlderPartitionsAreResumedFrom() throws Exception {
        db.sql(
                "CREATE SCHEMA legacy",
                "CREATE TABLE legacy.a (id int PRIMARY KEY)",
                "CREATE TABLE legacy.b (id int PRIMARY KEY)",
                "INSERT INTO legacy.a SELECT g FROM generate_series(1, 5) g",
                "INSERT INTO legacy.b SELECT g FROM generate_series(1, 5) g");
        Map<String, String> taskConfig = taskConfigs(
                        db.config("legacy", "incrementing", "incrementing.column.name", "id"), 1)
                .get(0);
        Map<Map<String, ?>, Map<String, Object>> stored = Map.of(
                Map.of("table", "a"), Map.of("incrementing", 3L),
                Map.of("protocol", "1", "table", "legacy.b"), Map.of("incrementing", 4));
        JdbcSourceTask task = start(taskConfig, stored);
        try {
            List<SourceRecord> records = pollAtLeast(task, 3);
            records.addAll(pollRest(task));
            assertThat(ids(records.stream()
                            .filter(r -> r.topic().equals("pg-a"))
                            .toList()))
                    .containsExactly(4, 5);
            assertThat(ids(records.stream()
                            .filter(r -> r.topic().equals("pg-b"))
                            .toList()))
                    .containsExactly(5);
            assertThat(records.get(0).sourcePartition().get("protocol")).isEqualTo("1");
        } finally {
            task.stop();
        }
    }

    @Test
    void timestampModeWaitsForTheDelayAndResumesExactlyAtMicroseconds() throws Exception {
        db.sql(
                "CREATE SCHEMA ts",
                "CREATE TABLE ts.items (id int NOT NULL, updated_at timestamp(6) NOT NULL)",
                "INSERT INTO ts.items VALUES (1, '2026-01-01 00:00:00.123456'), (2, '2026-01-01 00:00:00.123457'),"
                        + " (3, '2026-01-01 00:00:00.123457'), (4, (now() AT TIME ZONE 'UTC') - interval '5 seconds')");
        Map<String, String> config = db.config(
                "ts", "timestamp", "timestamp.column.name", "updated_at", "timestamp.delay.interval.ms", "600000");
        Map<String, String> taskConfig = taskConfigs(config, 1).get(0);
        JdbcSourceTask task = start(taskConfig, Map.of());
        List<SourceRecord> seen;
        try {
            seen = pollAtLeast(task, 3);
            seen.addAll(pollRest(task));
            // Row 4 is younger than the 10-minute delay: not yet.
            assertThat(ids(seen)).containsExactly(1, 2, 3);
            Instant first = Instant.parse("2026-01-01T00:00:00.123456Z");
            assertThat(seen.get(0).sourceOffset())
                    .isEqualTo(Map.of("timestamp", first.toEpochMilli(), "timestamp_nanos", 123_456_000L));
            // Rows 2 and 3 share a timestamp: row 2's offset stays at row 1's, row 3's completes the group.
            assertThat(seen.get(1).sourceOffset()).isEqualTo(seen.get(0).sourceOffset());
            assertThat(seen.get(2).sourceOffset().get("timestamp_nanos")).isEqualTo(123_457_000L);

            db.sql("UPDATE ts.items SET updated_at = (now() AT TIME ZONE 'UTC') - interval '1 hour' WHERE id = 4");
            List<SourceRecord> later = pollAtLeast(task, 1);
            assertThat(ids(later)).containsExactly(4);
        } finally {
            task.stop();
        }
        // Resuming from row 1's offset reads the rows one microsecond later, and not row 1 again.
        JdbcSourceTask restarted = start(taskConfig, committed(seen.subList(0, 1)));
        try {
            List<SourceRecord> after = pollAtLeast(restarted, 3);
            after.addAll(pollRest(restarted));
            assertThat(ids(after)).containsExactly(2, 3, 4);
        } finally {
            restarted.stop();
        }
    }

    @Test
    void timestampIncrementingModeResumesWithinEqualTimestampsAndRereadsChangedRows() throws Exception {
        db.sql(
                "CREATE SCHEMA tsi",
                "CREATE TABLE tsi.orders (id bigserial PRIMARY KEY, status text,"
                        + " modified timestamptz NOT NULL DEFAULT '2026-06-01 12:00:00+02')",
                "INSERT INTO tsi.orders (status) SELECT 'new' FROM generate_series(1, 4)");
        Map<String, String> config = db.config(
                "tsi", "timestamp+incrementing", "timestamp.column.name", "modified", "incrementing.column.name", "id");
        Map<String, String> taskConfig = taskConfigs(config, 1).get(0);
        JdbcSourceTask task = start(taskConfig, Map.of());
        List<SourceRecord> seen;
        try {
            seen = pollAtLeast(task, 4);
            assertThat(seen.stream().map(r -> value(r).getInt64("id")).toList()).containsExactly(1L, 2L, 3L, 4L);
            Instant modified = Instant.parse("2026-06-01T10:00:00Z");
            assertThat(seen.get(1).sourceOffset())
                    .isEqualTo(Map.of("incrementing", 2L, "timestamp", modified.toEpochMilli(), "timestamp_nanos", 0L));
        } finally {
            task.stop();
        }
        db.sql("UPDATE tsi.orders SET status = 'paid', modified = '2026-06-02 00:00:00+00' WHERE id = 1");
        JdbcSourceTask restarted = start(taskConfig, committed(seen.subList(0, 2)));
        try {
            List<SourceRecord> after = pollAtLeast(restarted, 3);
            after.addAll(pollRest(restarted));
            assertThat(after.stream().map(r -> value(r).getInt64("id")).toList())
                    .containsExactly(3L, 4L, 1L);
            assertThat(value(after.get(2)).getString("status")).isEqualTo("paid");
        } finally {
            restarted.stop();
        }
    }

    @Test
    void aCustomQueryInBulkModeRunsAsWrittenOnEveryPoll() throws Exception {
        db.sql(
                "CREATE SCHEMA qb",
                "CREATE TABLE qb.people (id int NOT NULL, name text NOT NULL)",
                "INSERT INTO qb.people VALUES (1, 'ann'), (2, 'bob')");
        Map<String, String> config = db.config(
                "qb",
                "bulk",
                "topic.prefix",
                "everyone",
                "query",
                "SELECT id, name FROM qb.people WHERE id > 0 ORDER BY id");
        JdbcSourceTask task = start(taskConfigs(config, 1).get(0), Map.of());
        try {
            List<SourceRecord> records = pollAtLeast(task, 2);
            assertThat(ids(records).subList(0, 2)).containsExactly(1, 2);
            assertThat(records).allSatisfy(r -> assertThat(r.topic()).isEqualTo("everyone"));
        } finally {
            task.stop();
        }
    }

    @Test
    void aCustomQueryRunsInOneTaskIntoThePrefixTopic() throws Exception {
        db.sql(
                "CREATE SCHEMA q",
                "CREATE TABLE q.people (id int NOT NULL, name text NOT NULL, hidden boolean NOT NULL)",
                "INSERT INTO q.people VALUES (1, 'ann', false), (2, 'bob', true), (3, 'cy', false)");
        Map<String, String> config = db.config(
                "q",
                "incrementing",
                "incrementing.column.name",
                "id",
                "topic.prefix",
                "people",
                "query",
                "SELECT id, upper(name) AS name FROM q.people WHERE NOT hidden");
        List<Map<String, String>> configs = taskConfigs(config, 4);
        assertThat(configs).hasSize(1);
        JdbcSourceTask task = start(configs.get(0), Map.of());
        try {
            List<SourceRecord> records = pollAtLeast(task, 2);
            records.addAll(pollRest(task));
            assertThat(ids(records)).containsExactly(1, 3);
            assertThat(records).allSatisfy(r -> {
                assertThat(r.topic()).isEqualTo("people");
                assertThat(r.sourcePartition()).isEqualTo(Map.of("query", "query"));
                assertThat(r.valueSchema().name()).isNull();
            });
            assertThat(value(records.get(1)).getString("name")).isEqualTo("CY");
        } finally {
            task.stop();
        }
    }

    @Test
    void tablesAreSplitAcrossTasksAndListsSelectThem() throws Exception {
        db.sql(
                "CREATE SCHEMA split",
                "CREATE TABLE split.t1 (id int NOT NULL)",
                "CREATE TABLE split.t2 (id int NOT NULL)",
                "CREATE TABLE split.t3 (id int NOT NULL)",
                "CREATE TABLE split.skipped (id int NOT NULL)",
                "INSERT INTO split.t1 VALUES (1)",
                "INSERT INTO split.t2 VALUES (2)",
                "INSERT INTO split.t3 VALUES (3)",
                "INSERT INTO split.skipped VALUES (4)");
        Map<String, String> config = db.config("split", "bulk", "table.blacklist", "skipped,other.t1");
        List<Map<String, String>> configs = taskConfigs(config, 2);
        assertThat(configs).hasSize(2);
        Set<String> topics1 = topics(configs.get(0));
        Set<String> topics2 = topics(configs.get(1));
        assertThat(topics1).containsExactly("pg-t1", "pg-t2");
        assertThat(topics2).containsExactly("pg-t3");

        Map<String, String> whitelisted = db.config("split", "bulk", "table.whitelist", "split.skipped");
        assertThat(taskConfigs(whitelisted, 5)).hasSize(1);
        assertThat(topics(taskConfigs(whitelisted, 5).get(0))).containsExactly("pg-skipped");
    }

    @Test
    void stopEndsAPollWaitingForTheNextRunAtOnce() throws Exception {
        db.sql("CREATE SCHEMA idle", "CREATE TABLE idle.t (id int NOT NULL)");
        JdbcSourceTask task = startOnly(db.config("idle", "bulk", "poll.interval.ms", "600000"));
        pollRest(task); // the first run, empty; the next is ten minutes away
        List<List<SourceRecord>> polled = new ArrayList<>();
        Thread poller = new Thread(() -> {
            try {
                polled.add(task.poll());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        poller.start();
        org.awaitility.Awaitility.await().until(() -> poller.getState() == Thread.State.TIMED_WAITING);
        long stopAt = System.nanoTime();
        task.stop();
        poller.join(Duration.ofSeconds(5).toMillis());
        assertThat(poller.isAlive()).isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - stopAt)).isLessThan(Duration.ofMillis(300));
        assertThat(polled).containsExactly(List.of());
    }

    @Test
    void aDatabaseRestartIsRetriedAndLosesNothing() throws Exception {
        db.sql(
                "CREATE SCHEMA outage",
                "CREATE TABLE outage.t (id serial PRIMARY KEY)",
                "INSERT INTO outage.t SELECT FROM generate_series(1, 10)");
        JdbcSourceTask task = startOnly(db.config("outage", "incrementing", "batch.max.rows", "4"));
        List<SourceRecord> seen = new ArrayList<>();
        try {
            seen.addAll(task.poll()); // the first batch of a run that the outage cuts short
            assertThat(ids(seen)).containsExactly(1, 2, 3, 4);
            postgres.stop();
            assertThatThrownBy(task::poll).isInstanceOf(RetriableException.class);
            postgres.restart();
            seen.addAll(pollAtLeast(task, 6));
            seen.addAll(pollRest(task));
            assertThat(ids(seen)).containsExactlyElementsOf(range(1, 10));
        } finally {
            task.stop();
        }
    }

    @Test
    void aMissingOrNullableModeColumnFailsTheStartNamingIt() {
        db.sql("CREATE SCHEMA bad", "CREATE TABLE bad.t (id int, ts timestamp)");
        Map<String, String> config = db.config(
                "bad", "timestamp+incrementing", "incrementing.column.name", "id", "timestamp.column.name", "ts");
        Map<String, String> taskConfig = taskConfigs(config, 1).get(0);
        assertThatThrownBy(() -> start(taskConfig, Map.of()))
                .isInstanceOf(PluginException.class)
                .hasMessageContaining("'id'")
                .hasMessageContaining("validate.non.null");
    }

    private static Set<String> topics(Map<String, String> taskConfig) {
        return TableId.decode(taskConfig.get("tables")).stream()
                .map(t -> "pg-" + t.name())
                .collect(Collectors.toCollection(java.util.LinkedHashSet::new));
    }

    private static List<Integer> range(int from, int to) {
        return IntStream.rangeClosed(from, to).boxed().toList();
    }
}
