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

class HeaderFromDifferentialTest {

    static final Schema INNER =
            SchemaBuilder.struct().field("c", Schema.STRING_SCHEMA).optional().build();
    static final Schema STRUCT = SchemaBuilder.struct()
            .name("s")
            .version(2)
            .doc("doc")
            .field("a", Schema.INT64_SCHEMA)
            .field("b", Schema.OPTIONAL_STRING_SCHEMA)
            .field("n", INNER)
            .field("d", SchemaBuilder.int32().optional().defaultValue(3).build())
            .build();

    static SourceRecord[] records() {
        Struct full = new Struct(STRUCT)
                .put("a", 1L)
                .put("b", "bee")
                .put("n", new Struct(INNER).put("c", "see"))
                .put("d", 4);
        Struct sparse = new Struct(STRUCT).put("a", 2L);
        Map<String, Object> map = new HashMap<>();
        map.put("a", 1L);
        map.put("b", null);
        map.put("n", Map.of("c", "see"));
        return new SourceRecord[] {
            record(STRUCT, full, STRUCT, full),
            record(STRUCT, sparse, STRUCT, sparse),
            record(null, map, null, map),
            record(null, Map.of("z", 1), null, Map.of("z", 1)),
            record(STRUCT, null, STRUCT, null),
            record(null, null, null, null),
            record(null, "text", null, "text"),
            record(Schema.STRING_SCHEMA, "text", Schema.STRING_SCHEMA, "text"),
        };
    }

    static final List<Map<String, String>> CONFIGS = List.of(
            Map.of("fields", "a", "headers", "h", "operation", "copy"),
            Map.of("fields", "a,b,n,d", "headers", "ha,hb,hn,hd", "operation", "copy"),
            Map.of("fields", "a,b,n,d", "headers", "ha,hb,hn,hd", "operation", "move"),
            Map.of("fields", "d", "headers", "hd", "operation", "move", "replace.null.with.default", "false"),
            Map.of("fields", "a,a", "headers", "h,h", "operation", "copy"),
            Map.of("fields", "b", "headers", "h", "operation", "move"),
            Map.of("fields", "a,b", "headers", "h", "operation", "copy"),
            Map.of("fields", "a", "headers", "h", "operation", "MOVE"),
            Map.of("fields", "a", "headers", "h", "operation", "cut"),
            Map.of("fields", "", "headers", "", "operation", "copy"),
            Map.of("fields", "a", "headers", "h"),
            Map.of());

    /** Connect dereferences a missing field's schema: a NullPointerException; Kanal a DataException. */
    static final Map<String, String> MISSING_FIELD = Map.of("fields", "z", "headers", "hz", "operation", "copy");

    @Test
    void valueVariantMatchesConnect() {
        Differential differential =
                Differential.of(HeaderFrom.Value::new, org.apache.kafka.connect.transforms.HeaderFrom.Value::new);
        for (Map<String, String> config : CONFIGS) {
            differential.check(config, records());
        }
        differential.check(MISSING_FIELD, records());
        assertThat(differential.comparisons())
                .filteredOn(c -> c.apache().kind() == Differential.Kind.RECORD)
                .hasSizeGreaterThan(15);
    }

    @Test
    void keyVariantMatchesConnect() {
        Differential differential =
                Differential.of(HeaderFrom.Key::new, org.apache.kafka.connect.transforms.HeaderFrom.Key::new);
        for (Map<String, String> config : CONFIGS) {
            differential.check(config, records());
        }
        List<Differential.Comparison> missing = differential.check(MISSING_FIELD, records());
        assertThat(missing).filteredOn(c -> c.input().key() instanceof Struct).allSatisfy(c -> {
            assertThat(c.apache().kind()).isEqualTo(Differential.Kind.OTHER_ERROR);
            assertThat(c.kanal().message()).isEqualTo("Unknown field: z");
        });
    }
}
