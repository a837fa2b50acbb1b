package io.kanal.plugins.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kanal.api.data.Date;
import io.kanal.api.data.Decimal;
import io.kanal.api.data.Schema;
import io.kanal.api.data.SchemaBuilder;
import io.kanal.api.data.Struct;
import io.kanal.api.data.Time;
import io.kanal.api.data.Timestamp;
import io.kanal.api.errors.DataException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonEncoderTest {

    private static String json(Schema schema, Object value) {
        return new String(JsonEncoder.encode(schema, value), StandardCharsets.UTF_8);
    }

    @Test
    void primitivesAndNull() {
        assertThat(json(null, null)).isEqualTo("null");
        assertThat(json(Schema.INT32_SCHEMA, 42)).isEqualTo("42");
        assertThat(json(Schema.INT64_SCHEMA, -7L)).isEqualTo("-7");
        assertThat(json(Schema.BOOLEAN_SCHEMA, true)).isEqualTo("true");
        assertThat(json(Schema.FLOAT64_SCHEMA, 1.5)).isEqualTo("1.5");
        assertThat(json(Schema.FLOAT32_SCHEMA, Float.NaN)).isEqualTo("\"NaN\"");
        assertThat(json(Schema.FLOAT64_SCHEMA, Double.NEGATIVE_INFINITY)).isEqualTo("\"-Infinity\"");
    }

    @Test
    void stringsAreEscapedAndNeverParsed() {
        assertThat(json(Schema.STRING_SCHEMA, "a\"b\\c\nd\u0001é")).isEqualTo("\"a\\\"b\\\\c\\nd\\u0001é\"");
        // A string holding JSON stays a string: the body's shape never depends on the content.
        assertThat(json(null, "{\"x\":1}")).isEqualTo("\"{\\\"x\\\":1}\"");
    }

    @Test
    void bytesAsBase64() {
        assertThat(json(Schema.BYTES_SCHEMA, new byte[] {1, 2, 3})).isEqualTo("\"AQID\"");
        assertThat(json(null, ByteBuffer.wrap(new byte[] {1, 2, 3}))).isEqualTo("\"AQID\"");
    }

    @Test
    void structInFieldOrderWithNestedTypes() {
        Schema address =
                SchemaBuilder.struct().field("city", Schema.STRING_SCHEMA).build();
        Schema schema = SchemaBuilder.struct()
                .field("id", Schema.INT64_SCHEMA)
                .field("tags", SchemaBuilder.array(Schema.STRING_SCHEMA).build())
                .field(
                        "scores",
                        SchemaBuilder.map(Schema.INT32_SCHEMA, Schema.FLOAT64_SCHEMA)
                                .build())
                .field("address", address)
                .field("note", Schema.OPTIONAL_STRING_SCHEMA)
                .build();
        Map<Integer, Double> scores = new LinkedHashMap<>();
        scores.put(1, 0.5);
        Struct value = new Struct(schema)
                .put("id", 7L)
                .put("tags", List.of("a", "b"))
                .put("scores", scores)
                .put("address", new Struct(address).put("city", "Oslo"));
        assertThat(json(schema, value))
                .isEqualTo("{\"id\":7,\"tags\":[\"a\",\"b\"],\"scores\":{\"1\":0.5},\"address\":{\"city\":\"Oslo\"},"
                        + "\"note\":null}");
    }

    @Test
    void logicalTypes() {
        java.util.Date epochDay = new java.util.Date(19_000L * 86_400_000L);
        assertThat(json(Date.SCHEMA, epochDay)).isEqualTo("\"2022-01-08\"");
        assertThat(json(Time.SCHEMA, new java.util.Date(3_723_004L))).isEqualTo("\"01:02:03.004\"");
        assertThat(json(Timestamp.SCHEMA, new java.util.Date(1_700_000_000_123L)))
                .isEqualTo("\"2023-11-14T22:13:20.123Z\"");
        assertThat(json(Decimal.schema(2), new BigDecimal("12.34"))).isEqualTo("12.34");
    }

    @Test
    void schemalessMapsAndLists() {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("n", 1);
        value.put("list", List.of(true, "x"));
        value.put("nested", Map.of("k", "v"));
        assertThat(json(null, value)).isEqualTo("{\"n\":1,\"list\":[true,\"x\"],\"nested\":{\"k\":\"v\"}}");
    }

    @Test
    void keyAndValueEnvelope() {
        String envelope = new String(
                JsonEncoder.encodeKeyAndValue(Schema.STRING_SCHEMA, "k1", null, Map.of("a", 1)),
                StandardCharsets.UTF_8);
        assertThat(envelope).isEqualTo("{\"key\":\"k1\",\"value\":{\"a\":1}}");
    }

    @Test
    void unknownTypesAreADataExceptionNamingTheClassNotTheContent() {
        assertThatThrownBy(() -> JsonEncoder.encode(null, new Object() {
                    @Override
                    public String toString() {
                        return "secret-content";
                    }
                }))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("cannot encode")
                .hasMessageNotContaining("secret-content");
    }
}
