package io.kanal.api.data;

import io.kanal.api.data.Schema.Type;
import io.kanal.api.errors.SchemaProjectorException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Projects a value written with one schema onto a compatible schema, as Kafka Connect's {@code SchemaProjector} does
 * (sink connectors use it to reconcile schema versions): numbers are widened along int8 → int16 → int32 → int64 →
 * float32 → float64, struct fields missing from the source take the target's default (or stay empty when optional),
 * fields the target lacks are dropped, and a null for an optional source becomes the target's default. Names and
 * parameters must be equal.
 *
 * <p>Stateless and thread-safe.
 */
public final class SchemaProjector {

    /**
     * The numeric conversions allowed from each numeric type. Each includes the type itself, as in Connect: a number
     * projected onto its own numeric type is converted to that type's Java class (a Short given for an INT8 schema
     * becomes a Byte).
     */
    private static final Map<Type, Set<Type>> PROMOTIONS = Map.of(
            Type.INT8, EnumSet.of(Type.INT8, Type.INT16, Type.INT32, Type.INT64, Type.FLOAT32, Type.FLOAT64),
            Type.INT16, EnumSet.of(Type.INT16, Type.INT32, Type.INT64, Type.FLOAT32, Type.FLOAT64),
            Type.INT32, EnumSet.of(Type.INT32, Type.INT64, Type.FLOAT32, Type.FLOAT64),
            Type.INT64, EnumSet.of(Type.INT64, Type.FLOAT32, Type.FLOAT64),
            Type.FLOAT32, EnumSet.of(Type.FLOAT32, Type.FLOAT64),
            Type.FLOAT64, EnumSet.of(Type.FLOAT64));

    private SchemaProjector() {}

    /**
     * @param source the schema the value was written with
     * @param record the value, possibly null
     * @param target the schema to project onto
     * @return the value as the target schema sees it (a new {@link Struct}, list or map for containers)
     * @throws SchemaProjectorException when the schemas are incompatible or the value does not fit the source schema
     * @throws io.kanal.api.errors.DataException when a projected struct field is invalid for the target
     */
    public static Object project(Schema source, Object record, Schema target) {
        if (source == null || target == null) {
            throw new SchemaProjectorException(
                    "Cannot project without schemas: source " + source + ", target " + target);
        }
        checkMaybeCompatible(source, target);
        if (source.isOptional() && !target.isOptional()) {
            if (target.defaultValue() == null) {
                throw new SchemaProjectorException(
                        "Writer schema is optional, however, target schema does not provide a default value.");
            }
            return record == null ? target.defaultValue() : projectRequired(source, record, target);
        }
        return record == null ? null : projectRequired(source, record, target);
    }

    private static void checkMaybeCompatible(Schema source, Schema target) {
        if (source.type() != target.type() && !isPromotable(source.type(), target.type())) {
            throw new SchemaProjectorException(
                    "Schema type mismatch. source type: " + source.type() + " and target type: " + target.type());
        }
        if (!Objects.equals(source.name(), target.name())) {
            throw new SchemaProjectorException(
                    "Schema name mismatch. source name: " + source.name() + " and target name: " + target.name());
        }
        if (!Objects.equals(source.parameters(), target.parameters())) {
            throw new SchemaProjectorException("Schema parameters not equal. source parameters: " + source.parameters()
                    + " and target parameters: " + target.parameters());
        }
    }

    private static boolean isPromotable(Type from, Type to) {
        Set<Type> widenings = from == null ? null : PROMOTIONS.get(from);
        return widenings != null && to != null && widenings.contains(to);
    }

    private static Object projectRequired(Schema source, Object record, Schema target) {
        Type type = target.type();
        if (type == null) {
            throw new SchemaProjectorException("Target schema has no type");
        }
        return switch (type) {
            case STRUCT -> projectStruct(source, as(record, Struct.class, type), target);
            case ARRAY -> projectArray(source, as(record, List.class, type), target);
            case MAP -> projectMap(source, as(record, Map.class, type), target);
            default -> projectPrimitive(source, record, target);
        };
    }

    /** Where Connect would fail with a ClassCastException, say what the value is. */
    private static <T> T as(Object record, Class<T> expected, Type type) {
        if (!expected.isInstance(record)) {
            throw new SchemaProjectorException(
                    "Cannot project a " + record.getClass().getName() + " as " + type);
        }
        return expected.cast(record);
    }

    private static Struct projectStruct(Schema source, Struct record, Schema target) {
        Struct projected = new Struct(target);
        for (Field targetField : target.fields()) {
            String name = targetField.name();
            Field sourceField = source.field(name);
            if (sourceField != null) {
                Object value = record.get(name);
                Object targetValue;
                try {
                    targetValue = project(sourceField.schema(), value, targetField.schema());
                } catch (SchemaProjectorException e) {
                    throw new SchemaProjectorException("Error projecting " + sourceField.name(), e);
                }
                projected.put(name, targetValue);
            } else if (targetField.schema().isOptional()) {
                continue; // an optional field the source lacks stays empty
            } else if (targetField.schema().defaultValue() != null) {
                projected.put(name, targetField.schema().defaultValue());
            } else {
                throw new SchemaProjectorException(
                        "Required field `" + name + "` is missing from source schema: " + source);
            }
        }
        return projected;
    }

    private static List<Object> projectArray(Schema source, List<?> record, Schema target) {
        List<Object> projected = new ArrayList<>(record.size());
        for (Object element : record) {
            projected.add(project(source.valueSchema(), element, target.valueSchema()));
        }
        return projected;
    }

    private static Map<Object, Object> projectMap(Schema source, Map<?, ?> record, Schema target) {
        Map<Object, Object> projected = new HashMap<>();
        for (Map.Entry<?, ?> entry : record.entrySet()) {
            projected.put(
                    project(source.keySchema(), entry.getKey(), target.keySchema()),
                    project(source.valueSchema(), entry.getValue(), target.valueSchema()));
        }
        return projected;
    }

    private static Object projectPrimitive(Schema source, Object record, Schema target) {
        if (!isPromotable(source.type(), target.type()) || !(record instanceof Number number)) {
            return record; // non-numeric types (and non-numbers) pass through unchecked, as in Connect
        }
        return switch (target.type()) {
            case INT8 -> number.byteValue();
            case INT16 -> number.shortValue();
            case INT32 -> number.intValue();
            case INT64 -> number.longValue();
            case FLOAT32 -> number.floatValue();
            case FLOAT64 -> number.doubleValue();
            default -> throw new SchemaProjectorException("Not promotable type.");
        };
    }
}
