package io.kanal.api.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kanal.api.data.Schema.Type;
import io.kanal.api.errors.DataException;
import io.kanal.api.errors.SchemaBuilderException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Values' results pinned on the cases where Connect's behaviour is least obvious (checked against Connect 4.4). */
class ValuesTest {

    private static final long DAY = 86_400_000L;

    private static SchemaAndValue parse(String text) {
        return Values.parseString(text);
    }

    private static java.util.Date date(long millis) {
        return new java.util.Date(millis);
    }

    // ---- parseString: scalars -----------------------------------------------------------------------------------

    @Test
    void nullEmptyAndBlankInput() {
        assertThat(parse(null)).isSameAs(SchemaAndValue.NULL);
        assertThat(parse("")).isEqualTo(new SchemaAndValue(Schema.STRING_SCHEMA, ""));
        assertThat(parse(" ")).isEqualTo(new SchemaAndValue(Schema.STRING_SCHEMA, " "));
        assertThat(parse("  abc")).isEqualTo(new SchemaAndValue(Schema.STRING_SCHEMA, "  abc"));
    }

    @Test
    void theNullLiteralYieldsNoResultAtAll() {
        assertThat(parse("null")).isNull();
        assertThat(parse(" null ")).isNull();
        assertThat(parse("nullx")).isEqualTo(new SchemaAndValue(Schema.STRING_SCHEMA, "nullx"));
    }

    @Test
    void booleansAreExactCaseAndAlone() {
        assertThat(parse("true")).isEqualTo(new SchemaAndValue(Schema.BOOLEAN_SCHEMA, true));
        assertThat(parse(" false\t")).isEqualTo(new SchemaAndValue(Schema.BOOLEAN_SCHEMA, false));
        assertThat(parse("TRUE")).isEqualTo(new SchemaAndValue(Schema.STRING_SCHEMA, "TRUE"));
        assertThat(parse("true,")).isEqualTo(new SchemaAndValue(Schema.STRING_SCHEMA, "true,"));
    }

    @Test
    void wholeNumbersTakeTheNarrowestType() {
        assertThat(parse("127")).isEqualTo(new SchemaAndValue(Schema.INT8_SCHEMA, (byte) 127));
        assertThat(parse("-129")).isEqualTo(new SchemaAndValue(Schema.INT16_SCHEMA, (short) -129));
        assertThat(parse("32768")).isEqualTo(new SchemaAndValue(Schema.INT32_SCHEMA, 32768));
        assertThat(parse("-2147483649")).isEqualTo(new SchemaAndValue(Schema.INT64_SCHEMA, -2147483649L));
        assertThat(parse("1.0")).isEqualTo(new SchemaAndValue(Schema.INT8_SCHEMA, (byte) 1));
        assertThat(parse("1e2")).isEqualTo(new SchemaAndValue(Schema.INT8_SCHEMA, (byte) 100));
        assertThat(parse("+5")).isEqualTo(new SchemaAndValue(Schema.INT8_SCHEMA, (byte) 5));
        assertThat(parse("-0")).isEqualTo(new SchemaAndValue(Schema.INT8_SCHEMA, (byte) 0));
        assertThat(parse("0.000")).isEqualTo(new SchemaAndValue(Schema.INT8_SCHEMA, (byte) 0));
    }

    @Test
    void wholeNumbersBeyondLongAreScaleZeroDecimals() {
        assertThat(parse("9223372036854775808"))
                .isEqualTo(new SchemaAndValue(Decimal.schema(0), new BigDecimal("9223372036854775808")));
        assertThat(parse("1e400")).isEqualTo(new SchemaAndValue(Decimal.schema(-400), new BigDecimal("1e400")));
    }

    @Test
    void fractionsBecomeLossyFloatsFirst() {
        assertThat(parse("1.5")).isEqualTo(new SchemaAndValue(Schema.FLOAT32_SCHEMA, 1.5f));
        assertThat(parse("0.1")).isEqualTo(new SchemaAndValue(Schema.FLOAT32_SCHEMA, 0.1f));
        // An exponent is a non-zero scale, and 1e19 is over the long range: a float.
        assertThat(parse("1e19")).isEqualTo(new SchemaAndValue(Schema.FLOAT32_SCHEMA, 1e19f));
        assertThat(parse("1.5e-50")).isEqualTo(new SchemaAndValue(Schema.FLOAT32_SCHEMA, 0.0f));
        assertThat(parse("1.5e300")).isEqualTo(new SchemaAndValue(Schema.FLOAT64_SCHEMA, 1.5e300));
    }

    @Test
    void textThatOnlyLooksNumericIsAString() {
        for (String text : List.of(".5", "-Infinity", "NaN", "0x10", "1_000", "1 2")) {
            assertThat(parse(text)).isEqualTo(new SchemaAndValue(Schema.STRING_SCHEMA, text));
        }
        // Unicode digits are digits to Java's BigDecimal, and so to Connect.
        assertThat(parse("\u0663")).isEqualTo(new SchemaAndValue(Schema.INT8_SCHEMA, (byte) 3));
    }

    @Test
    void aTopLevelNumberIgnoresWhatFollowsADelimiter() {
        assertThat(parse("1,2")).isEqualTo(new SchemaAndValue(Schema.INT8_SCHEMA, (byte) 1));
        assertThat(parse("7]")).isEqualTo(new SchemaAndValue(Schema.INT8_SCHEMA, (byte) 7));
    }

    @Test
    void temporalsAreReadByLength() {
        assertThat(parse("2020-01-01")).isEqualTo(new SchemaAndValue(Date.SCHEMA, date(1577836800000L)));
        assertThat(parse("12:34:56.789Z")).isEqualTo(new SchemaAndValue(Time.SCHEMA, date(45296789L)));
        assertThat(parse("2020-01-01T12:34:56.789Z"))
                .isEqualTo(new SchemaAndValue(Timestamp.SCHEMA, date(1577882096789L)));
        // Lenient, and text after a complete pattern is ignored.
        assertThat(parse("2020-1-1xx")).isEqualTo(new SchemaAndValue(Date.SCHEMA, date(1577836800000L)));
        assertThat(parse("12:34:56.7Zab")).isEqualTo(new SchemaAndValue(Time.SCHEMA, date(45296007L)));
        assertThat(parse("25:00:00.000Z")).isEqualTo(new SchemaAndValue(Time.SCHEMA, date(DAY + 3_600_000L)));
    }

    @Test
    void topLevelQuotesStay() {
        assertThat(parse("\"abc\"")).isEqualTo(new SchemaAndValue(Schema.STRING_SCHEMA, "\"abc\""));
    }

    // ---- parseString: arrays and maps -----------------------------------------------------------------------------

    @Test
    void arraysTakeTheCommonElementSchema() {
        SchemaAndValue result = parse("[1, 2.5]");
        assertThat(result.schema())
                .isEqualTo(SchemaBuilder.array(Schema.FLOAT32_SCHEMA).build());
        assertThat(result.value()).isEqualTo(List.of(1.0f, 2.5f));

        SchemaAndValue widened = parse("[1, 300, 70000]");
        assertThat(widened.schema().valueSchema()).isEqualTo(Schema.INT32_SCHEMA);
        assertThat(widened.value()).isEqualTo(List.of(1, 300, 70000));
    }

    @Test
    void arraysWithoutCommonSchemaHaveNoElementSchema() {
        SchemaAndValue mixed = parse("[1, \"a\", true]");
        assertThat(mixed.schema().type()).isEqualTo(Type.ARRAY);
        assertThat(mixed.schema().valueSchema()).isNull();
        assertThat(mixed.value()).isEqualTo(List.of((byte) 1, "a", true));
        assertThat(parse("[]").value()).isEqualTo(List.of());
        assertThat(parse("[null]").value()).isEqualTo(Collections.singletonList(null));
        assertThat(parse("[null]").schema().valueSchema()).isNull();
    }

    @Test
    void aNullNextToTypedElementsMakesTheWholeTextAString() {
        // The common schema is required, and aligning the null to it fails: Connect falls back to the string.
        assertThat(parse("[1, null]")).isEqualTo(new SchemaAndValue(Schema.STRING_SCHEMA, "[1, null]"));
        assertThat(parse("{\"a\":1,\"b\":null}"))
                .isEqualTo(new SchemaAndValue(Schema.STRING_SCHEMA, "{\"a\":1,\"b\":null}"));
    }

    @Test
    void logicalTypesShareTheirPhysicalTypeWhenMerged() {
        SchemaAndValue result = parse("[2020-01-01, 5]");
        assertThat(result.schema().valueSchema()).isEqualTo(Date.SCHEMA);
        assertThat(result.value()).isEqualTo(List.of(date(1577836800000L), date(5 * DAY)));
    }

    @Test
    void quotedStringsKeepTheirBackslashesAndLoseBlankPieces() {
        assertThat(parse("[\"a\\\"b\"]").value()).isEqualTo(List.of("a\\\"b"));
        assertThat(parse("[\"a, \"]").value()).isEqualTo(List.of("a,"));
        assertThat(parse("[\"12\\:34\\:56.789Z\"]").value()).isEqualTo(List.of(date(45296789L)));
    }

    @Test
    void arraysAcceptATrailingCommaAndIgnoreTrailingText() {
        assertThat(parse("[1,]").value()).isEqualTo(List.of((byte) 1));
        assertThat(parse("[1,2]xyz").value()).isEqualTo(List.of((byte) 1, (byte) 2));
    }

    @ParameterizedTest
    @ValueSource(strings = {"[a,b]", "[,1]", "[1,2", "[1 2]", "{a:1}", "{\"a\"}", "{:1}", "{null:1}", "[[1]"})
    void malformedContainersAreStrings(String text) {
        assertThat(parse(text)).isEqualTo(new SchemaAndValue(Schema.STRING_SCHEMA, text));
    }

    @Test
    void nestingBeyondTheLimitIsAStringNotAStackOverflow() {
        String deepest = "[".repeat(ValueParser.MAX_DEPTH) + "1" + "]".repeat(ValueParser.MAX_DEPTH);
        assertThat(parse(deepest).schema().type()).isEqualTo(Type.ARRAY);
        String tooDeep = "{\"k\":" + deepest + "}";
        assertThat(parse(tooDeep)).isEqualTo(new SchemaAndValue(Schema.STRING_SCHEMA, tooDeep));
        String farTooDeep = "[".repeat(100_000);
        assertThat(parse(farTooDeep)).isEqualTo(new SchemaAndValue(Schema.STRING_SCHEMA, farTooDeep));
    }

    @Test
    void aFailedContainerAfterLeadingBlanksYieldsTheBlanks() {
        assertThat(parse(" [1,")).isEqualTo(new SchemaAndValue(Schema.STRING_SCHEMA, " "));
    }

    @Test
    void mapsTakeKeyAndValueSchemasAndNeedNoCommas() {
        SchemaAndValue result = parse("{\"a\":1\"b\":2}");
        assertThat(result.schema())
                .isEqualTo(SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.INT8_SCHEMA)
                        .build());
        Map<Object, Object> expected = new LinkedHashMap<>();
        expected.put("a", (byte) 1);
        expected.put("b", (byte) 2);
        assertThat(result.value()).isEqualTo(expected);

        SchemaAndValue nullValues = parse("{\"a\":null}");
        assertThat(nullValues.schema().keySchema()).isEqualTo(Schema.STRING_SCHEMA);
        assertThat(nullValues.schema().valueSchema()).isNull();
        assertThat(nullValues.value()).isEqualTo(Collections.singletonMap("a", null));

        SchemaAndValue empty = parse("{}");
        assertThat(empty.schema().type()).isEqualTo(Type.MAP);
        assertThat(empty.schema().keySchema()).isNull();
        assertThat(empty.value()).isEqualTo(Map.of());
    }

    @Test
    void nestedContainers() {
        SchemaAndValue result = parse("{\"k\":[1,2],\"l\":[3]}");
        assertThat(result.schema())
                .isEqualTo(SchemaBuilder.map(
                                Schema.STRING_SCHEMA,
                                SchemaBuilder.array(Schema.INT8_SCHEMA).build())
                        .build());
        assertThat(result.value()).isEqualTo(Map.of("k", List.of((byte) 1, (byte) 2), "l", List.of((byte) 3)));
    }

    // ---- convertTo... ---------------------------------------------------------------------------------------------

    @Test
    void numbersTruncateLikeJavaCasts() {
        assertThat(Values.convertToByte(null, 300)).isEqualTo((byte) 44);
        assertThat(Values.convertToByte(null, "300")).isEqualTo((byte) 44);
        assertThat(Values.convertToInteger(null, "1e10")).isEqualTo(1410065408);
        assertThat(Values.convertToLong(null, Double.NaN)).isZero();
        assertThat(Values.convertToLong(null, "1e99999999")).isZero();
        assertThat(Values.convertToLong(null, "-1.9")).isEqualTo(-1L);
        assertThat(Values.convertToFloat(null, 1.5)).isEqualTo(1.5f);
        assertThat(Values.convertToDouble(Timestamp.SCHEMA, date(123))).isEqualTo(123.0);
        assertThat(Values.convertToShort(null, null)).isNull();
    }

    @Test
    void booleansFromStringsAndNumbers() {
        assertThat(Values.convertToBoolean(null, "true")).isTrue();
        assertThat(Values.convertToBoolean(null, " true")).isTrue();
        assertThat(Values.convertToBoolean(null, "1.5")).isTrue();
        assertThat(Values.convertToBoolean(null, "0.5")).isFalse();
        assertThat(Values.convertToBoolean(null, 0L)).isFalse();
        assertThat(Values.convertToBoolean(null, null)).isNull();
    }

    @Test
    void badInputIsADataExceptionNamingTheValue() {
        assertThatThrownBy(() -> Values.convertToBoolean(Schema.STRING_SCHEMA, "abc"))
                .isInstanceOf(DataException.class)
                .hasMessage("Unable to convert abc (class java.lang.String) to Schema{STRING}");
        assertThatThrownBy(() -> Values.convertToFloat(null, "x"))
                .isInstanceOf(DataException.class)
                .hasMessage("Unable to convert x (class java.lang.String) to a number");
        assertThatThrownBy(() -> Values.convertToByte(null, true))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("true (class java.lang.Boolean)");
    }

    @Test
    void theNullStringFailsWithADataExceptionWhereConnectThrowsANullPointerException() {
        assertThatThrownBy(() -> Values.convertToBoolean(null, "null")).isInstanceOf(DataException.class);
        assertThatThrownBy(() -> Values.convertToTime(null, "null")).isInstanceOf(DataException.class);
        assertThatThrownBy(() -> Values.convertToDate(null, "null")).isInstanceOf(DataException.class);
        assertThatThrownBy(() -> Values.convertToTimestamp(null, "null")).isInstanceOf(DataException.class);
        assertThatThrownBy(() -> Values.convertToList(null, "null")).isInstanceOf(DataException.class);
        assertThatThrownBy(() -> Values.convertToMap(null, "null")).isInstanceOf(DataException.class);
    }

    @Test
    void temporalsConvertThroughTheirSourceSchema() {
        assertThat(Values.convertToTime(null, "12:34:56.789Z")).isEqualTo(date(45296789L));
        // A parsed temporal with a non-temporal source schema does not convert, as in Connect.
        assertThatThrownBy(() -> Values.convertToTime(Schema.STRING_SCHEMA, "12:34:56.789Z"))
                .isInstanceOf(DataException.class)
                .hasMessageEndingWith("to Schema{STRING}");
        assertThat(Values.convertToTime(Timestamp.SCHEMA, date(1577882096789L))).isEqualTo(date(45296789L));
        assertThatThrownBy(() -> Values.convertToTime(null, 100_000_000L)).isInstanceOf(DataException.class);
        assertThat(Values.convertToDate(Timestamp.SCHEMA, date(-1))).isEqualTo(date(0));
        assertThat(Values.convertToDate(null, 5)).isEqualTo(date(5 * DAY));
        assertThat(Values.convertToDate(Time.SCHEMA, date(5000))).isEqualTo(date(5000 * DAY));
        assertThat(Values.convertToTimestamp(Date.SCHEMA, date(DAY))).isEqualTo(date(DAY));
        assertThatThrownBy(() -> Values.convertToTimestamp(Date.SCHEMA, date(DAY + 1)))
                .isInstanceOf(DataException.class);
        assertThat(Values.convertToTimestamp(Time.SCHEMA, date(5000))).isEqualTo(date(5000));
        assertThat(Values.convertToTimestamp(null, "2020-01-01")).isEqualTo(date(1577836800000L));
        assertThatThrownBy(() -> Values.convertToTimestamp(null, null))
                .isInstanceOf(DataException.class)
                .hasMessage("Unable to convert a null value to a schema that requires a value");
    }

    @Test
    void decimals() {
        assertThat(Values.convertToDecimal(null, "1.5", 2)).isEqualTo(new BigDecimal("1.5"));
        assertThat(Values.convertToDecimal(null, Long.MAX_VALUE, 2)).isEqualTo(new BigDecimal("9.223372036854776E+18"));
        assertThat(Values.convertToDecimal(null, new byte[] {1, 0}, 2)).isEqualTo(new BigDecimal("2.56"));
        assertThat(Values.convertToDecimal(null, ByteBuffer.wrap(new byte[] {9, 1, 0}, 1, 2), 2))
                .isEqualTo(new BigDecimal("2.56"));
        for (Object bad : List.of(" 1.5", Double.NaN, new byte[0], true)) {
            assertThatThrownBy(() -> Values.convertToDecimal(null, bad, 2)).isInstanceOf(DataException.class);
        }
    }

    @Test
    void containers() {
        assertThat(Values.convertToList(null, "[1,2]")).isEqualTo(List.of((byte) 1, (byte) 2));
        assertThatThrownBy(() -> Values.convertToList(null, "5"))
                .isInstanceOf(DataException.class)
                .hasMessage("Unable to convert 5 (class java.lang.Byte) to Schema{ARRAY}");
        assertThat(Values.convertToMap(null, "{\"a\":1}")).isEqualTo(Map.of("a", (byte) 1));
        assertThatThrownBy(() -> Values.convertToMap(null, 4)).isInstanceOf(DataException.class);
        assertThatThrownBy(() -> Values.convertToStruct(null, "{}"))
                .isInstanceOf(DataException.class)
                .hasMessage("Unable to convert {} (class java.lang.String) to Schema{STRUCT}");
    }

    // ---- convertToString ------------------------------------------------------------------------------------------

    @Test
    void rendering() {
        List<Object> list = Arrays.asList(
                "a\"b\\c",
                1,
                2.5f,
                1e10,
                null,
                new byte[] {1},
                date(3 * DAY),
                date(-DAY),
                date(1577882096789L),
                new BigDecimal("1E+3"),
                true,
                Map.of("k", List.of()));
        assertThat(Values.convertToString(null, list))
                .isEqualTo("[\"a\\\"b\\\\c\",1,2.5,1.0E10,null,\"AQ==\",1970-01-04,00:00:00.000Z,"
                        + "2020-01-01T12:34:56.789Z,1E+3,true,{\"k\":[]}]");
        assertThat(Values.convertToString(null, "a\"b")).isEqualTo("a\"b");
        assertThat(Values.convertToString(null, new byte[] {1, 2, 3})).isEqualTo("AQID");
        // A buffer renders from index 0 to its limit, whatever its position.
        assertThat(Values.convertToString(null, ByteBuffer.wrap(new byte[] {1, 2, 3, 4, 5}, 2, 3)))
                .isEqualTo("AQIDBAU=");
        assertThat(Values.convertToString(null, null)).isNull();
    }

    @Test
    void dateFormatsAreGuessedFromTheInstant() {
        assertThat(Values.dateFormatFor(date(-1)).format(date(-1))).isEqualTo("23:59:59.999Z");
        assertThat(Values.dateFormatFor(date(DAY - 1)).format(date(DAY - 1))).isEqualTo("23:59:59.999Z");
        assertThat(Values.dateFormatFor(date(DAY)).format(date(DAY))).isEqualTo("1970-01-02");
        assertThat(Values.dateFormatFor(date(DAY + 1)).format(date(DAY + 1))).isEqualTo("1970-01-02T00:00:00.001Z");
        assertThat(Values.dateFormatFor(date(-DAY)).format(date(-DAY))).isEqualTo("00:00:00.000Z");
    }

    @Test
    void structsRenderTheirDefaults() {
        Schema schema = SchemaBuilder.struct()
                .field("a", Schema.INT32_SCHEMA)
                .field(
                        "b\"",
                        SchemaBuilder.string().optional().defaultValue("dflt").build())
                .build();
        assertThat(Values.convertToString(schema, new Struct(schema).put("a", 1)))
                .isEqualTo("{\"a\":1,\"b\\\"\":\"dflt\"}");
    }

    @Test
    void unsupportedTypesAreNamed() {
        assertThatThrownBy(() -> Values.convertToString(null, 'c'))
                .isInstanceOf(DataException.class)
                .hasMessage("Failed to serialize unexpected value type java.lang.Character: c");
    }

    // ---- inferSchema ----------------------------------------------------------------------------------------------

    @Test
    void inference() {
        assertThat(Values.inferSchema("x")).isEqualTo(Schema.STRING_SCHEMA);
        assertThat(Values.inferSchema(ByteBuffer.allocate(1))).isEqualTo(Schema.BYTES_SCHEMA);
        assertThat(Values.inferSchema(BigDecimal.ONE)).isNull();
        assertThat(Values.inferSchema(date(0))).isNull();
        assertThat(Values.inferSchema(List.of())).isNull();
        assertThat(Values.inferSchema(List.of(1, "a"))).isNull();
        assertThat(Values.inferSchema(Arrays.asList(1, null)))
                .isEqualTo(SchemaBuilder.array(Schema.OPTIONAL_INT32_SCHEMA).build());
        assertThat(Values.inferSchema(Map.of("a", List.of(1))))
                .isEqualTo(SchemaBuilder.map(Schema.STRING_SCHEMA, new ConnectSchema(Type.ARRAY))
                        .build());
        assertThatThrownBy(() -> Values.inferSchema(Arrays.asList(null, null)))
                .isInstanceOf(SchemaBuilderException.class);
    }
}
