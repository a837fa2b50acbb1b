package io.kanal.runtime.transform;

import static io.kanal.runtime.transform.Differential.record;
import static io.kanal.runtime.transform.Differential.valueRecord;
import static org.assertj.core.api.Assertions.assertThat;

import io.kanal.api.data.Schema;
import io.kanal.api.data.SchemaBuilder;
import io.kanal.api.data.Struct;
import io.kanal.api.source.SourceRecord;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ValueToKeyDifferentialTest {

    static final Schema INNER = SchemaBuilder.struct()
            .field("c", SchemaBuilder.string().optional().defaultValue("dflt").build())
            .optional()
            .build();
    static final Schema VALUE = SchemaBuilder.struct()
            .name("v")
            .field("a", Schema.INT64_SCHEMA)
            .field("b", Schema.OPTIONAL_STRING_SCHEMA)
            .field("n", INNER)
            .field("x.y", Schema.OPTIONAL_BOOLEAN_SCHEMA)
            .field("d", SchemaBuilder.int32().optional().defaultValue(3).build())
            .build();
    static final Schema OTHER =
            SchemaBuilder.struct().field("a", Schema.INT64_SCHEMA).build();

    static SourceRecord[] records() {
        Map<String, Object> nested = new HashMap<>();
        nested.put("c", null);
        Map<String, Object> map = new HashMap<>();
        map.put("a", 1L);
        map.put("b", null);
        map.put("n", nested);
        map.put("x.y", true);
        return new SourceRecord[] {
            valueRecord(VALUE, new Struct(VALUE).put("a", 1L).put("b", "bee").put("n", new Struct(INNER))),
            valueRecord(VALUE, new Struct(VALUE).put("a", 2L).put("x.y", false).put("d", 7)),
            valueRecord(OTHER, new Struct(OTHER).put("a", 3L)),
            valueRecord(VALUE, new Struct(VALUE).put("a", 4L)),
            record(Schema.STRING_SCHEMA, "old key", VALUE, new Struct(VALUE).put("a", 5L)),
            valueRecord(VALUE, null),
            valueRecord(null, map),
            valueRecord(null, Map.of("n", "not a map")),
            valueRecord(null, null),
            valueRecord(null, 12),
            valueRecord(Schema.INT32_SCHEMA, 12),
        };
    }

    static final List<Map<String, String>> CONFIGS = List.of(
            Map.of("fields", "a"),
            Map.of("fields", "a,b,d"),
            Map.of("fields", "a,b,d", "replace.null.with.default", "false"),
            Map.of("fields", "b,a"),
            Map.of("fields", "a,a"),
            Map.of("fields", "b,a,b,d"),
            Map.of("fields", "x.y"),
            Map.of("fields", "a,missing"),
            Map.of("fields", "n.c,a", "field.syntax.version", "V2"),
            Map.of("fields", "n.c", "field.syntax.version", "V2", "replace.null.with.default", "false"),
            Map.of("fields", "`x.y`", "field.syntax.version", "V2"),
            Map.of("fields", "a.z", "field.syntax.version", "V2"),
            Map.of("fields", "`a", "field.syntax.version", "V2"),
            Map.of("fields", ""),
            Map.of("fields", "a,,b"),
            Map.of("fields", "a", "field.syntax.version", "V9"),
            Map.of());

    @Test
    void matchesConnect() {
        Differential differential =
                Differential.of(ValueToKey::new, org.apache.kafka.connect.transforms.ValueToKey::new);
        for (Map<String, String> config : CONFIGS) {
            differential.check(config, records());
        }
        assertThat(differential.comparisons())
                .filteredOn(c -> c.apache().kind() == Differential.Kind.RECORD)
                .hasSizeGreaterThan(20);
        assertThat(differential.comparisons())
                .filteredOn(c -> c.apache().kind() == Differential.Kind.DATA_ERROR)
                .isNotEmpty();
    }
}
