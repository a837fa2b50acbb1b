package io.kanal.runtime.transform;

import static io.kanal.runtime.transform.Differential.valueRecord;
import static org.assertj.core.api.Assertions.assertThat;

import io.kanal.api.data.Decimal;
import io.kanal.api.data.Schema;
import io.kanal.api.data.SchemaBuilder;
import io.kanal.api.data.Struct;
import io.kanal.api.source.SourceRecord;
import io.kanal.runtime.transform.Differential.Kind;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SetSchemaMetadataDifferentialTest {

    private static final List<Map<String, ?>> CONFIGS = List.of(
            Map.of("schema.name", "renamed"),
            Map.of("schema.version", "9"),
            Map.of("schema.name", "renamed", "schema.version", " 9 "),
            Map.of("schema.name", "renamed", "replace.null.with.default", "false"),
            Map.of("schema.name", ""),
            Map.of(),
            Map.of("schema.version", "nine"),
            Map.of("schema.version", "9.5"),
            Map.of("schema.name", "x", "replace.null.with.default", "no"));

    /** Struct operands (and records without schema), where Connect 4.4.0 works. */
    private static SourceRecord[] structRecords() {
        Schema nested = SchemaBuilder.struct()
                .name("Outer")
                .field("inner", SampleData.ADDRESS)
                .field("amount", Decimal.schema(3))
                .field("n", SchemaBuilder.int64().optional().defaultValue(5L).build())
                .build();
        Struct nestedValue = new Struct(nested)
                .put("inner", new Struct(SampleData.ADDRESS).put("street", "s"))
                .put("amount", new BigDecimal("1.234"));
        return new SourceRecord[] {
            valueRecord(SampleData.PERSON, SampleData.fullPerson()),
            valueRecord(SampleData.PERSON, SampleData.sparsePerson()),
            valueRecord(SampleData.OPTIONAL_PERSON, SampleData.optionalPerson()),
            valueRecord(nested, nestedValue),
            valueRecord(nested, nestedValue),
            valueRecord(null, null),
            valueRecord(null, Map.of("a", 1)),
            valueRecord(null, "text"),
        };
    }

    @Test
    void valueVariantMatchesConnect() {
        Differential differential = Differential.of(
                SetSchemaMetadata.Value::new, org.apache.kafka.connect.transforms.SetSchemaMetadata.Value::new);
        for (Map<String, ?> config : CONFIGS) {
            differential.check(config, structRecords());
        }
        SampleData.assertBothOutcomesSeen(differential);
    }

    @Test
    void keyVariantMatchesConnect() {
        Differential differential = Differential.of(
                SetSchemaMetadata.Key::new, org.apache.kafka.connect.transforms.SetSchemaMetadata.Key::new);
        for (Map<String, ?> config : CONFIGS) {
            for (SourceRecord value : structRecords()) {
                differential.check(
                        config, Differential.record(value.valueSchema(), value.value(), Schema.INT32_SCHEMA, 1));
            }
        }
        SampleData.assertBothOutcomesSeen(differential);
    }

    @Test
    void nonStructSchemasAreRenamedWhereConnect440Fails() {
        // Connect 4.4.0 lists the fields of every schema and so fails on any non-struct one ("Cannot list fields on
        // non-struct type"); Kanal renames them, as Connect did before. This pins the difference: if a later Connect
        // fixes it, this test says so.
        Differential differential = Differential.of(
                SetSchemaMetadata.Value::new, org.apache.kafka.connect.transforms.SetSchemaMetadata.Value::new);
        Schema decimal = Decimal.builder(2).optional().version(1).doc("money").build();
        Schema array = SchemaBuilder.array(Schema.STRING_SCHEMA).build();
        Schema map =
                SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.INT32_SCHEMA).build();
        SourceRecord[] records = {
            valueRecord(Schema.INT32_SCHEMA, 5),
            valueRecord(decimal, new BigDecimal("1.25")),
            valueRecord(decimal, null),
            valueRecord(array, List.of("a")),
            valueRecord(map, Map.of("a", 1)),
        };
        for (Differential.Comparison comparison : differential.run(Map.of("schema.version", "4"), records)) {
            assertThat(comparison.apache().kind()).isEqualTo(Kind.DATA_ERROR);
            assertThat(comparison.apache().message()).isEqualTo("Cannot list fields on non-struct type");
            assertThat(comparison.kanal().kind()).isEqualTo(Kind.RECORD);
            org.apache.kafka.connect.data.Schema renamed =
                    comparison.kanal().record().valueSchema();
            org.apache.kafka.connect.data.Schema original = io.kanal.api.data.ApacheData.schemaToApache(
                    comparison.input().valueSchema());
            assertThat(renamed.version()).isEqualTo(4);
            assertThat(renamed.type()).isEqualTo(original.type());
            assertThat(renamed.name()).isEqualTo(original.name());
            assertThat(renamed.parameters()).isEqualTo(original.parameters());
            assertThat(renamed.isOptional()).isEqualTo(original.isOptional());
            assertThat(renamed.doc()).isEqualTo(original.doc());
            assertThat(comparison.kanal().record().value())
                    .isEqualTo(comparison.input().value());
        }
    }
}
