package io.kanal.api.data;

import java.math.BigInteger;
import java.text.SimpleDateFormat;
import java.util.List;
import java.util.TimeZone;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * Generates text that {@link Values#parseString} should read as typed values, with the variations that exercise
 * Connect's parser: numbers at type boundaries, temporals (valid, lenient and broken), quoted strings with escapes,
 * literals, nested arrays and maps with stray whitespace, and damaged brackets. Thread-safe (stateless).
 */
final class ValueTexts {

    private static final List<String> BOUNDARIES = List.of(
            "-129",
            "-128",
            "127",
            "128",
            "-32769",
            "-32768",
            "32767",
            "32768",
            "-2147483649",
            "-2147483648",
            "2147483647",
            "2147483648",
            "-9223372036854775809",
            "-9223372036854775808",
            "9223372036854775807",
            "9223372036854775808",
            "1e19",
            "-1e19",
            "10000000000000000000",
            "10000000000000000001",
            "9999999999999999999",
            "3.4028235E38",
            "3.5E38",
            "-3.5e38",
            "1.7976931348623157E308",
            "1.8E308",
            "1e-46",
            "4.9E-324",
            "1e-400",
            "0.0",
            "-0.0",
            "0.000",
            "1.50",
            "100.00",
            "1E+2",
            "-5e-1",
            "+5",
            "+0.5",
            "-",
            "+",
            "1e",
            "1.2.3",
            "00012",
            "1e2147483648",
            "0.1",
            "123456789.123456789");
    private static final List<String> LITERALS =
            List.of("true", "false", "null", "TRUE", "True", "nul", "truefalse", "abc", "a b", "Infinity", "NaN");
    private static final List<String> BROKEN_TEMPORALS = List.of(
            "2020-13-45",
            "99:99:99.999Z",
            "2020-01-01T25:61:61.000Z",
            "1970-01-01x",
            "2020-1-1xx",
            "12:34:56.7Zab",
            "0000-00-00",
            "-1:00:00.000Z",
            "12:34:56.789",
            "2020-01-01 12:34:56.789Z",
            "2020/01/01");

    private ValueTexts() {}

    private static Arbitrary<String> whitespace() {
        return Arbitraries.of("", "", "", "", " ", "  ", "\t", "\n");
    }

    static Arbitrary<String> number() {
        return Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.of(BOUNDARIES)),
                Tuple.of(2, Arbitraries.longs().map(String::valueOf)),
                Tuple.of(
                        1,
                        Arbitraries.bigIntegers()
                                .between(BigInteger.TEN.pow(22).negate(), BigInteger.TEN.pow(22))
                                .map(BigInteger::toString)),
                Tuple.of(2, Arbitraries.floats().map(String::valueOf)),
                Tuple.of(2, Arbitraries.doubles().map(String::valueOf)),
                Tuple.of(
                        2,
                        Combinators.combine(
                                        Arbitraries.bigIntegers()
                                                .between(BigInteger.valueOf(-99999), BigInteger.valueOf(99999)),
                                        Arbitraries.integers().between(-25, 25),
                                        Arbitraries.of("e", "E", "e+", "."))
                                .as((mantissa, exponent, marker) -> marker.equals(".")
                                        ? mantissa + "." + Math.abs(exponent)
                                        : mantissa + marker + exponent)));
    }

    static Arbitrary<String> temporal() {
        Arbitrary<Long> instants = Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.longs().between(-100_000_000_000_000L, 100_000_000_000_000L)),
                Tuple.of(2, Arbitraries.longs().between(0, 86_400_000L)),
                Tuple.of(2, Arbitraries.longs().between(-50_000, 50_000).map(days -> days * 86_400_000L)));
        Arbitrary<String> formatted = Combinators.combine(
                        instants,
                        Arbitraries.of(ValueText.DATE_PATTERN, ValueText.TIME_PATTERN, ValueText.TIMESTAMP_PATTERN))
                .as((millis, pattern) -> {
                    SimpleDateFormat format = new SimpleDateFormat(pattern);
                    format.setTimeZone(TimeZone.getTimeZone("UTC"));
                    return format.format(new java.util.Date(millis));
                });
        return Arbitraries.frequencyOf(Tuple.of(5, formatted), Tuple.of(1, Arbitraries.of(BROKEN_TEMPORALS)));
    }

    /** A quoted string: its content escaped as Connect renders it, or raw (stray quotes and backslashes). */
    static Arbitrary<String> quoted() {
        Arbitrary<String> content = Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.strings().withChars("ab ,:[]{}\\\"").ofMaxLength(8)),
                Tuple.of(1, temporal().map(text -> text.replace(":", "\\:"))),
                Tuple.of(1, temporal()),
                Tuple.of(1, number()));
        return Combinators.combine(content, Arbitraries.integers().between(0, 3))
                .as((text, style) -> switch (style) {
                    case 0 -> "\"" + text + "\"";
                    case 1 -> "\"" + text;
                    default -> "\"" + ValueText.escape(text) + "\"";
                });
    }

    static Arbitrary<String> scalar() {
        return Arbitraries.frequencyOf(
                Tuple.of(4, number()),
                Tuple.of(2, temporal()),
                Tuple.of(3, quoted()),
                Tuple.of(2, Arbitraries.of(LITERALS)));
    }

    /** Text of a value nested at most {@code depth} containers deep. */
    static Arbitrary<String> text(int depth) {
        if (depth == 0) {
            return padded(scalar());
        }
        return Arbitraries.frequencyOf(
                Tuple.of(3, padded(scalar())),
                Tuple.of(2, Arbitraries.lazy(() -> array(depth - 1))),
                Tuple.of(2, Arbitraries.lazy(() -> map(depth - 1))));
    }

    private static Arbitrary<String> padded(Arbitrary<String> text) {
        return Combinators.combine(whitespace(), text, whitespace()).as((before, t, after) -> before + t + after);
    }

    private static Arbitrary<String> array(int depth) {
        Arbitrary<List<String>> elements = text(depth).list().ofMaxSize(4);
        return Combinators.combine(elements, Arbitraries.integers().between(0, 12))
                .as((items, damage) -> damaged("[" + String.join(",", items) + "]", damage));
    }

    private static Arbitrary<String> map(int depth) {
        Arbitrary<String> key = Arbitraries.frequencyOf(
                Tuple.of(4, padded(quoted())), Tuple.of(2, padded(number())), Tuple.of(1, text(depth)));
        Arbitrary<String> entry = Combinators.combine(key, text(depth)).as((k, v) -> k + ":" + v);
        return Combinators.combine(
                        entry.list().ofMaxSize(4),
                        Arbitraries.of(",", ",", ",", ""),
                        Arbitraries.integers().between(0, 12))
                .as((entries, separator, damage) ->
                        damaged(entries.stream().collect(Collectors.joining(separator, "{", "}")), damage));
    }

    /** Mostly intact; sometimes without the closing bracket, with a trailing comma, or with trailing text. */
    private static String damaged(String container, int damage) {
        return switch (damage) {
            case 0 -> container.substring(0, container.length() - 1);
            case 1 -> container.substring(0, container.length() - 1) + ",";
            case 2 -> container.substring(0, container.length() - 1) + "," + container.charAt(container.length() - 1);
            case 3 -> container + "xyz";
            case 4 -> container + ",1";
            default -> container;
        };
    }
}
