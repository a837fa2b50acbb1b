package io.kanal.runtime.transform;

import static io.kanal.runtime.transform.Differential.record;
import static org.assertj.core.api.Assertions.assertThat;

import io.kanal.api.data.Date;
import io.kanal.api.data.Decimal;
import io.kanal.api.data.Schema;
import io.kanal.api.data.SchemaBuilder;
import io.kanal.api.data.Struct;
import io.kanal.api.data.Timestamp;
import io.kanal.api.source.SourceRecord;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MaskFieldDifferentialTest {

    static final Schema STRUCT = SchemaBuilder.struct()
            .field("i8", Schema.INT8_SCHEMA)
            .field("i16", Schema.INT16_SCHEMA)
            .field("i32", Schema.INT32_SCHEMA)
            .field("i64", Schema.INT64_SCHEMA)
            .field("f32", Schema.FLOAT32_SCHEMA)
            .field("f64", Schema.FLOAT64_SCHEMA)
            .field("bool", Schema.BOOLEAN_SCHEMA)
            .field("str", Schema.STRING_SCHEMA)
            .field("dec", Decimal.schema(2))
            .field("date", Date.SCHEMA)
            .field("ts", Timestamp.SCHEMA)
            .field("arr", SchemaBuilder.array(Schema.INT32_SCHEMA).build())
            .field(
                    "map",
                    SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.INT32_SCHEMA).build())
            .field("opt", SchemaBuilder.int32().optional().defaultValue(9).build())
            .field("bytes", Schema.OPTIONAL_BYTES_SCHEMA)
            .field(
                    "nested",
                    SchemaBuilder.struct()
                            .field("x", Schema.INT32_SCHEMA)
                            .optional()
                            .build())
            .build();

    static Struct full() {
        return new Struct(STRUCT)
                .put("i8", (byte) 8)
                .put("i16", (short) 16)
                .put("i32", 32)
                .put("i64", 64L)
                .put("f32", 3.2f)
                .put("f64", 6.4d)
                .put("bool", true)
                .put("str", "secret")
                .put("dec", new BigDecimal("12.34"))
                .put("date", new java.util.Date(86_400_000L * 3))
                .put("ts", new java.util.Date(1234567L))
                .put("arr", List.of(1, 2))
                .put("map", Map.of("k", 1))
                .put("bytes", new byte[] {1, 2});
    }

    static SourceRecord[] records() {
        Map<String, Object> map = new HashMap<>();
        map.put("i32", 32);
        map.put("i64", 64L);
        map.put("f64", 6.4d);
        map.put("str", "secret");
        map.put("bool", true);
        map.put("big", BigInteger.TEN);
        map.put("dec", new BigDecimal("1.5"));
        map.put("arr", new ArrayList<>(List.of(1)));
        map.put("map", new HashMap<>(Map.of("k", 1)));
        map.put("opt", null);
        Struct withNested =
                full().put("nested", new Struct(STRUCT.field("nested").schema()).put("x", 1));
        return new SourceRecord[] {
            record(STRUCT, full(), STRUCT, full()),
            record(STRUCT, withNested, STRUCT, withNested),
            record(null, map, null, map),
            record(null, Map.of("bytes", new byte[] {1}), null, Map.of("bytes", new byte[] {1})),
            record(STRUCT, null, STRUCT, null),
            record(null, null, null, null),
            record(null, 5, null, 5),
            record(Schema.INT32_SCHEMA, 5, Schema.INT32_SCHEMA, 5),
        };
    }

    static final List<Map<String, String>> CONFIGS = List.of(
            Map.of("fields", "i8,i16,i32,i64,f32,f64,bool,str,dec,date,ts,arr,map"),
            Map.of("fields", "opt"),
            Map.of("fields", "opt", "replace.null.with.default", "false"),
            Map.of("fields", "absent"),
            Map.of("fields", "big,dec"),
            Map.of("fields", "i8,i16,i32,i64,f32,f64,str,big", "replacement", "42"),
            Map.of("fields", "dec", "replacement", "42.5"),
            Map.of("fields", "i32", "replacement", "4.5"),
            Map.of("fields", "i8", "replacement", "1000"),
            Map.of("fields", "i32", "replacement", "abc"),
            Map.of("fields", "big", "replacement", "abc"),
            Map.of("fields", "str", "replacement", "***"),
            Map.of("fields", "bool", "replacement", "true"),
            Map.of("fields", "date", "replacement", "0"),
            Map.of("fields", "str,str"),
            Map.of("fields", "a", "replacement", ""),
            Map.of("fields", "a", "replacement", "  "),
            Map.of("fields", ""),
            Map.of("fields", "a,,b"),
            Map.of());

    /** Masking bytes or a struct fails in both, with the value's class in the message: Apache's class or Kanal's. */
    static final List<Map<String, String>> CLASS_IN_MESSAGE = List.of(Map.of("fields", "bytes,nested"));

    @Test
    void valueVariantMatchesConnect() {
        Differential differential =
                Differential.of(MaskField.Value::new, org.apache.kafka.connect.transforms.MaskField.Value::new);
        for (Map<String, String> config : CONFIGS) {
            differential.check(config, records());
        }
        differential.ignoringMessages();
        for (Map<String, String> config : CLASS_IN_MESSAGE) {
            differential.check(config, records());
        }
        assertThat(differential.comparisons())
                .filteredOn(c -> c.apache().kind() == Differential.Kind.RECORD)
                .hasSizeGreaterThan(20);
        assertThat(differential.comparisons())
                .filteredOn(c -> c.apache().kind() == Differential.Kind.DATA_ERROR)
                .hasSizeGreaterThan(10);
    }

    @Test
    void keyVariantMatchesConnect() {
        Differential differential =
                Differential.of(MaskField.Key::new, org.apache.kafka.connect.transforms.MaskField.Key::new);
        for (Map<String, String> config : CONFIGS) {
            differential.check(config, records());
        }
        assertThat(differential.comparisons())
                .filteredOn(c -> c.apache().kind() == Differential.Kind.RECORD)
                .isNotEmpty();
    }
}
