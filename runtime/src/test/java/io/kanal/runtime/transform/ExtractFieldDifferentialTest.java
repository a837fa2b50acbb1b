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

class ExtractFieldDifferentialTest {

    static final Schema INNER = SchemaBuilder.struct()
            .field("c", SchemaBuilder.string().optional().defaultValue("dflt").build())
            .field("d", Schema.INT32_SCHEMA)
            .build();
    static final Schema OUTER = SchemaBuilder.struct()
            .field("a", Schema.OPTIONAL_INT64_SCHEMA)
            .field(
                    "b",
                    SchemaBuilder.struct()
                            .field("c", Schema.OPTIONAL_STRING_SCHEMA)
                            .optional()
                            .build())
            .field("x.y", INNER)
            .field("s", SchemaBuilder.int32().optional().defaultValue(5).build())
            .build();

    static SourceRecord[] records() {
        Struct full = new Struct(OUTER)
                .put("a", 1L)
                .put("b", new Struct(OUTER.field("b").schema()).put("c", "bc"))
                .put("x.y", new Struct(INNER).put("d", 4))
                .put("s", null);
        Struct sparse =
                new Struct(OUTER).put("x.y", new Struct(INNER).put("c", "set").put("d", 9));
        Map<String, Object> nested = new HashMap<>();
        nested.put("c", "mc");
        Map<String, Object> map = new HashMap<>();
        map.put("a", 1L);
        map.put("b", nested);
        map.put("x.y", Map.of("c", "xy"));
        map.put("n", null);
        return new SourceRecord[] {
            valueRecord(OUTER, full),
            valueRecord(OUTER, sparse),
            valueRecord(OUTER, null),
            valueRecord(null, map),
            valueRecord(null, Map.of("b", "not a map")),
            valueRecord(null, null),
            valueRecord(null, "not a map"),
            valueRecord(Schema.STRING_SCHEMA, "not a struct"),
            valueRecord(null, List.of(1)),
            record(OUTER, full, Schema.STRING_SCHEMA, "v"),
            record(null, map, null, null),
        };
    }

    static final List<Map<String, String>> CONFIGS = List.of(
            Map.of("field", "a"),
            Map.of("field", "s"),
            Map.of("field", "s", "replace.null.with.default", "false"),
            Map.of("field", "b"),
            Map.of("field", "x.y"),
            Map.of("field", "missing"),
            Map.of("field", "b.c", "field.syntax.version", "V2"),
            Map.of("field", "b.c", "field.syntax.version", "v2"),
            Map.of("field", "`x.y`.c", "field.syntax.version", "V2"),
            Map.of("field", "`x.y`.c", "field.syntax.version", "V2", "replace.null.with.default", "false"),
            Map.of("field", "a.z", "field.syntax.version", "V2"),
            Map.of("field", "`x.y", "field.syntax.version", "V2"),
            Map.of("field", "a", "field.syntax.version", "V3"),
            Map.of("field", "a", "replace.null.with.default", "maybe"),
            Map.of("field", ""),
            Map.of("field", " a "),
            Map.of());

    @Test
    void valueVariantMatchesConnect() {
        Differential differential =
                Differential.of(ExtractField.Value::new, org.apache.kafka.connect.transforms.ExtractField.Value::new);
        for (Map<String, String> config : CONFIGS) {
            if (config.get("field") != null && config.get("field").equals("missing")) {
                // Connect throws IllegalArgumentException("Unknown field: missing"); Kanal a DataException.
                differential.ignoringMessages();
            }
            differential.check(config, records());
            differential.comparingMessages();
        }
        assertThat(differential.comparisons()).hasSize(CONFIGS.size() * records().length);
        assertThat(differential.comparisons())
                .filteredOn(c -> c.apache().kind() == Differential.Kind.RECORD)
                .hasSizeGreaterThan(30);
    }

    @Test
    void keyVariantMatchesConnect() {
        Differential differential =
                Differential.of(ExtractField.Key::new, org.apache.kafka.connect.transforms.ExtractField.Key::new);
        for (Map<String, String> config : CONFIGS) {
            if ("missing".equals(config.get("field"))) {
                differential.ignoringMessages();
            }
            differential.check(config, records());
            differential.comparingMessages();
        }
        assertThat(differential.comparisons())
                .filteredOn(c -> c.apache().kind() == Differential.Kind.RECORD)
                .isNotEmpty();
    }

    @Test
    void anEmptyV2PathIsRefusedUpFront() {
        // Connect accepts it, then fails every record with an IndexOutOfBoundsException-like error.
        List<Differential.Comparison> comparisons = Differential.of(
                        ExtractField.Value::new, org.apache.kafka.connect.transforms.ExtractField.Value::new)
                .run(Map.of("field", "", "field.syntax.version", "V2"), records());
        assertThat(comparisons).allSatisfy(c -> assertThat(c.kanal().kind()).isEqualTo(Differential.Kind.CONFIG_ERROR));
        assertThat(comparisons)
                .filteredOn(
                        c -> c.input().value() instanceof Struct || c.input().value() instanceof Map)
                .isNotEmpty()
                .allSatisfy(c -> assertThat(c.apache().kind()).isEqualTo(Differential.Kind.OTHER_ERROR));
    }
}
