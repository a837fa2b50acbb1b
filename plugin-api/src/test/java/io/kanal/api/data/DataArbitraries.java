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
 * jqwik generators for the data model, shared through plugin-api's test-jar with the converter and transform tests:
 * random schemas (every primitive type, the logical types, arrays, maps with keys of any schema, nested structs;
 * optional, defaults, names, versions, docs, parameters), valid values for a schema, values that are invalid for it,
 * (schema, value) pairs, nearby schemas for projection, and headers.
 *
 * <p>Every schema generated is a built {@link ConnectSchema}. Struct schemas never have a default (Connect cannot
 * compare a struct default with the schema that holds it). Strings include non-ASCII and control characters and a
 * surrogate pair, never a lone surrogate; floats include NaN and infinities. Thread-safe; stateless.
 */
// Test code compiles into the io.kanal.api module; its signatures name jqwik's types, which sit on the class path.
@SuppressWarnings("exports")
public final class DataArbitraries {

    private static final long MILLIS_PER_DAY = 86_400_000L;

    private DataArbitraries() {}

    // ---------------------------------------------------------------- schemas

    /** @return schemas nested up to three levels deep */
    public static Arbitrary<Schema> schemas() {
        return schemas(3);
    }

    /**
     * @param maxDepth how deeply arrays, maps and structs may nest (0: primitive and logical schemas only)
     * @return random schemas
     */
    public static Arbitrary<Schema> schemas(int maxDepth) {
        return shapes(maxDepth).flatMap(DataArbitraries::decorated);
    }

    /** @return struct schemas with fields nested up to two levels deep */
    public static Arbitrary<Schema> structSchemas() {
        return structShapes(2).flatMap(DataArbitraries::decorated);
    }

    /** @return primitive and logical schemas, decorated (optional, default, name, ...) */
    public static Arbitrary<Schema> primitiveSchemas() {
        return schemas(0);
    }

    /** Undecorated, required shapes. */
    private static Arbitrary<Schema> shapes(int depth) {
        if (depth <= 0) {
            return leafShapes();
        }
        return Arbitraries.frequencyOf(
                Tuple.of(4, leafShapes()),
                Tuple.of(1, Arbitraries.lazy(() -> schemas(depth - 1)).map(v -> SchemaBuilder.array(v)
                        .build())),
                Tuple.of(1, Arbitraries.lazy(() -> Combinators.combine(schemas(depth - 1), schemas(depth - 1))
                        .as((k, v) -> SchemaBuilder.map(k, v).build()))),
                Tuple.of(2, Arbitraries.lazy(() -> structShapes(depth))));
    }

    private static Arbitrary<Schema> structShapes(int depth) {
        Arbitrary<List<String>> names = Arbitraries.strings()
                .withCharRange('a', 'e')
                .ofMinLength(1)
                .ofMaxLength(3)
                .list()
                .ofMaxSize(4)
                .uniqueElements();
        return names.flatMap(fieldNames -> schemas(depth - 1)
                .list()
                .ofSize(fieldNames.size())
                .map(fieldSchemas -> {
                    SchemaBuilder builder = SchemaBuilder.struct();
                    for (int i = 0; i < fieldNames.size(); i++) {
                        builder.field(fieldNames.get(i), fieldSchemas.get(i));
                    }
                    return builder.build();
                }));
    }

    private static Arbitrary<Schema> leafShapes() {
        return Arbitraries.frequencyOf(
                Tuple.of(
                        9,
                        Arbitraries.of(
                                Schema.INT8_SCHEMA,
                                Schema.INT16_SCHEMA,
                                Schema.INT32_SCHEMA,
                                Schema.INT64_SCHEMA,
                                Schema.FLOAT32_SCHEMA,
                                Schema.FLOAT64_SCHEMA,
                                Schema.BOOLEAN_SCHEMA,
                                Schema.STRING_SCHEMA,
                                Schema.BYTES_SCHEMA)),
                Tuple.of(
                        4,
                        Arbitraries.oneOf(
                                Arbitraries.integers().between(-2, 8).map(Decimal::schema),
                                Arbitraries.of(Date.SCHEMA, Time.SCHEMA, Timestamp.SCHEMA))));
    }

    /** The optional properties a schema may carry, drawn independently. */
    private record Decoration(
            boolean optional,
            String name,
            Integer version,
            String doc,
            Map<String, String> parameters,
            boolean withDefault) {}

    private static Arbitrary<Schema> decorated(Schema shape) {
        boolean logical = shape.name() != null;
        boolean struct = shape.type() == Schema.Type.STRUCT;
        // Drawn from one Random: jqwik's combinators correlated these independent choices.
        Arbitrary<Decoration> decorations = Arbitraries.randoms()
                .map(r -> new Decoration(
                        r.nextInt(100) < 40,
                        logical || r.nextInt(100) >= 20 ? null : pick(r, "com.example.Thing", "Other", "x.Y"),
                        logical || r.nextInt(100) >= 20 ? null : 1 + r.nextInt(3),
                        r.nextInt(100) >= 15 ? null : pick(r, "some doc", ""),
                        r.nextInt(100) >= 15 ? null : pick(r, Map.of("k", "v"), Map.of("a", "1", "b", "")),
                        !struct && r.nextInt(100) < 20));
        return decorations.flatMap(d -> {
            Schema plain = decorate(shape, d, null);
            if (!d.withDefault()) {
                return Arbitraries.just(plain);
            }
            Schema required =
                    decorate(shape, new Decoration(false, d.name(), d.version(), d.doc(), d.parameters(), false), null);
            return nonNullValues(required).map(dflt -> decorate(shape, d, dflt));
        });
    }

    @SafeVarargs
    private static <T> T pick(Random random, T... choices) {
        return choices[random.nextInt(choices.length)];
    }

    private static Schema decorate(Schema shape, Decoration d, Object defaultValue) {
        Map<String, String> parameters = null;
        if (shape.parameters() != null || d.parameters() != null) {
            parameters = new LinkedHashMap<>();
            if (shape.parameters() != null) {
                parameters.putAll(shape.parameters());
            }
            if (d.parameters() != null) {
                parameters.putAll(d.parameters());
            }
        }
        Schema.Type type = shape.type();
        return new ConnectSchema(
                type,
                d.optional(),
                defaultValue,
                d.name() != null ? d.name() : shape.name(),
                d.version() != null ? d.version() : shape.version(),
                d.doc() != null ? d.doc() : shape.doc(),
                parameters,
                type == Schema.Type.STRUCT ? shape.fields() : null,
                type == Schema.Type.MAP ? shape.keySchema() : null,
                type == Schema.Type.MAP || type == Schema.Type.ARRAY ? shape.valueSchema() : null);
    }

    private static Arbitrary<Boolean> percent(int percent) {
        if (percent <= 0) {
            return Arbitraries.just(false);
        }
        return Arbitraries.frequency(Tuple.of(percent, true), Tuple.of(100 - percent, false));
    }

    // ---------------------------------------------------------------- valid values

    /**
     * @param schema a schema
     * @return values valid for it ({@link ConnectSchema#validateValue(Schema, Object)} accepts them); null
     *     sometimes when the schema is optional; struct fields that are optional or have a default are sometimes unset
     */
    public static Arbitrary<Object> values(Schema schema) {
        Arbitrary<Object> nonNull = nonNullValues(schema);
        return schema.isOptional() ? nonNull.injectNull(0.2) : nonNull;
    }

    /** @return (schema, valid value) pairs, the schema from {@link #schemas()} */
    public static Arbitrary<SchemaAndValue> schemasAndValues() {
        return schemas().flatMap(s -> values(s).map(v -> new SchemaAndValue(s, v)));
    }

    /** @return (struct schema, valid struct) pairs */
    public static Arbitrary<SchemaAndValue> structsAndValues() {
        return structSchemas().flatMap(s -> nonNullValues(s).map(v -> new SchemaAndValue(s, v)));
    }

    /**
     * @param schema a schema
     * @return non-null values valid for it
     */
    public static Arbitrary<Object> nonNullValues(Schema schema) {
        String name = schema.name();
        if (Decimal.LOGICAL_NAME.equals(name)) {
            int scale = Integer.parseInt(schema.parameters().get(Decimal.SCALE_FIELD));
            return Arbitraries.bigIntegers()
                    .between(BigInteger.TEN.pow(20).negate(), BigInteger.TEN.pow(20))
                    .map(unscaled -> new BigDecimal(unscaled, scale));
        }
        if (Date.LOGICAL_NAME.equals(name)) {
            return Arbitraries.integers()
                    .between(-800_000, 800_000)
                    .map(days -> new java.util.Date(days * MILLIS_PER_DAY));
        }
        if (Time.LOGICAL_NAME.equals(name)) {
            return Arbitraries.integers().between(0, (int) MILLIS_PER_DAY - 1).map(java.util.Date::new);
        }
        if (Timestamp.LOGICAL_NAME.equals(name)) {
            return Arbitraries.longs()
                    .between(-100_000_000_000_000L, 100_000_000_000_000L)
                    .map(java.util.Date::new);
        }
        return switch (schema.type()) {
            case INT8 -> Arbitraries.bytes().map(b -> b);
            case INT16 -> Arbitraries.shorts().map(s -> s);
            case INT32 -> Arbitraries.integers().map(i -> i);
            case INT64 -> Arbitraries.longs().map(l -> l);
            case FLOAT32 -> Arbitraries.floats().withStandardSpecialValues().map(f -> f);
            case FLOAT64 -> Arbitraries.doubles().withStandardSpecialValues().map(d -> d);
            case BOOLEAN -> Arbitraries.of(true, false).map(b -> b);
            case STRING -> strings().map(s -> s);
            case BYTES ->
                Arbitraries.frequencyOf(
                        Tuple.of(4, byteArrays().map(b -> b)),
                        Tuple.of(1, byteArrays().map(ByteBuffer::wrap)));
            case ARRAY ->
                Arbitraries.lazy(() -> fieldValues(schema.valueSchema()))
                        .list()
                        .ofMaxSize(4)
                        .map(list -> new ArrayList<>(list));
            case MAP ->
                Combinators.combine(
                                Arbitraries.lazy(() -> fieldValues(schema.keySchema())),
                                Arbitraries.lazy(() -> fieldValues(schema.valueSchema())))
                        .as(Tuple::of)
                        .list()
                        .ofMaxSize(3)
                        .map(entries -> {
                            Map<Object, Object> map = new LinkedHashMap<>();
                            entries.forEach(e -> map.put(e.get1(), e.get2()));
                            return map;
                        });
            case STRUCT -> structs(schema);
        };
    }

    /** Container elements: optional ones may be null (a default does not apply inside arrays and maps). */
    private static Arbitrary<Object> fieldValues(Schema schema) {
        return values(schema);
    }

    private static Arbitrary<Object> structs(Schema schema) {
        List<Field> fields = schema.fields();
        if (fields.isEmpty()) {
            return Arbitraries.just(schema).map(Struct::new);
        }
        List<Arbitrary<Object>> perField = new ArrayList<>();
        for (Field field : fields) {
            Schema fs = field.schema();
            Arbitrary<Object> v = nonNullValues(fs);
            perField.add(fs.isOptional() || fs.defaultValue() != null ? v.injectNull(0.25) : v);
        }
        return Combinators.combine(perField).as(values -> {
            Struct struct = new Struct(schema);
            for (int i = 0; i < fields.size(); i++) {
                if (values.get(i) != null) {
                    struct.put(fields.get(i), values.get(i));
                }
            }
            return struct;
        });
    }

    /** @return strings with ASCII, Latin, CJK, control and escape-worthy characters, and sometimes an emoji */
    public static Arbitrary<String> strings() {
        Arbitrary<String> plain = Arbitraries.strings()
                .withCharRange(' ', '~')
                .withChars('é', 'ß', '中', '\n', '\t', '"', '\\', '\u0000', '\u007f', '\u2028')
                .ofMaxLength(12);
        return Arbitraries.frequencyOf(
                Tuple.of(8, plain), Tuple.of(1, plain.map(s -> s + "\uD83D\uDE00")), Tuple.of(1, Arbitraries.just("")));
    }

    private static Arbitrary<byte[]> byteArrays() {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(8);
    }

    // ---------------------------------------------------------------- invalid (and borderline) values

    /**
     * @param schema a schema
     * @return values that are mostly invalid for the schema: null for a required schema, an object of another
     *     class, a container with one bad element, key or value, an incomplete struct or one of another schema; and
     *     borderline values Connect accepts (a Decimal of another scale, a Date with a time of day)
     */
    public static Arbitrary<Object> invalidValues(Schema schema) {
        List<Arbitrary<Object>> options = new ArrayList<>();
        options.add(foreignValues());
        if (!schema.isOptional()) {
            options.add(Arbitraries.just(null));
        }
        String name = schema.name();
        if (Decimal.LOGICAL_NAME.equals(name)) {
            options.add(
                    Arbitraries.of(new BigDecimal("1.23456789"), BigDecimal.ONE).map(v -> v));
            options.add(byteArrays().map(b -> b));
        } else if (Date.LOGICAL_NAME.equals(name) || Time.LOGICAL_NAME.equals(name)) {
            options.add(Arbitraries.of(new java.util.Date(1), new java.util.Date(-3 * MILLIS_PER_DAY))
                    .map(v -> v));
            options.add(Arbitraries.integers().map(i -> i));
        } else if (Timestamp.LOGICAL_NAME.equals(name)) {
            options.add(Arbitraries.longs().map(l -> l));
        }
        switch (schema.type()) {
            case ARRAY ->
                options.add(Combinators.combine(
                                nonNullValues(schema), Arbitraries.lazy(() -> invalidValues(schema.valueSchema())))
                        .as((list, bad) -> {
                            List<Object> copy = new ArrayList<>((List<?>) list);
                            copy.add(copy.size() / 2, bad);
                            return copy;
                        }));
            case MAP ->
                options.add(Combinators.combine(
                                nonNullValues(schema),
                                Arbitraries.lazy(() -> invalidValues(schema.keySchema())),
                                nonNullValues(schema.valueSchema()),
                                Arbitraries.lazy(() -> invalidValues(schema.valueSchema())),
                                Arbitraries.of(true, false))
                        .as((map, badKey, goodValue, badValue, keyIsBad) -> {
                            Map<Object, Object> copy = new LinkedHashMap<>((Map<?, ?>) map);
                            if (keyIsBad) {
                                copy.put(badKey, goodValue);
                            } else {
                                copy.put(
                                        copy.isEmpty()
                                                ? "k"
                                                : copy.keySet().iterator().next(),
                                        badValue);
                            }
                            return copy;
                        }));
            case STRUCT -> {
                options.add(Arbitraries.just(schema).map(Struct::new));
                options.add(Combinators.combine(nonNullValues(schema), Arbitraries.randoms())
                        .as((struct, random) -> withoutSomeFields((Struct) struct, random)));
                options.add(nonNullValues(schema).map(s -> copyTo((Struct) s, otherVersion(schema))));
            }
            default -> {
                // the foreign values above cover primitives
            }
        }
        return Arbitraries.oneOf(options);
    }

    /**
     * @param schema a schema
     * @return values valid for it (about 60%) or not
     */
    public static Arbitrary<Object> anyValues(Schema schema) {
        return Arbitraries.frequencyOf(Tuple.of(3, values(schema)), Tuple.of(2, invalidValues(schema)));
    }

    /** @return (schema, value) pairs where the value is valid about 60% of the time */
    public static Arbitrary<SchemaAndValue> schemasAndAnyValues() {
        return schemas().flatMap(s -> anyValues(s).map(v -> new SchemaAndValue(s, v)));
    }

    /** @return one object of every class a Connect value can have, and two it cannot */
    public static Arbitrary<Object> foreignValues() {
        Schema small =
                SchemaBuilder.struct().field("x", Schema.OPTIONAL_INT32_SCHEMA).build();
        return Arbitraries.of(
                (byte) 1,
                (short) 1,
                1,
                1L,
                1.5f,
                1.5d,
                true,
                "text",
                new byte[] {1},
                ByteBuffer.wrap(new byte[] {2}),
                BigDecimal.TEN,
                new java.util.Date(0),
                List.of(),
                Map.of(),
                new Struct(small),
                'c',
                new Object[0]);
    }

    /** A copy with each field left unset at random: invalid when a dropped field is required and has no default. */
    private static Struct withoutSomeFields(Struct from, Random random) {
        Struct to = new Struct(from.schema());
        for (Field field : from.schema().fields()) {
            Object value = from.getWithoutDefault(field.name());
            if (value != null && random.nextBoolean()) {
                to.put(field, value);
            }
        }
        return to;
    }

    private static Schema otherVersion(Schema schema) {
        Integer version = schema.version() == null ? 99 : schema.version() + 1;
        return new ConnectSchema(
                schema.type(),
                schema.isOptional(),
                schema.defaultValue(),
                schema.name(),
                version,
                schema.doc(),
                schema.parameters(),
                schema.fields(),
                null,
                null);
    }

    private static Struct copyTo(Struct from, Schema schema) {
        Struct to = new Struct(schema);
        for (Field field : schema.fields()) {
            Object value = from.getWithoutDefault(field.name());
            if (value != null) {
                to.put(field.name(), value);
            }
        }
        return to;
    }

    // ---------------------------------------------------------------- copies, projection targets, headers

    /**
     * @param value a value of the data model
     * @param freshBytes whether {@code byte[]} and {@link ByteBuffer} values are copied too (otherwise shared)
     * @return a deep copy: new structs, lists and maps (insertion order kept)
     */
    public static Object deepCopy(Object value, boolean freshBytes) {
        if (value instanceof Struct struct) {
            Struct copy = new Struct(struct.schema());
            for (Field field : struct.schema().fields()) {
                Object v = struct.getWithoutDefault(field.name());
                if (v != null) {
                    copy.put(field, deepCopy(v, freshBytes));
                }
            }
            return copy;
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>();
            list.forEach(v -> copy.add(deepCopy(v, freshBytes)));
            return copy;
        }
        if (value instanceof Map<?, ?> map) {
            Map<Object, Object> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> copy.put(deepCopy(k, freshBytes), deepCopy(v, freshBytes)));
            return copy;
        }
        if (freshBytes && value instanceof byte[] bytes) {
            return bytes.clone();
        }
        if (freshBytes && value instanceof ByteBuffer buffer) {
            return ByteBuffer.wrap(buffer.array().clone());
        }
        return value;
    }

    /**
     * @param source a schema
     * @return schemas a value of {@code source} might be projected onto: the same, or with numbers widened (or
     *     narrowed), optionality flipped, defaults added, struct fields dropped or added, names changed
     */
    public static Arbitrary<Schema> projectionTargets(Schema source) {
        return Arbitraries.randoms().map(random -> ProjectionTargets.mutate(source, random));
    }

    /** @return headers of up to six entries with a few repeated keys, each with a schema and valid value or none */
    public static Arbitrary<Headers> headers() {
        Arbitrary<Header> header = Combinators.combine(
                        Arbitraries.of("a", "b", "c", "d"),
                        schemas(1).flatMap(s -> values(s).map(v -> new SchemaAndValue(s, v))),
                        percent(15))
                .as((key, sv, schemaless) ->
                        schemaless ? new Header(key, null, sv.value()) : new Header(key, sv.schema(), sv.value()));
        return header.list().ofMaxSize(6).map(Headers::of);
    }
}
