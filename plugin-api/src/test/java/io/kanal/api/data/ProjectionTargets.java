package io.kanal.api.data;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Random edits of a schema, for {@link DataArbitraries#projectionTargets(Schema)}. Stateless. */
final class ProjectionTargets {

    private ProjectionTargets() {}

    static Schema mutate(Schema s, Random random) {
        Schema.Type type = s.type();
        if (s.name() == null && type.isPrimitive() && random.nextInt(4) == 0) {
            Schema.Type[] numeric = {
                Schema.Type.INT8,
                Schema.Type.INT16,
                Schema.Type.INT32,
                Schema.Type.INT64,
                Schema.Type.FLOAT32,
                Schema.Type.FLOAT64,
                Schema.Type.STRING
            };
            type = numeric[random.nextInt(numeric.length)];
        }
        boolean optional = random.nextInt(5) == 0 ? !s.isOptional() : s.isOptional();
        String name = random.nextInt(15) == 0 ? "renamed" : s.name();
        Map<String, String> parameters = random.nextInt(15) == 0 ? Map.of("p", "changed") : s.parameters();
        List<Field> fields = null;
        Schema key = null;
        Schema value = null;
        switch (type) {
            case STRUCT -> {
                fields = new ArrayList<>();
                for (Field f : s.fields()) {
                    if (random.nextInt(6) != 0) {
                        fields.add(new Field(f.name(), fields.size(), mutate(f.schema(), random)));
                    }
                }
                int extra = random.nextInt(4);
                if (extra == 1) {
                    fields.add(new Field("added", fields.size(), Schema.OPTIONAL_STRING_SCHEMA));
                } else if (extra == 2) {
                    fields.add(new Field(
                            "added",
                            fields.size(),
                            SchemaBuilder.int32().defaultValue(5).build()));
                } else if (extra == 3) {
                    fields.add(new Field("added", fields.size(), Schema.INT64_SCHEMA));
                }
            }
            case ARRAY -> value = mutate(s.valueSchema(), random);
            case MAP -> {
                key = mutate(s.keySchema(), random);
                value = mutate(s.valueSchema(), random);
            }
            default -> {
                // no children
            }
        }
        Object defaultValue = type == s.type() ? s.defaultValue() : null;
        if (defaultValue == null && random.nextInt(3) == 0) {
            defaultValue = sampleDefault(type, name, parameters);
        }
        return new ConnectSchema(
                type, optional, defaultValue, name, s.version(), s.doc(), parameters, fields, key, value);
    }

    private static Object sampleDefault(Schema.Type type, String name, Map<String, String> parameters) {
        if (Decimal.LOGICAL_NAME.equals(name)) {
            String scale = parameters == null ? null : parameters.get(Decimal.SCALE_FIELD);
            return scale == null ? null : new BigDecimal(BigInteger.ONE, Integer.parseInt(scale));
        }
        if (Date.LOGICAL_NAME.equals(name) || Time.LOGICAL_NAME.equals(name) || Timestamp.LOGICAL_NAME.equals(name)) {
            return new java.util.Date(0);
        }
        return switch (type) {
            case INT8 -> (byte) 8;
            case INT16 -> (short) 16;
            case INT32 -> 32;
            case INT64 -> 64L;
            case FLOAT32 -> 3.2f;
            case FLOAT64 -> 6.4d;
            case BOOLEAN -> true;
            case STRING -> "default";
            case BYTES -> new byte[] {1, 2};
            case ARRAY -> List.of();
            case MAP -> Map.of();
            case STRUCT -> null;
        };
    }
}
