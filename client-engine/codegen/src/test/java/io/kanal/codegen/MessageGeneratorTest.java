package io.kanal.codegen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class MessageGeneratorTest {
    private static final String SPEC = """
            // A comment, as Kafka's specs have.
            {
              "apiKey": 99, "type": "request", "name": "SampleRequest",
              "validVersions": "0-3", "flexibleVersions": "2+",
              "fields": [
                { "name": "Name", "type": "string", "versions": "0+", "about": "A <name>." },
                { "name": "Limit", "type": "int32", "versions": "1+", "default": "0x7fffffff" },
                { "name": "Items", "type": "[]Item", "versions": "0+", "nullableVersions": "3+", "fields": [
                  { "name": "Id", "type": "uuid", "versions": "0+" }
                ]},
                { "name": "Hint", "type": "string", "versions": "2+", "taggedVersions": "2+", "tag": 0,
                  "nullableVersions": "2+", "default": "null" }
              ]
            }
            """;

    @Test
    void parsesCommentedSpecs() {
        MessageSpec spec = SpecLoader.parse(SPEC);
        assertThat(spec.apiKey()).isEqualTo((short) 99);
        assertThat(spec.fields()).extracting(FieldSpec::name).containsExactly("Name", "Limit", "Items", "Hint");
        assertThat(spec.fields().get(3).tag()).isZero();
    }

    @Test
    void generatesARecordWithNestedStructsBuilderAndCodec() {
        String source = new MessageGenerator(SpecLoader.parse(SPEC)).generate();
        assertThat(source)
                .contains("public record SampleRequest(String name, int limit, java.util.List<Item> items, String hint,"
                        + " java.util.List<RawTaggedField> unknownTaggedFields) implements ApiMessage")
                .contains("public record Item(java.util.UUID id, java.util.List<RawTaggedField> unknownTaggedFields)")
                .contains("private int limit = 2147483647;")
                .contains("A &lt;name&gt;.")
                .contains("throw nonDefaultField(\"SampleRequest.Limit\", version);")
                .contains("r.readArrayLength(version >= 2, version >= 3, 16)")
                .contains("if (tag == 0 && version >= 2)");
    }

    @Test
    void findsEveryStructAndRejectsUnknownOnes() {
        StructRegistry registry = new StructRegistry(SpecLoader.parse(SPEC));
        assertThat(registry.structs()).extracting(StructSpec::name).containsExactly("SampleRequest", "Item");
        assertThat(registry.minSize(registry.struct("Item"))).isEqualTo(16);
        String broken = SPEC.replace("\"fields\": [\n      { \"name\": \"Id\"", "\"x\": [\n      { \"name\": \"Id\"");
        assertThatThrownBy(() -> new StructRegistry(SpecLoader.parse(broken)))
                .hasMessageContaining("unknown struct Item");
    }

    @Test
    void namesApiConstantsAsKafkaDoes() {
        assertThat(ApiKeyGenerator.upperSnake("OffsetForLeaderEpoch")).isEqualTo("OFFSET_FOR_LEADER_EPOCH");
        assertThat(ApiKeyGenerator.upperSnake("ApiVersions")).isEqualTo("API_VERSIONS");
        assertThat(ApiKeyGenerator.upperSnake("DescribeAcls")).isEqualTo("DESCRIBE_ACLS");
        assertThat(List.of(ApiKeyGenerator.apiName(SpecLoader.parse(SPEC)))).containsExactly("Sample");
    }
}
