package io.kanal.runtime.transform;

import static io.kanal.runtime.transform.Differential.record;
import static io.kanal.runtime.transform.Differential.valueRecord;
import static org.assertj.core.api.Assertions.assertThat;

import io.kanal.api.data.Date;
import io.kanal.api.data.Schema;
import io.kanal.api.data.SchemaBuilder;
import io.kanal.api.data.Struct;
import io.kanal.api.data.Time;
import io.kanal.api.data.Timestamp;
import io.kanal.api.source.SourceRecord;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class TimestampConverterDifferentialTest {

    static final long TS = 1_700_000_123_456L;
    static final Schema STRUCT = SchemaBuilder.struct()
            .name("s")
            .field("ts", Timestamp.SCHEMA)
            .field("unix", Schema.OPTIONAL_INT64_SCHEMA)
            .field("str", Schema.OPTIONAL_STRING_SCHEMA)
            .field("date", Date.builder().optional().build())
            .field("time", Time.SCHEMA)
            .field(
                    "dflt",
                    SchemaBuilder.int64().optional().defaultValue(86_400_000L).build())
            .field("other", Schema.OPTIONAL_INT32_SCHEMA)
            .build();

    static SourceRecord[] records() {
        Struct full = new Struct(STRUCT)
                .put("ts", new java.util.Date(TS))
                .put("unix", TS)
                .put("str", "2023-11-14 22:15:23.456")
                .put("date", new java.util.Date(86_400_000L * 19_675))
                .put("time", new java.util.Date(45_296_789L))
                .put("other", 5);
        Struct sparse = new Struct(STRUCT)
                .put("ts", new java.util.Date(-1_234_567_890L))
                .put("time", new java.util.Date(0));
        Struct badString = new Struct(STRUCT)
                .put("ts", new java.util.Date(0))
                .put("time", new java.util.Date(0))
                .put("str", "yesterday");
        Map<String, Object> map = new HashMap<>();
        map.put("ts", new java.util.Date(TS));
        map.put("unix", -TS);
        map.put("str", "1999-12-31 23:59:59.999");
        map.put("other", 5);
        return new SourceRecord[] {
            record(STRUCT, full, STRUCT, full),
            record(STRUCT, sparse, STRUCT, sparse),
            record(STRUCT, badString, STRUCT, badString),
            record(null, map, null, map),
            record(STRUCT, null, STRUCT, null),
            record(null, null, null, null),
            record(Timestamp.SCHEMA, new java.util.Date(TS), Schema.INT64_SCHEMA, TS),
            record(Schema.OPTIONAL_STRING_SCHEMA, "2020-02-29 12:00:00.000", Date.SCHEMA, new java.util.Date(0)),
            record(Time.SCHEMA, new java.util.Date(1000), Schema.OPTIONAL_INT64_SCHEMA, null),
            record(null, TS, null, "2020-02-29 12:00:00.000"),
            record(null, new java.util.Date(TS), null, 5),
            record(Schema.INT32_SCHEMA, 5, Schema.BOOLEAN_SCHEMA, true),
            record(null, new ArrayList<>(List.of(1)), null, 1.5),
        };
    }

    static final String PATTERN = "yyyy-MM-dd HH:mm:ss.SSS";

    static final List<Map<String, String>> CONFIGS = List.of(
            Map.of("target.type", "unix"),
            Map.of("target.type", "unix", "format", PATTERN),
            Map.of("target.type", "unix", "format", PATTERN, "unix.precision", "seconds"),
            Map.of("target.type", "unix", "format", PATTERN, "unix.precision", "microseconds"),
            Map.of("target.type", "unix", "format", PATTERN, "unix.precision", "nanoseconds"),
            Map.of("target.type", "string", "format", PATTERN),
            Map.of("target.type", "string", "format", "yyyy-MM-dd'T'HH:mm:ssXXX", "unix.precision", "seconds"),
            Map.of("target.type", "Date", "format", PATTERN),
            Map.of("target.type", "Time", "format", PATTERN),
            Map.of("target.type", "Timestamp", "format", PATTERN),
            Map.of("target.type", "Timestamp", "field", "unix"),
            Map.of("target.type", "Timestamp", "field", "unix", "unix.precision", "microseconds"),
            Map.of("target.type", "string", "field", "ts", "format", PATTERN),
            Map.of("target.type", "unix", "field", "str", "format", PATTERN),
            Map.of("target.type", "Date", "field", "ts"),
            Map.of("target.type", "Time", "field", "ts"),
            Map.of("target.type", "Date", "field", "time"),
            Map.of("target.type", "unix", "field", "date", "unix.precision", "seconds"),
            Map.of("target.type", "unix", "field", "dflt"),
            Map.of("target.type", "Timestamp", "field", "dflt"),
            Map.of("target.type", "Timestamp", "field", "dflt", "replace.null.with.default", "false"),
            Map.of("target.type", "unix", "field", "other"),
            Map.of("target.type", "unix", "field", "missing"),
            Map.of("target.type", "string"),
            Map.of("target.type", "string", "format", "  "),
            Map.of("target.type", "String", "format", PATTERN),
            Map.of("target.type", "unix", "unix.precision", "Seconds"),
            Map.of("target.type", "string", "format", "yyyy-MM-dd'T"),
            Map.of("target.type", "unix", "format", "yyyy bbb"),
            Map.of());

    /** Where Connect fails with a NullPointerException: a string timestamp but no format configured. */
    static final Map<String, String> NO_FORMAT_FOR_STRINGS = Map.of("target.type", "unix", "field", "str");

    @Test
    void valueVariantMatchesConnect() {
        Differential differential = Differential.of(
                TimestampConverter.Value::new, org.apache.kafka.connect.transforms.TimestampConverter.Value::new);
        for (Map<String, String> config : CONFIGS) {
            differential.check(config, records());
        }
        differential.check(NO_FORMAT_FOR_STRINGS, records());
        assertThat(differential.comparisons())
                .filteredOn(c -> c.apache().kind() == Differential.Kind.RECORD)
                .hasSizeGreaterThan(100);
        assertThat(differential.comparisons())
                .filteredOn(c -> c.apache().kind() == Differential.Kind.DATA_ERROR)
                .hasSizeGreaterThan(20);
    }

    @Test
    void keyVariantMatchesConnect() {
        Differential differential = Differential.of(
                TimestampConverter.Key::new, org.apache.kafka.connect.transforms.TimestampConverter.Key::new);
        for (Map<String, String> config : CONFIGS) {
            differential.check(config, records());
        }
        differential.check(NO_FORMAT_FOR_STRINGS, records());
        assertThat(differential.comparisons())
                .filteredOn(c -> c.apache().kind() == Differential.Kind.RECORD)
                .hasSizeGreaterThan(100);
    }

    @Test
    void aStructDefaultIsConvertedToo() {
        // A struct default has the schema being built as its own schema (the builder itself). ApacheData cannot map
        // such a self-referencing schema, so this case is checked on Kanal's side only, against Connect's rule: the
        // default goes through the same conversion as the values.
        SchemaBuilder builder =
                SchemaBuilder.struct().field("ts", Schema.INT64_SCHEMA).optional();
        Schema withDefault =
                builder.defaultValue(new Struct(builder).put("ts", 5L)).build();
        TimestampConverter.Value<SourceRecord> transform = new TimestampConverter.Value<>();
        transform.configure(transform.configSpec().parse(Map.of("target.type", "Timestamp", "field", "ts")));

        SourceRecord result = transform.apply(valueRecord(withDefault, new Struct(withDefault).put("ts", 7L)));

        assertThat(result.valueSchema().field("ts").schema()).isEqualTo(Timestamp.SCHEMA);
        assertThat(((Struct) result.valueSchema().defaultValue()).get("ts")).isEqualTo(new java.util.Date(5L));
        assertThat(((Struct) result.value()).get("ts")).isEqualTo(new java.util.Date(7L));
    }

    @Provide
    Arbitrary<Long> instants() {
        return Arbitraries.oneOf(
                Arbitraries.longs().between(-100_000_000_000_000L, 100_000_000_000_000L),
                Arbitraries.longs(),
                Arbitraries.of(0L, -1L, 1L, 86_399_999L, 86_400_000L, -86_400_000L, Long.MAX_VALUE, Long.MIN_VALUE));
    }

    @Provide
    Arbitrary<String> targets() {
        return Arbitraries.of("string", "unix", "Date", "Time", "Timestamp");
    }

    @Provide
    Arbitrary<String> precisions() {
        return Arbitraries.of("seconds", "milliseconds", "microseconds", "nanoseconds");
    }

    @Property(tries = 500)
    void everyInstantConvertsAsInConnect(
            @ForAll("instants") long instant,
            @ForAll("targets") String target,
            @ForAll("precisions") String precision) {
        Differential differential = Differential.of(
                TimestampConverter.Value::new, org.apache.kafka.connect.transforms.TimestampConverter.Value::new);
        Map<String, String> config =
                Map.of("target.type", target, "unix.precision", precision, "format", "G yyyy-MM-dd HH:mm:ss.SSS");
        differential.check(
                config,
                valueRecord(null, instant),
                valueRecord(Schema.INT64_SCHEMA, instant),
                valueRecord(Timestamp.SCHEMA, new java.util.Date(instant)),
                valueRecord(Date.SCHEMA, new java.util.Date(instant - Math.floorMod(instant, 86_400_000L))),
                valueRecord(null, new java.util.Date(instant)));
    }
}
