package io.kanal.plugins.jdbc.source;

import static io.kanal.plugins.jdbc.source.SourceTaskHarness.pollAtLeast;
import static io.kanal.plugins.jdbc.source.SourceTaskHarness.startOnly;
import static io.kanal.plugins.jdbc.source.SourceTaskHarness.value;
import static org.assertj.core.api.Assertions.assertThat;

import io.kanal.api.data.Date;
import io.kanal.api.data.Decimal;
import io.kanal.api.data.Schema;
import io.kanal.api.data.Struct;
import io.kanal.api.data.Time;
import io.kanal.api.data.Timestamp;
import io.kanal.api.source.SourceRecord;
import io.kanal.testkit.postgres.PostgresServer;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every mapped PostgreSQL type, read by a real task: the schema (type, logical name, optionality) and the value. */
class JdbcSourceTypesIT {

    private static PostgresServer postgres;
    private static SourceTaskHarness db;

    @BeforeAll
    static void startPostgres() {
        postgres = PostgresServer.start();
        db = new SourceTaskHarness(postgres);
        db.sql(
                "CREATE SCHEMA types",
                "CREATE TABLE types.everything ("
                        + " id int NOT NULL, small smallint, big bigint, r real, d double precision,"
                        + " price numeric(10,2), qty numeric(5,0), huge numeric(30,4), free numeric, flag boolean,"
                        + " t text, v varchar(10), c char(3), day date, at time, atz timetz,"
                        + " ts timestamp(6), tstz timestamptz, bin bytea, j json, jb jsonb, u uuid,"
                        + " ints int[], texts text[], nothing text, spot point)",
                "INSERT INTO types.everything VALUES ("
                        + " 1, -7, 9000000000, 1.5, 2.25,"
                        + " 12345678.90, 42, 123456789012345678901234.5678, 3.14159, true,"
                        + " 'text', 'var', 'ab', '2026-12-05', '08:30:15.123', '08:30:15+02',"
                        + " '2026-12-05 08:30:15.123456', '2026-12-05 08:30:15.5+01', '\\x00ff10', '{\"a\": 1}',"
                        + " '{\"b\": [2]}', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11',"
                        + " '{1,NULL,3}', '{x,y}', NULL, '(1,2)')");
    }

    @AfterAll
    static void stopPostgres() {
        postgres.close();
    }

    private static Struct readRow(String... keyValues) {
        JdbcSourceTask task = startOnly(db.config("types", "bulk", keyValues));
        try {
            SourceRecord record = pollAtLeast(task, 1).get(0);
            return value(record);
        } finally {
            task.stop();
        }
    }

    @Test
    void everyTypeMapsToItsSchemaAndValue() {
        Struct row = readRow("db.timezone", "Europe/Paris");
        Schema schema = row.schema();
        assertThat(schema.name()).isEqualTo("everything");
        assertThat(schema.field("id").schema().isOptional()).isFalse();
        assertThat(schema.field("small").schema().isOptional()).isTrue();

        assertThat(row.getInt32("id")).isEqualTo(1);
        assertThat(row.getInt16("small")).isEqualTo((short) -7);
        assertThat(row.getInt64("big")).isEqualTo(9_000_000_000L);
        assertThat(row.getFloat32("r")).isEqualTo(1.5f);
        assertThat(row.getFloat64("d")).isEqualTo(2.25);
        assertThat(row.getBoolean("flag")).isTrue();

        assertThat(schema.field("price").schema().name()).isEqualTo(Decimal.LOGICAL_NAME);
        assertThat(row.get("price")).isEqualTo(new BigDecimal("12345678.90"));
        assertThat(row.get("qty")).isEqualTo(new BigDecimal("42"));
        assertThat(row.get("huge")).isEqualTo(new BigDecimal("123456789012345678901234.5678"));
        assertThat(row.getString("free")).isEqualTo("3.14159");

        assertThat(row.getString("t")).isEqualTo("text");
        assertThat(row.getString("v")).isEqualTo("var");
        assertThat(row.getString("c")).isEqualTo("ab ");
        assertThat(row.getString("j")).isEqualTo("{\"a\": 1}");
        assertThat(row.getString("jb")).isEqualTo("{\"b\": [2]}");
        assertThat(row.getString("u")).isEqualTo("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11");
        assertThat(row.getBytes("bin")).containsExactly(0x00, 0xff, 0x10);

        assertThat(schema.field("day").schema().name()).isEqualTo(Date.LOGICAL_NAME);
        assertThat(row.get("day"))
                .isEqualTo(new java.util.Date(LocalDate.parse("2026-12-05").toEpochDay() * 86_400_000L));
        assertThat(schema.field("at").schema().name()).isEqualTo(Time.LOGICAL_NAME);
        assertThat(row.get("at")).isEqualTo(new java.util.Date((8 * 3600 + 30 * 60 + 15) * 1000L + 123));
        assertThat(row.get("atz")).isEqualTo(new java.util.Date((6 * 3600 + 30 * 60 + 15) * 1000L));
        assertThat(schema.field("ts").schema().name()).isEqualTo(Timestamp.LOGICAL_NAME);
        // A timestamp without time zone is read in db.timezone (Paris, UTC+1 in December).
        assertThat(row.get("ts")).isEqualTo(java.util.Date.from(Instant.parse("2026-12-05T07:30:15.123Z")));
        // A timestamptz is the instant it holds, whatever db.timezone says.
        assertThat(row.get("tstz")).isEqualTo(java.util.Date.from(Instant.parse("2026-12-05T07:30:15.500Z")));

        assertThat(schema.field("ints").schema().type()).isEqualTo(Schema.Type.ARRAY);
        assertThat(schema.field("ints").schema().valueSchema().type()).isEqualTo(Schema.Type.INT32);
        assertThat(row.getArray("ints")).isEqualTo(Arrays.asList(1, null, 3));
        assertThat(row.getArray("texts")).isEqualTo(List.of("x", "y"));
        assertThat(row.get("nothing")).isNull();
        // PostgreSQL's own types (OTHER to JDBC) keep their text form.
        assertThat(row.getString("spot")).isEqualTo("(1,2)");
    }

    @Test
    void bestFitMapsNumericsToIntegersAndDoubles() {
        Struct row = readRow("numeric.mapping", "best_fit");
        Map<String, Schema.Type> types = Map.of(
                "price", Schema.Type.FLOAT64,
                "qty", Schema.Type.INT32,
                "free", Schema.Type.FLOAT64);
        types.forEach((field, type) ->
                assertThat(row.schema().field(field).schema().type()).as(field).isEqualTo(type));
        assertThat(row.getFloat64("price")).isEqualTo(12345678.90);
        assertThat(row.getInt32("qty")).isEqualTo(42);
        assertThat(row.schema().field("huge").schema().name()).isEqualTo(Decimal.LOGICAL_NAME);
    }
}
