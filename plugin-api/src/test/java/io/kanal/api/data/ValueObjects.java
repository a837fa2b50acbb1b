package io.kanal.api.data;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * Generates Kanal values for the conversions of {@link Values}: every Java type Connect handles (and one it does
 * not), numbers at their edges, strings that parse to something, dates, bytes and buffers with a position, lists and
 * maps with nulls, and structs with defaults and awkward field names. Thread-safe (stateless).
 */
final class ValueObjects {

    private ValueObjects() {}

    static Arbitrary<Object> scalar() {
        return Arbitraries.frequencyOf(
                Tuple.of(2, Arbitraries.bytes().map(b -> (Object) b)),
                Tuple.of(2, Arbitraries.shorts().map(s -> (Object) s)),
                Tuple.of(2, Arbitraries.integers().map(i -> (Object) i)),
                Tuple.of(2, Arbitraries.longs().map(l -> (Object) l)),
                Tuple.of(
                        2,
                        Arbitraries.floats()
                                .withSpecialValue(Float.NaN)
                                .withSpecialValue(Float.POSITIVE_INFINITY)
                                .map(f -> (Object) f)),
                Tuple.of(
                        2,
                        Arbitraries.doubles()
                                .withSpecialValue(Double.NaN)
                                .withSpecialValue(Double.NEGATIVE_INFINITY)
                                .map(d -> (Object) d)),
                Tuple.of(2, decimals()),
                Tuple.of(2, Arbitraries.of(Boolean.TRUE, Boolean.FALSE).map(b -> (Object) b)),
                Tuple.of(6, strings()),
                Tuple.of(3, dates()),
                Tuple.of(1, Arbitraries.bytes().array(byte[].class).ofMaxSize(5).map(b -> (Object) b)),
                Tuple.of(1, buffers()),
                Tuple.of(1, Arbitraries.chars().map(c -> (Object) c)));
    }

    private static Arbitrary<Object> decimals() {
        return Combinators.combine(
                        Arbitraries.bigIntegers().between(BigInteger.TEN.pow(25).negate(), BigInteger.TEN.pow(25)),
                        Arbitraries.integers().between(-5, 8))
                .as((unscaled, scale) -> (Object) new BigDecimal(unscaled, scale));
    }

    private static Arbitrary<Object> strings() {
        return Arbitraries.frequencyOf(
                        Tuple.of(4, ValueTexts.text(1)),
                        Tuple.of(1, Arbitraries.of("null", " 1 ", "", " ", "1.5", "0", "-0.5")),
                        Tuple.of(
                                2,
                                Arbitraries.strings()
                                        .withChars("ab\"\\,:[]{} 01")
                                        .ofMaxLength(8)))
                .map(s -> (Object) s);
    }

    private static Arbitrary<Object> dates() {
        return Arbitraries.frequencyOf(
                        Tuple.of(2, Arbitraries.longs().between(-10_000_000_000_000L, 10_000_000_000_000L)),
                        Tuple.of(2, Arbitraries.longs().between(-1000, 86_401_000L)),
                        Tuple.of(2, Arbitraries.longs().between(-40_000, 40_000).map(days -> days * 86_400_000L)))
                .map(millis -> (Object) new java.util.Date(millis));
    }

    private static Arbitrary<Object> buffers() {
        return Combinators.combine(
                        Arbitraries.bytes().array(byte[].class).ofMaxSize(5),
                        Arbitraries.integers().between(0, 3))
                .as((bytes, offset) -> {
                    int start = Math.min(offset, bytes.length);
                    return (Object) ByteBuffer.wrap(bytes, start, bytes.length - start);
                });
    }

    /** A value nested at most {@code depth} containers deep. */
    static Arbitrary<Object> value(int depth) {
        if (depth == 0) {
            return scalar();
        }
        Arbitrary<Object> element = Arbitraries.lazy(() -> value(depth - 1)).injectNull(0.1);
        Arbitrary<Object> list = element.list().ofMaxSize(4).map(l -> (Object) l);
        Arbitrary<Object> map = Combinators.combine(
                        Arbitraries.frequencyOf(
                                        Tuple.of(
                                                3,
                                                Arbitraries.strings()
                                                        .withChars("ab\" :")
                                                        .ofMaxLength(4)),
                                        Tuple.of(1, Arbitraries.integers().between(-3, 3)))
                                .map(k -> (Object) k)
                                .list()
                                .ofMaxSize(4),
                        element.list().ofSize(4))
                .as((keys, values) -> {
                    Map<Object, Object> m = new LinkedHashMap<>();
                    for (int i = 0; i < keys.size(); i++) {
                        m.put(keys.get(i), values.get(i));
                    }
                    return (Object) m;
                });
        return Arbitraries.frequencyOf(
                Tuple.of(6, scalar()), Tuple.of(2, list), Tuple.of(2, map), Tuple.of(1, structs()));
    }

    /** Structs of random shape: fields of several types, some optional with a default, some unset. */
    static Arbitrary<Object> structs() {
        return Combinators.combine(Arbitraries.integers().between(0, 6).list().ofMaxSize(4), Arbitraries.longs())
                .as((kinds, seed) -> (Object) struct(kinds, new Random(seed)));
    }

    private static Struct struct(List<Integer> kinds, Random random) {
        SchemaBuilder builder = SchemaBuilder.struct();
        List<Object> values = new ArrayList<>();
        String[] suffixes = {"", "\"", "\\", " x", ":"};
        for (int i = 0; i < kinds.size(); i++) {
            String name = "f" + i + suffixes[random.nextInt(suffixes.length)];
            switch (kinds.get(i)) {
                case 0 -> {
                    builder.field(name, Schema.INT32_SCHEMA);
                    values.add(random.nextInt());
                }
                case 1 -> {
                    builder.field(name, Schema.STRING_SCHEMA);
                    values.add(random.nextBoolean() ? "s\"" + random.nextInt(10) : "plain");
                }
                case 2 -> {
                    builder.field(
                            name,
                            SchemaBuilder.string()
                                    .optional()
                                    .defaultValue("dflt")
                                    .build());
                    values.add(random.nextBoolean() ? null : "set");
                }
                case 3 -> {
                    builder.field(name, Schema.FLOAT64_SCHEMA);
                    values.add(random.nextDouble() * 1e6);
                }
                case 4 -> {
                    builder.field(name, Schema.OPTIONAL_BOOLEAN_SCHEMA);
                    values.add(random.nextBoolean() ? null : random.nextBoolean());
                }
                case 5 -> {
                    builder.field(name, Date.SCHEMA);
                    values.add(new java.util.Date((random.nextInt(40_000) - 20_000) * 86_400_000L));
                }
                default -> {
                    builder.field(name, SchemaBuilder.array(Schema.INT8_SCHEMA).build());
                    values.add(List.of((byte) random.nextInt(100)));
                }
            }
        }
        Schema schema = builder.build();
        Struct struct = new Struct(schema);
        for (int i = 0; i < values.size(); i++) {
            if (values.get(i) != null) {
                struct.put(schema.fields().get(i), values.get(i));
            }
        }
        return struct;
    }
}
