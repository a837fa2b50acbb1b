package io.kanal.runtime.transform;

import static io.kanal.runtime.transform.Differential.valueRecord;
import static org.assertj.core.api.Assertions.assertThat;

import io.kanal.api.data.Schema;
import io.kanal.api.data.SchemaBuilder;
import io.kanal.api.data.Struct;
import io.kanal.api.source.SourceRecord;
import io.kanal.runtime.transform.Differential.Kind;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FlattenDifferentialTest {

    private static final List<Map<String, ?>> CONFIGS = List.of(
            Map.of(),
            Map.of("delimiter", "_"),
            Map.of("delimiter", "::"),
            Map.of("delimiter", ""),
            Map.of("delimiter", " . "));

    @Test
    void valueVariantMatchesConnect() {
        Differential differential =
                Differential.of(Flatten.Value::new, org.apache.kafka.connect.transforms.Flatten.Value::new);
        for (Map<String, ?> config : CONFIGS) {
            differential.check(config, SampleData.valueRecords());
        }
        SampleData.assertBothOutcomesSeen(differential);
    }

    @Test
    void keyVariantMatchesConnect() {
        Differential differential =
                Differential.of(Flatten.Key::new, org.apache.kafka.connect.transforms.Flatten.Key::new);
        for (Map<String, ?> config : CONFIGS) {
            differential.check(config, SampleData.keyRecords());
        }
        SampleData.assertBothOutcomesSeen(differential);
    }

    @Test
    void nestedOptionalityAndDefaultsFollowConnect() {
        Schema leaf = SchemaBuilder.struct()
                .field("x", SchemaBuilder.int32().defaultValue(7).build())
                .field("y", Schema.STRING_SCHEMA)
                .optional()
                .build();
        Schema middle = SchemaBuilder.struct()
                .field("leaf", leaf)
                .field(
                        "n",
                        SchemaBuilder.float32().optional().defaultValue(1.5f).build())
                .build();
        Schema top = SchemaBuilder.struct()
                .name("Top")
                .version(2)
                .doc("top doc")
                .field("middle", middle)
                .field("flag", Schema.BOOLEAN_SCHEMA)
                .field("list", SchemaBuilder.array(leaf).optional().build())
                .optional()
                .build();
        Struct full = new Struct(top)
                .put(
                        "middle",
                        new Struct(middle)
                                .put("leaf", new Struct(leaf).put("x", 1).put("y", "why"))
                                .put("n", 2f))
                .put("flag", true)
                .put("list", List.of(new Struct(leaf).put("x", 3).put("y", "z")));
        Struct holes = new Struct(top).put("middle", new Struct(middle)).put("flag", false);
        Differential differential =
                Differential.of(Flatten.Value::new, org.apache.kafka.connect.transforms.Flatten.Value::new);
        differential.check(Map.of(), valueRecord(top, full), valueRecord(top, holes), valueRecord(top, null));
    }

    @Test
    void badInputFailsLikeConnect() {
        Differential differential =
                Differential.of(Flatten.Value::new, org.apache.kafka.connect.transforms.Flatten.Value::new);
        Map<String, Object> withDate = new HashMap<>(Map.of("when", new java.util.Date(0)));
        Map<String, Object> withNestedDate =
                new HashMap<>(Map.of("a", new HashMap<>(Map.of("b", new java.math.BigDecimal("1.5")))));
        Map<String, Object> deepMap = new HashMap<>(Map.of("a", new HashMap<>(Map.of("b", "c"))));
        List<Differential.Comparison> results = differential.check(
                Map.of(),
                valueRecord(null, withDate),
                valueRecord(null, withNestedDate),
                valueRecord(null, deepMap),
                valueRecord(SampleData.WITH_MAP, SampleData.withMap()),
                valueRecord(Schema.STRING_SCHEMA, "not a struct"));
        assertThat(results.get(0).kanal().message())
                .isEqualTo("Flatten transformation was passed a value of type class java.util.Date which is not"
                        + " supported by Connect's data API");
        assertThat(results.get(3).kanal().message())
                .isEqualTo(
                        "Flatten transformation does not support MAP for record with schemas (for field attributes).");
    }

    @Test
    void aStructInsideASchemalessMapIsADataError() {
        // The message names Kanal's Struct class where Connect's names its own.
        Differential differential = Differential.of(
                        Flatten.Value::new, org.apache.kafka.connect.transforms.Flatten.Value::new)
                .ignoringMessages();
        Map<String, Object> withStruct = new HashMap<>(Map.of("s", SampleData.optionalPerson()));
        List<Differential.Comparison> results = differential.check(Map.of(), valueRecord(null, withStruct));
        assertThat(results.get(0).kanal().message())
                .isEqualTo("Flatten transformation does not support STRUCT for record without schemas (for field s).");
    }

    @Test
    void aNonStringMapKeyIsADataErrorWhereConnectThrowsClassCastException() {
        Differential differential =
                Differential.of(Flatten.Value::new, org.apache.kafka.connect.transforms.Flatten.Value::new);
        Map<Object, Object> nested = new HashMap<>(Map.of(1, "one"));
        Map<String, Object> map = new HashMap<>(Map.of("n", nested));
        SourceRecord record = valueRecord(null, map);
        List<Differential.Comparison> results = differential.check(Map.of(), record);
        assertThat(results.get(0).apache().kind()).isEqualTo(Kind.OTHER_ERROR);
        assertThat(results.get(0).kanal().kind()).isEqualTo(Kind.DATA_ERROR);
        assertThat(results.get(0).kanal().message())
                .contains("java.lang.Integer")
                .contains("field n");
    }
}
