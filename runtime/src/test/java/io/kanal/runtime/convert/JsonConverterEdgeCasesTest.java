package io.kanal.runtime.convert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kanal.api.data.ApacheData;
import io.kanal.api.data.Decimal;
import io.kanal.api.data.Schema;
import io.kanal.api.data.SchemaAndValue;
import io.kanal.api.data.Timestamp;
import io.kanal.api.errors.DataException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Corners the shared generators do not reach, against Apache Kafka Connect's JsonConverter: every UTF-16 code unit
 * (lone surrogates included), every double and float bit pattern, decimals of any scale and size in both formats,
 * schemaless nested data with non-string and null map keys, and unusual JSON number spellings read into every
 * numeric schema.
 */
class JsonConverterEdgeCasesTest {

    private static JsonConverter kanal(Map<String, Object> config) {
        JsonConverter converter = new JsonConverter();
        converter.configure(converter.configSpec().parse(config), false);
        return converter;
    }

    private static org.apache.kafka.connect.json.JsonConverter apache(Map<String, Object> config) {
        org.apache.kafka.connect.json.JsonConverter converter = new org.apache.kafka.connect.json.JsonConverter();
        converter.configure(config, false);
        return converter;
    }

    private static void sameBytes(Map<String, Object> config, Schema schema, Object value) {
        byte[] expected = apache(config).fromConnectData("t", ApacheData.schemaToApache(schema), value);
        byte[] actual = kanal(config).fromConnectData("t", null, schema, value);
        assertThat(JsonConverterDifferentialTest.text(actual)).isEqualTo(JsonConverterDifferentialTest.text(expected));
        assertThat(actual).isEqualTo(expected);
    }

    @Property(tries = 500)
    void anyStringIsEscapedAsJacksonEscapesIt(@ForAll("anyStrings") String text) {
        sameBytes(Map.of(), Schema.STRING_SCHEMA, text);
        sameBytes(Map.of("schemas.enable", "false"), null, Map.of(text, text));
        byte[] bytes = kanal(Map.of()).fromConnectData("t", null, Schema.STRING_SCHEMA, text);
        SchemaAndValue read = kanal(Map.of()).toConnectData("t", null, bytes);
        assertThat(read.value())
                .isEqualTo(apache(Map.of()).toConnectData("t", bytes).value());
    }

    @Provide
    Arbitrary<String> anyStrings() {
        return Arbitraries.oneOf(
                Arbitraries.strings().all().ofMaxLength(20),
                Arbitraries.strings().withCharRange('\u0000', '\u00ff').ofMaxLength(20),
                Arbitraries.strings().withCharRange('\ud700', '\ue0ff').ofMaxLength(6),
                // Plain text, then chars that need escapes or several bytes: the writer grows in the middle.
                Combinators.combine(
                                Arbitraries.strings().alpha().ofMaxLength(300),
                                Arbitraries.strings().all().ofMaxLength(100))
                        .as(String::concat));
    }

    @Property(tries = 1000)
    void everyDoubleAndFloatIsPrintedAsJacksonPrintsIt(@ForAll long doubleBits, @ForAll int floatBits) {
        double d = Double.longBitsToDouble(doubleBits);
        float f = Float.intBitsToFloat(floatBits);
        sameBytes(Map.of(), Schema.FLOAT64_SCHEMA, d);
        sameBytes(Map.of(), Schema.FLOAT32_SCHEMA, f);
        JsonConverter kanal = kanal(Map.of());
        byte[] bytes = kanal.fromConnectData("t", null, Schema.FLOAT64_SCHEMA, d);
        assertThat(kanal.toConnectData("t", null, bytes).value()).isEqualTo(d);
        bytes = kanal.fromConnectData("t", null, Schema.FLOAT32_SCHEMA, f);
        assertThat(kanal.toConnectData("t", null, bytes).value()).isEqualTo(f);
    }

    @Property(tries = 1000)
    void decimalsOfAnyScaleAndSize(
            @ForAll("unscaled") BigInteger unscaled, @ForAll("scales") int scale, @ForAll("formats") String format) {
        BigDecimal value = new BigDecimal(unscaled, scale);
        Schema schema = Decimal.schema(scale);
        Map<String, Object> config = Map.of("decimal.format", format);
        sameBytes(config, schema, value);
        byte[] bytes = kanal(config).fromConnectData("t", null, schema, value);
        Object kanalValue = kanal(config).toConnectData("t", null, bytes).value();
        assertThat(kanalValue)
                .isEqualTo(apache(config).toConnectData("t", bytes).value());
        assertThat(kanalValue).isEqualTo(value);
    }

    @Provide
    Arbitrary<BigInteger> unscaled() {
        return Arbitraries.bigIntegers().between(BigInteger.TEN.pow(40).negate(), BigInteger.TEN.pow(40));
    }

    @Provide
    Arbitrary<Integer> scales() {
        return Arbitraries.integers().between(-12, 30);
    }

    @Provide
    Arbitrary<String> formats() {
        return Arbitraries.of("BASE64", "NUMERIC");
    }

    @Property(tries = 500)
    void schemalessNestedData(@ForAll("schemaless") Object value, @ForAll boolean schemas) {
        Map<String, Object> config = Map.of("schemas.enable", String.valueOf(schemas));
        byte[] expected;
        try {
            expected = apache(config).fromConnectData("t", null, value);
        } catch (org.apache.kafka.connect.errors.DataException e) {
            assertThatThrownBy(() -> kanal(config).fromConnectData("t", null, null, value))
                    .isInstanceOf(DataException.class);
            return;
        }
        byte[] actual = kanal(config).fromConnectData("t", null, null, value);
        assertThat(JsonConverterDifferentialTest.text(actual)).isEqualTo(JsonConverterDifferentialTest.text(expected));
        if (expected != null) {
            Object kanalRead = kanal(config).toConnectData("t", null, expected).value();
            Object apacheRead = apache(config).toConnectData("t", expected).value();
            assertThat(DeepEquality.equivalent(kanalRead, apacheRead)).isTrue();
        }
    }

    @Provide
    Arbitrary<Object> schemaless() {
        Arbitrary<Object> leaves = Arbitraries.oneOf(
                Arbitraries.integers().map(v -> (Object) v),
                Arbitraries.longs().map(v -> (Object) v),
                Arbitraries.bytes().map(v -> (Object) v),
                Arbitraries.doubles().map(v -> (Object) v),
                Arbitraries.floats().map(v -> (Object) v),
                Arbitraries.of(true, false).map(v -> (Object) v),
                Arbitraries.strings().ofMaxLength(5).map(v -> (Object) v),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(4).map(v -> (Object) v),
                Arbitraries.just(new BigDecimal("1.5")),
                Arbitraries.just(new java.util.Date(5)));
        return Arbitraries.recursive(() -> leaves.injectNull(0.1), this::containers, 3);
    }

    private Arbitrary<Object> containers(Arbitrary<Object> inner) {
        Arbitrary<Object> lists = inner.list().ofMaxSize(3).map(l -> (Object) new ArrayList<>(l));
        Arbitrary<Object> maps = Combinators.combine(inner, inner)
                .as((k, v) -> Arrays.asList(k, v))
                .list()
                .ofMaxSize(3)
                .map(entries -> {
                    Map<Object, Object> map = new LinkedHashMap<>();
                    entries.forEach(e -> map.put(e.get(0), e.get(1)));
                    return (Object) map;
                });
        Arbitrary<Object> stringMaps = Combinators.combine(Arbitraries.strings().ofMaxLength(3), inner)
                .as((k, v) -> Arrays.asList(k, v))
                .list()
                .ofMaxSize(3)
                .map(entries -> {
                    Map<Object, Object> map = new LinkedHashMap<>();
                    entries.forEach(e -> map.put(e.get(0), e.get(1)));
                    return (Object) map;
                });
        return Arbitraries.oneOf(lists, maps, stringMaps);
    }

    @Property(tries = 2000)
    void unusualNumbersAreReadAsApacheReadsThem(
            @ForAll("numbers") String number, @ForAll("numericSchemas") Schema schema) {
        String type = JsonEncoder.typeName(schema.type());
        String schemaJson = schema.name() == null
                ? "{\"type\":\"" + type + "\"}"
                : "{\"type\":\"" + type + "\",\"name\":\"" + schema.name() + "\",\"parameters\":{\"scale\":\"2\"}}";
        byte[] bytes = ("{\"schema\":" + schemaJson + ",\"payload\":" + number + "}").getBytes(StandardCharsets.UTF_8);
        Object expected;
        try {
            expected = apache(Map.of()).toConnectData("t", bytes).value();
        } catch (org.apache.kafka.connect.errors.DataException e) {
            assertThatThrownBy(() -> kanal(Map.of()).toConnectData("t", null, bytes))
                    .isInstanceOf(DataException.class);
            return;
        }
        Object actual = kanal(Map.of()).toConnectData("t", null, bytes).value();
        assertThat(DeepEquality.equivalent(actual, expected))
                .as("%s as %s: Kanal %s, Apache %s", number, type, actual, expected)
                .isTrue();
        Object schemalessExpected = apache(Map.of("schemas.enable", "false"))
                .toConnectData("t", number.getBytes(StandardCharsets.UTF_8))
                .value();
        Object schemalessActual = kanal(Map.of("schemas.enable", "false"))
                .toConnectData("t", null, number.getBytes(StandardCharsets.UTF_8))
                .value();
        assertThat(DeepEquality.equivalent(schemalessActual, schemalessExpected))
                .isTrue();
    }

    @Provide
    Arbitrary<String> numbers() {
        Arbitrary<String> digits =
                Arbitraries.strings().numeric().ofMinLength(1).ofMaxLength(25);
        Arbitrary<String> signs = Arbitraries.of("", "-");
        Arbitrary<String> fractions = Arbitraries.strings()
                .numeric()
                .ofMinLength(1)
                .ofMaxLength(20)
                .map(f -> "." + f)
                .injectNull(0.5)
                .map(f -> f == null ? "" : f);
        Arbitrary<String> exponents = Arbitraries.integers()
                .between(-400, 400)
                .map(e -> "e" + e)
                .injectNull(0.6)
                .map(e -> e == null ? "" : e);
        return Combinators.combine(signs, digits, fractions, exponents).as((s, d, f, e) -> s + d + f + e);
    }

    @Provide
    Arbitrary<Schema> numericSchemas() {
        return Arbitraries.of(
                Schema.INT8_SCHEMA,
                Schema.INT16_SCHEMA,
                Schema.INT32_SCHEMA,
                Schema.INT64_SCHEMA,
                Schema.FLOAT32_SCHEMA,
                Schema.FLOAT64_SCHEMA,
                Decimal.schema(2),
                Timestamp.SCHEMA);
    }

    @Property(tries = 200)
    void mapsWithNullKeysAndValues(@ForAll("keys") List<Integer> keys) {
        Map<Object, Object> map = new LinkedHashMap<>();
        keys.forEach(k -> map.put(k, k == null ? null : "v" + k));
        Schema schema = io.kanal.api.data.SchemaBuilder.map(Schema.OPTIONAL_INT32_SCHEMA, Schema.OPTIONAL_STRING_SCHEMA)
                .build();
        sameBytes(Map.of(), schema, map);
        sameBytes(Map.of(), null, map);
    }

    @Provide
    Arbitrary<List<Integer>> keys() {
        return Arbitraries.integers()
                .between(-3, 3)
                .injectNull(0.3)
                .list()
                .ofMaxSize(4)
                .uniqueElements();
    }

    @Property(tries = 3000)
    void corruptedJsonIsRejectedWheneverApacheRejectsIt(
            @ForAll("data") SchemaAndValue data, @ForAll boolean schemas, @ForAll("edits") List<int[]> edits) {
        Map<String, Object> config = Map.of("schemas.enable", String.valueOf(schemas));
        byte[] bytes;
        try {
            bytes = apache(config)
                    .fromConnectData(
                            "t", ApacheData.schemaToApache(data.schema()), ApacheData.valueToApache(data.value()));
        } catch (org.apache.kafka.connect.errors.DataException e) {
            return;
        }
        if (bytes == null) {
            return;
        }
        byte[] corrupted = corrupt(bytes, edits);
        Object apacheValue;
        try {
            apacheValue = apache(config).toConnectData("t", corrupted).value();
        } catch (RuntimeException apacheFailure) {
            // Apache rejects it: so must Kanal, with a DataException.
            assertThatThrownBy(() -> kanal(config).toConnectData("t", null, corrupted))
                    .as("Apache: %s", apacheFailure)
                    .isInstanceOf(DataException.class);
            return;
        }
        try {
            Object kanalValue =
                    kanal(config).toConnectData("t", null, corrupted).value();
            assertThat(DeepEquality.equivalent(kanalValue, ApacheData.valueFromApache(apacheValue)))
                    .as(
                            "%s: Kanal %s, Apache %s",
                            JsonConverterDifferentialTest.text(corrupted), kanalValue, apacheValue)
                    .isTrue();
        } catch (DataException stricter) {
            // Kanal is stricter where Connect is lax (a string for a number, trailing content): allowed.
        }
    }

    private static byte[] corrupt(byte[] bytes, List<int[]> edits) {
        byte[] out = bytes;
        for (int[] edit : edits) {
            if (out.length == 0) {
                break;
            }
            int at = Math.floorMod(edit[1], out.length);
            byte b = (byte) edit[2];
            switch (edit[0]) {
                case 0 -> {
                    out = Arrays.copyOf(out, out.length);
                    out[at] = b;
                }
                case 1 -> {
                    byte[] shorter = new byte[out.length - 1];
                    System.arraycopy(out, 0, shorter, 0, at);
                    System.arraycopy(out, at + 1, shorter, at, out.length - at - 1);
                    out = shorter;
                }
                default -> {
                    byte[] longer = new byte[out.length + 1];
                    System.arraycopy(out, 0, longer, 0, at);
                    longer[at] = b;
                    System.arraycopy(out, at, longer, at + 1, out.length - at);
                    out = longer;
                }
            }
        }
        return out;
    }

    @Provide
    Arbitrary<SchemaAndValue> data() {
        return io.kanal.api.data.DataArbitraries.schemasAndValues();
    }

    @Provide
    Arbitrary<List<int[]>> edits() {
        Arbitrary<Integer> interesting = Arbitraries.of(
                (int) '"',
                (int) '\\',
                (int) '{',
                (int) '}',
                (int) '[',
                (int) ']',
                (int) ',',
                (int) ':',
                (int) '0',
                (int) '-',
                (int) '.',
                (int) 'e',
                (int) ' ',
                (int) 'n',
                0x80,
                0xC3,
                0xFF,
                0x01,
                (int) 'A',
                (int) '=');
        return Combinators.combine(Arbitraries.integers().between(0, 2), Arbitraries.integers(), interesting)
                .as((kind, at, b) -> new int[] {kind, at, b})
                .list()
                .ofMinSize(1)
                .ofMaxSize(2);
    }
}
