package io.kanal.runtime.transform;

import static io.kanal.runtime.transform.Differential.record;
import static org.assertj.core.api.Assertions.assertThat;

import io.kanal.api.data.Schema;
import io.kanal.api.data.SchemaBuilder;
import io.kanal.api.data.Struct;
import io.kanal.api.source.SourceRecord;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReplaceFieldDifferentialTest {

    static final Schema STRUCT = SchemaBuilder.struct()
            .name("s")
            .version(1)
            .parameter("p", "q")
            .field("a", Schema.INT64_SCHEMA)
            .field("b", Schema.OPTIONAL_STRING_SCHEMA)
            .field("c", SchemaBuilder.int32().optional().defaultValue(3).build())
            .field("d", SchemaBuilder.array(Schema.STRING_SCHEMA).optional().build())
            .optional()
            .build();

    static SourceRecord[] records() {
        Struct full =
                new Struct(STRUCT).put("a", 1L).put("b", "bee").put("c", 4).put("d", List.of("x"));
        Struct sparse = new Struct(STRUCT).put("a", 2L);
        Map<String, Object> map = new HashMap<>();
        map.put("a", 1L);
        map.put("b", null);
        map.put("c", 5);
        map.put("e", Map.of("k", "v"));
        Map<Object, Object> foreignKeys = new HashMap<>();
        foreignKeys.put(1, "one");
        return new SourceRecord[] {
            record(STRUCT, full, STRUCT, full),
            record(STRUCT, sparse, STRUCT, sparse),
            record(null, map, null, map),
            record(STRUCT, null, STRUCT, null),
            record(null, null, null, null),
            record(null, "text", null, "text"),
            record(Schema.STRING_SCHEMA, "text", Schema.STRING_SCHEMA, "text"),
            record(null, foreignKeys, null, foreignKeys),
        };
    }

    static final List<Map<String, String>> CONFIGS = List.of(
            Map.of(),
            Map.of("exclude", "a"),
            Map.of("exclude", "a,a"),
            Map.of("include", "a,c"),
            Map.of("include", "a,c", "exclude", "a"),
            Map.of("renames", "a:x,c:y"),
            Map.of("renames", "a:x,c:y", "replace.null.with.default", "false"),
            Map.of("renames", "a:x,a:y"),
            Map.of("renames", ":x"),
            Map.of("renames", "a:b:"),
            Map.of("renames", "a:c"),
            Map.of("renames", "a:x,b:x"),
            Map.of("include", "b,c", "renames", "b:a"),
            Map.of("include", "zzz"),
            Map.of("renames", "a"),
            Map.of("renames", "a:"),
            Map.of("renames", "a:b:c"),
            Map.of("renames", "a:b,,c:d"),
            Map.of("exclude", "a,,b"),
            Map.of("include", "a,"),
            Map.of("whitelist", "a"),
            Map.of("blacklist", "a"),
            Map.of("replace.null.with.default", "perhaps"));

    @Test
    void valueVariantMatchesConnect() {
        Differential differential =
                Differential.of(ReplaceField.Value::new, org.apache.kafka.connect.transforms.ReplaceField.Value::new);
        for (Map<String, String> config : CONFIGS) {
            differential.check(config, records());
        }
        assertThat(differential.comparisons())
                .filteredOn(c -> c.apache().kind() == Differential.Kind.RECORD)
                .hasSizeGreaterThan(50);
        // The removed whitelist/blacklist aliases are ignored as unknown keys, as in Connect 4.
        assertThat(ReplaceField.CONFIG_SPEC.key("whitelist")).isEmpty();
    }

    @Test
    void keyVariantMatchesConnect() {
        Differential differential =
                Differential.of(ReplaceField.Key::new, org.apache.kafka.connect.transforms.ReplaceField.Key::new);
        for (Map<String, String> config : CONFIGS) {
            differential.check(config, records());
        }
        assertThat(differential.comparisons())
                .filteredOn(c -> c.input().key() instanceof Map<?, ?> m && m.containsKey(1))
                .allSatisfy(c -> {
                    // Connect: ClassCastException on a non-string map key; Kanal: a DataException.
                    assertThat(c.kanal().kind()).isIn(Differential.Kind.DATA_ERROR, Differential.Kind.CONFIG_ERROR);
                });
    }
}
