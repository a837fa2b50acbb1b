package io.kanal.runtime.transform;

import io.kanal.api.data.Decimal;
import io.kanal.api.data.Schema;
import io.kanal.api.data.SchemaBuilder;
import io.kanal.api.data.Struct;
import io.kanal.api.source.SourceRecord;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Random nested schemas and values for the property-based differential tests: structs up to three levels deep with
 * optional fields, defaults, arrays, logical types and field names that can collide once flattened; and schemaless
 * nested maps with nulls and lists. Driven by a seed, so jqwik can replay a failure.
 */
final class RandomData {

    private static final String[] NAMES = {"a", "b", "c", "a.b", "b_c", "id", "name"};

    private final Random random;

    RandomData(long seed) {
        this.random = new Random(seed);
    }

    SourceRecord valueRecord() {
        if (random.nextInt(10) < 7) {
            Schema schema = struct(0, random.nextInt(5) == 0);
            return Differential.valueRecord(
                    schema, random.nextInt(8) == 0 && schema.isOptional() ? null : value(schema));
        }
        return Differential.valueRecord(null, map(0));
    }

    private Schema struct(int depth, boolean optional) {
        SchemaBuilder builder = SchemaBuilder.struct();
        if (random.nextBoolean()) {
            builder.name("S" + depth).version(1 + random.nextInt(3));
        }
        Set<String> names = new LinkedHashSet<>();
        int fields = 1 + random.nextInt(4);
        while (names.size() < fields) {
            names.add(NAMES[random.nextInt(NAMES.length)]);
        }
        for (String name : names) {
            builder.field(name, fieldSchema(depth));
        }
        if (optional) {
            builder.optional();
        }
        return builder.build();
    }

    private Schema fieldSchema(int depth) {
        int kind = random.nextInt(depth < 2 ? 10 : 8);
        boolean optional = random.nextBoolean();
        boolean withDefault = random.nextInt(3) == 0;
        SchemaBuilder builder;
        Object defaultValue;
        switch (kind) {
            case 0 -> {
                builder = SchemaBuilder.int32();
                defaultValue = 42;
            }
            case 1 -> {
                builder = SchemaBuilder.string();
                defaultValue = "dflt";
            }
            case 2 -> {
                builder = SchemaBuilder.bool();
                defaultValue = Boolean.TRUE;
            }
            case 3 -> {
                builder = SchemaBuilder.float64();
                defaultValue = 0.5;
            }
            case 4 -> {
                builder = SchemaBuilder.bytes();
                defaultValue = new byte[] {9};
            }
            case 5 -> {
                builder = Decimal.builder(2);
                defaultValue = new BigDecimal("0.01");
            }
            case 6 -> {
                builder = SchemaBuilder.array(Schema.OPTIONAL_INT64_SCHEMA);
                defaultValue = List.of(1L);
            }
            case 7 -> {
                builder = SchemaBuilder.int64();
                defaultValue = -1L;
            }
            default -> {
                return struct(depth + 1, optional);
            }
        }
        if (optional) {
            builder.optional();
        }
        if (withDefault) {
            builder.defaultValue(defaultValue);
        }
        return builder.build();
    }

    private Object value(Schema schema) {
        if (schema.isOptional() && random.nextInt(4) == 0) {
            return null;
        }
        return switch (schema.type()) {
            case INT32 -> random.nextInt(1000);
            case INT64 -> random.nextLong();
            case STRING -> "s" + random.nextInt(100);
            case BOOLEAN -> random.nextBoolean();
            case FLOAT64 -> random.nextDouble();
            case BYTES ->
                Decimal.LOGICAL_NAME.equals(schema.name())
                        ? BigDecimal.valueOf(random.nextInt(100_000), 2)
                        : new byte[] {(byte) random.nextInt()};
            case ARRAY -> random.nextBoolean() ? List.of() : java.util.Arrays.asList(1L, null, 3L);
            case STRUCT -> {
                Struct struct = new Struct(schema);
                for (io.kanal.api.data.Field field : schema.fields()) {
                    // A field with a default is sometimes left unset: null cannot be put into a required one.
                    if (field.schema().defaultValue() == null || random.nextInt(4) != 0) {
                        struct.put(field, value(field.schema()));
                    }
                }
                yield struct;
            }
            default -> throw new IllegalStateException("not generated: " + schema.type());
        };
    }

    private Map<String, Object> map(int depth) {
        Map<String, Object> map = new HashMap<>();
        int entries = random.nextInt(4);
        for (int i = 0; i < entries; i++) {
            String key = NAMES[random.nextInt(NAMES.length)];
            int kind = random.nextInt(depth < 2 ? 7 : 5);
            map.put(
                    key,
                    switch (kind) {
                        case 0 -> null;
                        case 1 -> random.nextInt(10);
                        case 2 -> "v" + random.nextInt(10);
                        case 3 -> new ArrayList<>(List.of(1, 2));
                        case 4 -> random.nextBoolean();
                        default -> map(depth + 1);
                    });
        }
        return map;
    }
}
