package io.kanal.runtime.convert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kanal.api.data.Decimal;
import io.kanal.api.data.Schema;
import io.kanal.api.data.SchemaAndValue;
import io.kanal.api.data.SchemaBuilder;
import io.kanal.api.data.Struct;
import io.kanal.api.errors.DataException;
import io.kanal.config.ConfigValidationException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** JsonConverter's configuration, caches, and the errors it gives for bad input. */
class JsonConverterTest {

    private static final Schema ADDRESS = SchemaBuilder.struct()
            .name("Address")
            .field("street", Schema.STRING_SCHEMA)
            .field("zip", Schema.INT32_SCHEMA)
            .build();
    private static final Schema PERSON = SchemaBuilder.struct()
            .name("Person")
            .field("name", Schema.STRING_SCHEMA)
            .field("addresses", SchemaBuilder.array(ADDRESS).build())
            .build();

    private static JsonConverter converter(Map<String, Object> config) {
        JsonConverter converter = new JsonConverter();
        converter.configure(converter.configSpec().parse(config), false);
        return converter;
    }

    private static JsonConverter converter() {
        return converter(Map.of());
    }

    private static byte[] utf8(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @Test
    void theSpecHasConnectsKeysAndDefaults() {
        assertThat(converter().configSpec().keys())
                .extracting(k -> k.name())
                .containsExactly(
                        "converter.type",
                        "schemas.enable",
                        "schemas.cache.size",
                        "schema.content",
                        "decimal.format",
                        "replace.null.with.default");
        assertThat(JsonConverter.SCHEMAS_ENABLE.defaultValue()).contains(true);
        assertThat(JsonConverter.SCHEMAS_CACHE_SIZE.defaultValue()).contains(1000);
        assertThat(JsonConverter.DECIMAL_FORMAT.defaultValue()).contains("BASE64");
        assertThat(JsonConverter.REPLACE_NULL_WITH_DEFAULT.defaultValue()).contains(true);
    }

    @ParameterizedTest
    @CsvSource({
        "decimal.format, FOO, 'BASE64', 'NUMERIC'",
        "converter.type, KEY, 'key', 'header'",
        "schemas.enable, yes, decimal.format, schemas.enable",
    })
    void anInvalidSettingNamesTheKeyAndTheAllowedValues(String key, String value, String allowed1, String allowed2) {
        JsonConverter converter = new JsonConverter();
        assertThatThrownBy(() -> converter.configSpec().parse(Map.of(key, value)))
                .isInstanceOf(ConfigValidationException.class)
                .hasMessageContaining(key)
                .satisfies(e -> {
                    if (!key.equals("schemas.enable")) {
                        assertThat(e.getMessage()).contains(allowed1, allowed2);
                    }
                });
    }

    @Test
    void decimalFormatIsCaseInsensitiveAsInConnect() {
        JsonConverter converter = converter(Map.of("decimal.format", "numeric", "schemas.enable", "false"));
        assertThat(text(converter.fromConnectData("t", null, Decimal.schema(2), new BigDecimal("1.50"))))
                .isEqualTo("1.50");
    }

    @Test
    void anInvalidSchemaContentIsAnErrorWhenConfigured() {
        JsonConverter converter = new JsonConverter();
        assertThatThrownBy(() -> converter.configure(
                        converter.configSpec().parse(Map.of("schema.content", "{\"type\":\"nope\"}")), false))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("schema.content")
                .hasMessageContaining("Unknown schema type: nope");
        assertThatThrownBy(() -> converter.configure(
                        converter.configSpec().parse(Map.of("schema.content", "{\"type\":")), false))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("schema.content")
                .hasMessageContaining("byte offset");
    }

    @Test
    void malformedJsonNamesWhatAndWhere() {
        assertThatThrownBy(() -> converter().toConnectData("t", null, utf8("{\"schema\":null,\"payload\":[1,]}")))
                .isInstanceOf(DataException.class)
                .hasMessage("Malformed JSON at byte offset 28: unexpected character ']': expected a JSON value (string,"
                        + " number, object, array, true, false or null) (at payload)");
        assertThatThrownBy(() -> converter(Map.of("schemas.enable", "false")).toConnectData("t", null, utf8("{\"a\":")))
                .isInstanceOf(DataException.class)
                .hasMessage("Malformed JSON at byte offset 5: unexpected end of input: expected a value");
        assertThatThrownBy(() -> converter(Map.of("schemas.enable", "false")).toConnectData("t", null, utf8("1 2")))
                .isInstanceOf(DataException.class)
                .hasMessage("Malformed JSON at byte offset 2: unexpected content after the JSON value");
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(
            strings = {
                "{\"schema\":{\"type\":\"bytes\",\"name\":\"org.apache.kafka.connect.data.Decimal\"},\"payload\":\"AJY=\"}",
                "{\"schema\":{\"type\":\"bytes\",\"name\":\"org.apache.kafka.connect.data.Decimal\","
                        + "\"parameters\":{\"scale\":\"x\"}},\"payload\":\"AJY=\"}",
                "{\"schema\":{\"type\":\"bytes\",\"name\":\"org.apache.kafka.connect.data.Decimal\","
                        + "\"parameters\":{\"scale\":\"2\"}},\"payload\":true}",
                "{\"schema\":{\"type\":\"string\",\"name\":\"org.apache.kafka.connect.data.Date\"},\"payload\":1}",
                "{\"schema\":{\"type\":\"string\",\"name\":\"org.apache.kafka.connect.data.Timestamp\"},\"payload\":1}",
                "{\"schema\":{\"type\":\"int32\",\"default\":\"x\"},\"payload\":1}",
                "{\"schema\":{\"type\":\"int32\",\"default\":null},\"payload\":1}",
                "{\"schema\":{\"type\":\"struct\",\"fields\":[{\"type\":\"int8\",\"field\":\"a\"}],"
                        + "\"default\":{\"a\":1}},\"payload\":null}",
                "{\"schema\":{\"type\":\"map\",\"keys\":null,\"values\":{\"type\":\"int8\"}},\"payload\":[]}",
                "{\"schema\":{\"type\":\"map\",\"keys\":{\"type\":\"int8\"},\"values\":{\"type\":\"int8\"}},"
                        + "\"payload\":[[1,2,3]]}",
                "{\"schema\":{\"type\":\"struct\",\"fields\":[{\"type\":\"int8\",\"field\":\"a\"},"
                        + "{\"type\":\"int8\",\"field\":\"a\"}]},\"payload\":{}}",
                "{\"schema\":{\"type\":\"array\",\"items\":{\"type\":\"int8\"},\"default\":[1,\"x\"]},"
                        + "\"payload\":null}",
                "{\"schema\":{\"type\":\"bytes\"},\"payload\":\"A===\"}",
                "{\"schema\":{\"type\":\"string\"},\"payload\":\"\\ud800\\u12\"}",
                "{\"schema\":{\"type\":\"string\"},\"payload\":\"\\x\"}",
                "{\"schema\":{\"type\":\"int64\"},\"payload\":1e99999999999}",
            })
    void hostileEnvelopesFailWithADataExceptionOnly(String json) {
        try {
            converter().toConnectData("t", null, utf8(json));
        } catch (DataException expected) {
            assertThat(expected.getMessage()).isNotBlank();
        }
    }

    @Test
    void hostileValuesFailWithADataExceptionOnly() {
        Schema decimalWithoutScale =
                SchemaBuilder.bytes().name(Decimal.LOGICAL_NAME).build();
        assertThatThrownBy(() -> converter().fromConnectData("t", null, decimalWithoutScale, BigDecimal.ONE))
                .isInstanceOf(DataException.class);
        assertThatThrownBy(() -> converter().fromConnectData("t", null, PERSON, "not a struct"))
                .isInstanceOf(DataException.class)
                .hasMessage("Invalid type for STRUCT: class java.lang.String");
        assertThatThrownBy(() -> converter().fromConnectData("t", null, null, new Object()))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("does not have corresponding schema type");
        assertThatThrownBy(() -> converter().fromConnectData("t", null, null, person()))
                .isInstanceOf(DataException.class)
                .hasMessage("Mismatching schema.");
    }

    @Test
    void deepNestingIsAnErrorNotAStackOverflow() {
        byte[] deep = utf8("[".repeat(100_000));
        assertThatThrownBy(() -> converter(Map.of("schemas.enable", "false")).toConnectData("t", null, deep))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("nesting deeper than 1000 levels");
        byte[] envelope = utf8("{\"schema\":null,\"payload\":" + "[".repeat(100_000));
        assertThatThrownBy(() -> converter().toConnectData("t", null, envelope))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("nesting deeper than 1000 levels");
        byte[] schema = utf8("{\"schema\":" + "{\"type\":\"array\",\"items\":".repeat(50_000) + "}");
        assertThatThrownBy(() -> converter().toConnectData("t", null, schema))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("Malformed JSON");
    }

    @Test
    void aMissingOrExtraEnvelopeMemberIsRejectedAsInConnect() {
        for (String json : List.of("{}", "5", "{\"schema\":null}", "{\"schema\":null,\"payload\":1,\"x\":2}", "")) {
            assertThatThrownBy(() -> converter().toConnectData("t", null, utf8(json)))
                    .as(json)
                    .isInstanceOf(DataException.class)
                    .hasMessageContaining("requires \"schema\" and \"payload\" fields");
        }
    }

    @Test
    void aValueThatDoesNotFitItsSchemaNamesItsPath() {
        String schema = text(converter().fromConnectData("t", null, PERSON, person()));
        String envelope = schema.substring(0, schema.indexOf(",\"payload\":"))
                + ",\"payload\":{\"name\":\"Ann\",\"addresses\":[{\"street\":\"Main\",\"zip\":1},"
                + "{\"street\":\"High\",\"zip\":\"oops\"}]}}";
        assertThatThrownBy(() -> converter().toConnectData("t", null, utf8(envelope)))
                .isInstanceOf(DataException.class)
                .hasMessage(
                        "Expected a JSON number for a INT32 value but found a string (at payload.addresses[1].zip)");

        String missing = schema.substring(0, schema.indexOf(",\"payload\":"))
                + ",\"payload\":{\"name\":\"Ann\",\"addresses\":[{\"street\":\"Main\"}]}}";
        assertThatThrownBy(() -> converter().toConnectData("t", null, utf8(missing)))
                .isInstanceOf(DataException.class)
                .hasMessage("Invalid null value for required INT32 field (at payload.addresses[0].zip)");
    }

    @Test
    void writingAValueThatDoesNotFitItsSchemaNamesItsPath() {
        Struct bad = person();
        bad.getArray("addresses").set(0, new Struct(ADDRESS).put("street", "x").put("zip", 1));
        List<Object> addresses = bad.getArray("addresses");
        Struct incomplete = new Struct(ADDRESS).put("street", "y");
        addresses.add(incomplete);
        assertThatThrownBy(() -> converter().fromConnectData("t", null, PERSON, bad))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("null value for field that is required")
                .hasMessageEndingWith("(at addresses[1].zip)");
        assertThatThrownBy(() -> converter().fromConnectData("t", null, Schema.INT32_SCHEMA, "5"))
                .isInstanceOf(DataException.class)
                .hasMessage("Invalid type for INT32: class java.lang.String");
    }

    @Test
    void anInvalidSchemaInTheEnvelopeNamesItsPath() {
        String json = "{\"schema\":{\"type\":\"struct\",\"fields\":[{\"type\":\"array\",\"field\":\"a\"}]},"
                + "\"payload\":{}}";
        assertThatThrownBy(() -> converter().toConnectData("t", null, utf8(json)))
                .isInstanceOf(DataException.class)
                .hasMessage("Array schema did not specify the element type (at schema.fields[0])");
    }

    @Test
    void nonFiniteFloatsRoundTripUnlikeInConnect() {
        JsonConverter converter = converter();
        for (double value : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0}) {
            byte[] bytes = converter.fromConnectData("t", null, Schema.FLOAT64_SCHEMA, value);
            assertThat(converter.toConnectData("t", null, bytes).value()).isEqualTo(value);
        }
    }

    @Test
    void theSchemaCachesHoldOneEntryPerSchemaAndNoneWhenSizeIsZero() {
        JsonConverter converter = converter();
        Schema other = SchemaBuilder.struct().field("x", Schema.INT64_SCHEMA).build();
        byte[] first = converter.fromConnectData("t", null, PERSON, person());
        byte[] again = converter.fromConnectData("t", null, PERSON, person());
        converter.fromConnectData("t", null, other, new Struct(other).put("x", 1L));
        converter.fromConnectData("t", null, PERSON, person());
        assertThat(again).isEqualTo(first);
        assertThat(converter.writeCacheSize()).isEqualTo(2);

        SchemaAndValue read = converter.toConnectData("t", null, first);
        converter.toConnectData("t", null, first);
        assertThat(converter.readCacheSize()).isEqualTo(1);
        assertThat(read.schema()).isEqualTo(PERSON);
        assertThat(read.value()).isEqualTo(person());

        JsonConverter uncached = converter(Map.of("schemas.cache.size", "0"));
        assertThat(uncached.fromConnectData("t", null, PERSON, person())).isEqualTo(first);
        assertThat(uncached.toConnectData("t", null, first).value()).isEqualTo(person());
        assertThat(uncached.writeCacheSize()).isZero();
        assertThat(uncached.readCacheSize()).isZero();
    }

    @Test
    void theHeaderMethodsUseTheRecordFormat() {
        JsonConverter converter = new JsonConverter();
        converter.configure(converter.configSpec().parse(new HashMap<>(Map.of("converter.type", "header"))));
        byte[] bytes = converter.fromConnectHeader("t", "h", Schema.STRING_SCHEMA, "v");
        assertThat(text(bytes)).isEqualTo("{\"schema\":{\"type\":\"string\",\"optional\":false},\"payload\":\"v\"}");
        assertThat(converter.toConnectHeader("t", "h", bytes)).isEqualTo(new SchemaAndValue(Schema.STRING_SCHEMA, "v"));
        assertThat(converter.toConnectHeader("t", "h", null)).isEqualTo(SchemaAndValue.NULL);
    }

    private static Struct person() {
        return new Struct(PERSON)
                .put("name", "Ann")
                .put(
                        "addresses",
                        new java.util.ArrayList<>(List.of(
                                new Struct(ADDRESS).put("street", "Main").put("zip", 1))));
    }
}
