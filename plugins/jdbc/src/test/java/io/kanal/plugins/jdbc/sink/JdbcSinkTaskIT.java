package io.kanal.plugins.jdbc.sink;

import static io.kanal.plugins.jdbc.sink.SinkFixture.config;
import static io.kanal.plugins.jdbc.sink.SinkFixture.count;
import static io.kanal.plugins.jdbc.sink.SinkFixture.execute;
import static io.kanal.plugins.jdbc.sink.SinkFixture.rows;
import static io.kanal.plugins.jdbc.sink.SinkFixture.start;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kanal.api.data.Date;
import io.kanal.api.data.Decimal;
import io.kanal.api.data.Schema;
import io.kanal.api.data.SchemaBuilder;
import io.kanal.api.data.Struct;
import io.kanal.api.data.Time;
import io.kanal.api.data.Timestamp;
import io.kanal.api.errors.DataException;
import io.kanal.api.errors.PluginException;
import io.kanal.api.sink.SinkRecord;
import io.kanal.testkit.postgres.PostgresServer;
import java.math.BigDecimal;
import java.sql.Array;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The sink task against a real PostgreSQL, driven directly: modes, keys, table changes, deletes, bad records. */
class JdbcSinkTaskIT {

    private static final Schema KEY =
            SchemaBuilder.struct().field("id", Schema.INT64_SCHEMA).build();
    private static final Schema VALUE = SchemaBuilder.struct()
            .field("id", Schema.INT64_SCHEMA)
            .field("name", Schema.OPTIONAL_STRING_SCHEMA)
            .field("qty", Schema.INT32_SCHEMA)
            .build();

    private static PostgresServer server;

    private final RecordingSinkContext context = new RecordingSinkContext(true);
    private JdbcSinkTask task;

    @BeforeAll
    static void startServer() {
        server = PostgresServer.start();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @AfterEach
    void stopTask() {
        if (task != null) {
            task.stop();
        }
    }

    private static SinkRecord row(String topic, long offset, long id, String name, int qty) {
        return new SinkRecord(
                topic,
                0,
                KEY,
                new Struct(KEY).put("id", id),
                VALUE,
                new Struct(VALUE).put("id", id).put("name", name).put("qty", qty),
                offset);
    }

    private static List<SinkRecord> batch(String topic, long firstOffset, int count, String name) {
        List<SinkRecord> records = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            records.add(row(topic, firstOffset + i, i, name + i, i));
        }
        return records;
    }

    @Test
    void insertCreatesTheTableAndWritesEveryType() throws Exception {
        Schema schema = SchemaBuilder.struct()
                .field("id", Schema.INT64_SCHEMA)
                .field("i8", Schema.INT8_SCHEMA)
                .field("i16", Schema.INT16_SCHEMA)
                .field("i32", Schema.INT32_SCHEMA)
                .field("f32", Schema.FLOAT32_SCHEMA)
                .field("f64", Schema.FLOAT64_SCHEMA)
                .field("flag", Schema.BOOLEAN_SCHEMA)
                .field("text", Schema.OPTIONAL_STRING_SCHEMA)
                .field("raw", Schema.BYTES_SCHEMA)
                .field("price", Decimal.schema(2))
                .field("day", Date.SCHEMA)
                .field("at", Time.SCHEMA)
                .field("ts", Timestamp.SCHEMA)
                .field("tags", SchemaBuilder.array(Schema.STRING_SCHEMA).build())
                .build();
        Struct value = new Struct(schema)
                .put("id", 1L)
                .put("i8", (byte) -8)
                .put("i16", (short) 16)
                .put("i32", 32)
                .put("f32", 1.5f)
                .put("f64", 2.25)
                .put("flag", true)
                .put("text", null)
                .put("raw", new byte[] {0, 1, (byte) 0xff})
                .put("price", new BigDecimal("12.34"))
                .put("day", new java.util.Date(LocalDate.of(2026, 12, 5).toEpochDay() * 86_400_000L))
                .put("at", new java.util.Date((13 * 3600 + 14 * 60 + 15) * 1000L + 16))
                .put("ts", new java.util.Date(1_764_940_000_123L))
                .put("tags", List.of("a", "b"));
        task = start(context, config(server, "auto.create", "true", "db.timezone", "Europe/Paris"));

        task.put(List.of(new SinkRecord("types", 0, null, null, schema, value, 0L)));

        List<Object> row = rows(server, "SELECT * FROM types").get(0);
        assertThat(row.subList(0, 8)).containsExactly(1L, -8, 16, 32, 1.5f, 2.25, true, null);
        assertThat((byte[]) row.get(8)).containsExactly(0, 1, 0xff);
        assertThat(row.get(9)).isEqualTo(new BigDecimal("12.34"));
        assertThat(((java.sql.Date) row.get(10)).toLocalDate()).isEqualTo(LocalDate.of(2026, 12, 5));
        assertThat(((java.sql.Time) row.get(11)).toLocalTime()).isEqualTo(LocalTime.of(13, 14, 15));
        // 1_764_940_000_123 ms is 2025-12-05T13:06:40.123Z, 14:06:40.123 in Paris.
        assertThat(((java.sql.Timestamp) row.get(12)).toLocalDateTime())
                .isEqualTo(LocalDateTime.of(2025, 12, 5, 14, 6, 40, 123_000_000));
        assertThat((Object[]) ((Array) row.get(13)).getArray()).containsExactly("a", "b");
        assertThat(rows(
                        server,
                        "SELECT count(*) FROM pg_attribute WHERE attrelid = 'types'::regclass"
                                + " AND attname = 'text' AND NOT attnotnull"))
                .containsExactly(List.of(1L));
        assertThat(context.reports).isEmpty();
    }

    @Test
    void upsertOverwritesChangedRowsAndInsertsNewOnes() throws Exception {
        task = start(
                context,
                config(
                        server,
                        "auto.create",
                        "true",
                        "insert.mode",
                        "upsert",
                        "pk.mode",
                        "record_key",
                        "batch.size",
                        "64"));
        task.put(batch("stock", 0, 500, "v1-"));
        List<SinkRecord> second = new ArrayList<>(batch("stock", 500, 300, "v2-"));
        // New keys, and one key twice in the same put: the last one wins.
        second.add(row("stock", 800, 900, "new", 1));
        second.add(row("stock", 801, 7, "twice", 70));
        task.put(second);

        assertThat(count(server, "stock")).isEqualTo(501);
        assertThat(rows(server, "SELECT name, qty FROM stock WHERE id IN (7, 299, 300, 900) ORDER BY id"))
                .containsExactly(
                        List.of("twice", 70), List.of("v2-299", 299), List.of("v1-300", 300), List.of("new", 1));
        assertThat(context.reports).isEmpty();
    }

    @Test
    void updateChangesExistingRowsOnly() throws Exception {
        execute(server, "CREATE TABLE upd (id BIGINT PRIMARY KEY, name TEXT, qty INTEGER)");
        execute(server, "INSERT INTO upd VALUES (1, 'one', 1), (2, 'two', 2)");
        task = start(context, config(server, "insert.mode", "update", "pk.mode", "record_value", "pk.fields", "id"));

        task.put(List.of(row("upd", 0, 2, "TWO", 22), row("upd", 1, 3, "three", 3)));

        assertThat(rows(server, "SELECT id, name, qty FROM upd ORDER BY id"))
                .containsExactly(List.of(1L, "one", 1), List.of(2L, "TWO", 22));
    }

    @Test
    void kafkaCoordinatesAsKeyMakeRedeliveryIdempotent() throws Exception {
        task = start(
                context,
                config(
                        server,
                        "auto.create",
                        "true",
                        "insert.mode",
                        "upsert",
                        "pk.mode",
                        "kafka",
                        "table.name.format",
                        "kafka_${topic}"));
        List<SinkRecord> records = batch("events", 10, 20, "e");
        task.put(records);
        task.put(records);

        assertThat(count(server, "kafka_events")).isEqualTo(20);
        assertThat(rows(
                        server,
                        "SELECT __connect_topic, __connect_partition, __connect_offset, name FROM"
                                + " kafka_events ORDER BY __connect_offset LIMIT 1"))
                .containsExactly(List.of("events", 0, 10L, "e0"));
    }

    @Test
    void autoEvolveAddsANewOptionalFieldAndNeverDropsOne() throws Exception {
        task = start(
                context,
                config(
                        server,
                        "auto.create",
                        "true",
                        "auto.evolve",
                        "true",
                        "pk.mode",
                        "record_value",
                        "pk.fields",
                        "id",
                        "fields.whitelist",
                        "name,qty,color"));
        task.put(batch("evolve", 0, 3, "old"));
        Schema v2 = SchemaBuilder.struct()
                .field("id", Schema.INT64_SCHEMA)
                .field("qty", Schema.INT32_SCHEMA)
                .field("color", Schema.OPTIONAL_STRING_SCHEMA)
                .build();
        task.put(List.of(
                new SinkRecord(
                        "evolve",
                        0,
                        null,
                        null,
                        v2,
                        new Struct(v2).put("id", 10L).put("qty", 5).put("color", "red"),
                        3L),
                row("evolve", 4, 11, "old-again", 6)));

        assertThat(rows(server, "SELECT id, name, qty, color FROM evolve WHERE id >= 10 ORDER BY id"))
                .containsExactly(Arrays.asList(10L, null, 5, "red"), Arrays.asList(11L, "old-again", 6, null));
        assertThat(context.reports).isEmpty();
    }

    @Test
    void withoutAutoEvolveANewFieldIsReported() throws Exception {
        execute(server, "CREATE TABLE fixed (id BIGINT PRIMARY KEY, name TEXT, qty INTEGER)");
        task = start(context, config(server, "pk.mode", "record_value", "pk.fields", "id"));
        Schema v2 = SchemaBuilder.struct()
                .field("id", Schema.INT64_SCHEMA)
                .field("color", Schema.OPTIONAL_STRING_SCHEMA)
                .build();
        task.put(List.of(
                row("fixed", 0, 1, "a", 1),
                new SinkRecord(
                        "fixed", 0, null, null, v2, new Struct(v2).put("id", 2L).put("color", "red"), 1L)));

        assertThat(count(server, "fixed")).isEqualTo(1);
        assertThat(context.reports).singleElement().satisfies(report -> assertThat(report.error())
                .hasMessageContaining("fixed/0/1")
                .hasMessageContaining("[color]")
                .hasMessageContaining("auto.evolve"));
    }

    @Test
    void tombstonesDeleteTheirKeyAndKeepOrderWithUpserts() throws Exception {
        task = start(
                context,
                config(
                        server,
                        "auto.create",
                        "true",
                        "insert.mode",
                        "upsert",
                        "pk.mode",
                        "record_key",
                        "delete.enabled",
                        "true"));
        task.put(batch("del", 0, 5, "r"));
        task.put(List.of(
                new SinkRecord("del", 0, KEY, new Struct(KEY).put("id", 1L), null, null, 5L),
                new SinkRecord("del", 0, KEY, new Struct(KEY).put("id", 2L), null, null, 6L),
                row("del", 7, 2, "back", 2),
                new SinkRecord("del", 0, KEY, new Struct(KEY).put("id", 99L), null, null, 8L)));

        assertThat(rows(server, "SELECT id, name FROM del ORDER BY id"))
                .containsExactly(List.of(0L, "r0"), List.of(2L, "back"), List.of(3L, "r3"), List.of(4L, "r4"));
        assertThat(context.reports).isEmpty();
    }

    @Test
    void aBadRecordIsReportedWithItsCoordinatesAndTheRestCommit() throws Exception {
        execute(server, "CREATE TABLE strict (id BIGINT PRIMARY KEY, name TEXT NOT NULL, qty INTEGER)");
        task = start(context, config(server, "pk.mode", "record_value", "pk.fields", "id", "batch.size", "7"));
        List<SinkRecord> records = new ArrayList<>(batch("strict", 100, 20, "ok"));
        SinkRecord noName = row("strict", 120, 500, null, 424242);
        SinkRecord duplicate = row("strict", 121, 3, "dup", 434343);
        records.add(10, noName);
        records.add(duplicate);
        records.add(new SinkRecord("strict", 1, null, null, null, "no schema", 9L));

        task.put(records);

        assertThat(count(server, "strict")).isEqualTo(20);
        assertThat(context.reports)
                .extracting(r -> SinkFixture.coordinates(r.record()))
                .containsExactly("strict/1/9", "strict/0/120", "strict/0/121");
        assertThat(context.reports.get(1).error())
                .isInstanceOf(DataException.class)
                .hasMessageContaining("strict/0/120")
                .hasMessageContaining("23502")
                .hasMessageContaining("name")
                .hasMessageNotContaining("424242");
        assertThat(context.reports.get(2).error()).hasMessageContaining("23505").hasMessageNotContaining("434343");
    }

    @Test
    void withoutAReporterABadRecordFailsThePutNamingItsCoordinatesOnly() throws Exception {
        execute(server, "CREATE TABLE strict2 (id BIGINT PRIMARY KEY, name TEXT NOT NULL, qty INTEGER)");
        task = start(new RecordingSinkContext(false), config(server, "pk.mode", "record_value", "pk.fields", "id"));
        List<SinkRecord> records = new ArrayList<>(batch("strict2", 0, 5, "ok"));
        records.add(row("strict2", 5, 77, null, 515151));

        assertThatThrownBy(() -> task.put(records))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("strict2/0/5")
                .hasMessageNotContaining("515151");
        assertThat(count(server, "strict2")).isZero();
    }

    @Test
    void aMissingTableWithoutAutoCreateIsReportedAndAMissingPrivilegeFailsTheTask() throws Exception {
        task = start(context, config(server));
        task.put(batch("absent", 0, 2, "x"));
        assertThat(context.reports).hasSize(2).allSatisfy(r -> assertThat(r.error())
                .hasMessageContaining("auto.create"));

        execute(server, "CREATE TABLE locked (id BIGINT PRIMARY KEY, name TEXT, qty INTEGER)");
        execute(server, "CREATE ROLE reader LOGIN PASSWORD 'reader'");
        execute(server, "GRANT SELECT ON locked TO reader");
        JdbcSinkTask readerTask =
                start(context, config(server, "connection.user", "reader", "connection.password", "reader"));
        try {
            assertThatThrownBy(() -> readerTask.put(batch("locked", 0, 2, "x")))
                    .isInstanceOf(PluginException.class)
                    .hasMessageContaining("42501");
        } finally {
            readerTask.stop();
        }
    }

    @Test
    void manyRowsInOnePutAreAllWritten() throws Exception {
        task = start(context, config(server, "auto.create", "true", "batch.size", "1000"));
        List<SinkRecord> records = new ArrayList<>();
        IntStream.range(0, 20_000).forEach(i -> records.add(row("bulk", i, i, "n" + i, i)));
        task.put(records);
        assertThat(count(server, "bulk")).isEqualTo(20_000);
    }
}
