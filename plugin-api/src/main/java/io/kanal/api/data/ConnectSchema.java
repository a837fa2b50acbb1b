package io.kanal.api.data;

import io.kanal.api.errors.DataException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The immutable {@link Schema}: what {@link SchemaBuilder#build()} returns. Kafka Connect's {@code ConnectSchema},
 * with the same equality (every property, the default compared deeply) and the same validation rules in
 * {@link #validateValue(Schema, Object)}.
 *
 * <p>Immutable and thread-safe, provided the default value passed in is not mutated afterwards (a default that is a
 * {@link Struct}, list, map or array is shared, not copied, exactly as in Connect).
 */
public final class ConnectSchema implements Schema {

    /** The Java classes that may carry a value of each type. */
    private static final Map<Type, List<Class<?>>> TYPE_CLASSES = typeClasses();

    /** The Java class that carries a value of each logical type; it replaces the type's classes. */
    private static final Map<String, List<Class<?>>> LOGICAL_CLASSES = Map.of(
            Decimal.LOGICAL_NAME, List.of(BigDecimal.class),
            Date.LOGICAL_NAME, List.of(java.util.Date.class),
            Time.LOGICAL_NAME, List.of(java.util.Date.class),
            Timestamp.LOGICAL_NAME, List.of(java.util.Date.class));

    private final Type type;
    private final boolean optional;
    private final Object defaultValue;
    private final String name;
    private final Integer version;
    private final String doc;
    private final Map<String, String> parameters;
    private final List<Field> fields;
    private final Map<String, Field> fieldsByName;
    private final Schema keySchema;
    private final Schema valueSchema;

    /** Lazily computed; racy single-check is safe because every thread computes the same value. */
    private int hash;

    /**
     * Creates a schema. Prefer {@link SchemaBuilder}, which checks what this constructor accepts as given (for
     * instance a default that does not match the type).
     *
     * @param type the type; must not be null
     * @param optional whether null is valid
     * @param defaultValue the default, or null
     * @param name the name, or null
     * @param version the version, or null
     * @param doc the documentation, or null
     * @param parameters the parameters (copied, order kept), or null
     * @param fields a struct's fields (copied); ignored for other types; null means none
     * @param keySchema a map's key schema, or null
     * @param valueSchema an array's element or a map's value schema, or null
     * @throws DataException when {@code type} is null
     */
    public ConnectSchema(
            Type type,
            boolean optional,
            Object defaultValue,
            String name,
            Integer version,
            String doc,
            Map<String, String> parameters,
            List<Field> fields,
            Schema keySchema,
            Schema valueSchema) {
        if (type == null) {
            throw new DataException("A schema needs a type, but the type is null");
        }
        this.type = type;
        this.optional = optional;
        this.defaultValue = defaultValue;
        this.name = name;
        this.version = version;
        this.doc = doc;
        this.parameters = parameters == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
        if (type == Type.STRUCT) {
            List<Field> copy = fields == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(fields));
            Map<String, Field> byName = new HashMap<>();
            for (Field field : copy) {
                if (field == null) {
                    throw new DataException("A struct schema cannot have a null field");
                }
                byName.put(field.name(), field);
            }
            this.fields = copy;
            this.fieldsByName = byName;
        } else {
            this.fields = null;
            this.fieldsByName = null;
        }
        this.keySchema = keySchema;
        this.valueSchema = valueSchema;
    }

    /**
     * Creates a schema without parameters, fields, key or value schema.
     *
     * @param type the type; must not be null
     * @param optional whether null is valid
     * @param defaultValue the default, or null
     * @param name the name, or null
     * @param version the version, or null
     * @param doc the documentation, or null
     */
    public ConnectSchema(Type type, boolean optional, Object defaultValue, String name, Integer version, String doc) {
        this(type, optional, defaultValue, name, version, doc, null, null, null, null);
    }

    /**
     * Creates a required schema of the given type with no other property.
     *
     * @param type the type; must not be null
     */
    public ConnectSchema(Type type) {
        this(type, false, null, null, null, null, null, null, null, null);
    }

    static ConnectSchema primitive(Type type, boolean optional) {
        return new ConnectSchema(type, optional, null, null, null, null, null, null, null, null);
    }

    @Override
    public Type type() {
        return type;
    }

    @Override
    public boolean isOptional() {
        return optional;
    }

    @Override
    public Object defaultValue() {
        return defaultValue;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Integer version() {
        return version;
    }

    @Override
    public String doc() {
        return doc;
    }

    @Override
    public Map<String, String> parameters() {
        return parameters;
    }

    @Override
    public List<Field> fields() {
        if (type != Type.STRUCT) {
            throw new DataException("Cannot list fields on non-struct type");
        }
        return fields;
    }

    @Override
    public Field field(String fieldName) {
        if (type != Type.STRUCT) {
            throw new DataException("Cannot look up fields on non-struct type");
        }
        return fieldsByName.get(fieldName);
    }

    @Override
    public Schema keySchema() {
        if (type != Type.MAP) {
            throw new DataException("Cannot look up key schema on non-map type");
        }
        return keySchema;
    }

    @Override
    public Schema valueSchema() {
        if (type != Type.MAP && type != Type.ARRAY) {
            throw new DataException("Cannot look up value schema on non-array and non-map type");
        }
        return valueSchema;
    }

    @Override
    public ConnectSchema schema() {
        return this;
    }

    /**
     * Checks that a value is valid for a schema, recursively: null only when optional, the right Java class for the
     * type (or for the logical type named by the schema), a struct of an equal schema whose fields are valid, arrays
     * and maps whose elements, keys and values are valid.
     *
     * @param schema the schema
     * @param value the value, possibly null
     * @throws DataException when the value is not valid; the message says where and why
     */
    public static void validateValue(Schema schema, Object value) {
        validate(schema, value, "", null);
    }

    /**
     * Like {@link #validateValue(Schema, Object)}, naming the field in the error message.
     *
     * @param field the field's name, or null for a top-level value
     * @param schema the schema
     * @param value the value, possibly null
     * @throws DataException when the value is not valid; the message names the field
     */
    public static void validateValue(String field, Schema schema, Object value) {
        validate(schema, value, "", field);
    }

    /**
     * Checks a value against this schema.
     *
     * @param value the value, possibly null
     * @throws DataException when the value is not valid
     */
    public void validateValue(Object value) {
        validateValue(this, value);
    }

    /**
     * The check itself. The place named in errors is {@code prefix} plus the field (or "value"); it is put together
     * only when a check fails, since this runs for every field a transform or converter puts into a struct.
     */
    private static void validate(Schema schema, Object value, String prefix, String field) {
        if (schema == null) {
            throw new DataException("No schema defined for " + location(prefix, field));
        }
        if (value == null) {
            if (!schema.isOptional()) {
                throw new DataException("Invalid value: null used for required " + location(prefix, field)
                        + ", schema type: " + schema.type());
            }
            return;
        }
        if (!hasExpectedClass(schema, value)) {
            StringBuilder message = new StringBuilder("Invalid Java object for schema");
            if (schema.name() != null) {
                message.append(" \"").append(schema.name()).append('"');
            }
            message.append(" with type ")
                    .append(schema.type())
                    .append(": ")
                    .append(value.getClass())
                    .append(" for ")
                    .append(location(prefix, field));
            throw new DataException(message.toString());
        }
        Type type = schema.type();
        if (type == null) {
            throw new DataException("No schema type defined for " + location(prefix, field));
        }
        switch (type) {
            case STRUCT -> {
                Struct struct = (Struct) value;
                if (struct.schema() != schema && !struct.schema().equals(schema)) {
                    throw new DataException("Struct schemas do not match.");
                }
                struct.validate();
            }
            case ARRAY -> {
                String elementPrefix = "element of array " + prefix;
                Schema elementSchema = schemaOf(schema.valueSchema(), elementPrefix, field);
                for (Object element : (List<?>) value) {
                    validate(elementSchema, element, elementPrefix, field);
                }
            }
            case MAP -> {
                String keyPrefix = "key of map " + prefix;
                String valuePrefix = "value of map " + prefix;
                Schema keys = schemaOf(schema.keySchema(), keyPrefix, field);
                Schema values = schemaOf(schema.valueSchema(), valuePrefix, field);
                for (Map.Entry<?, ?> entry : ((Map<?, ?>) value).entrySet()) {
                    validate(keys, entry.getKey(), keyPrefix, field);
                    validate(values, entry.getValue(), valuePrefix, field);
                }
            }
            default -> {
                // primitives: the class check above is the whole check
            }
        }
    }

    private static Schema schemaOf(Schema schema, String prefix, String field) {
        if (schema == null) {
            throw new DataException("No schema defined for " + location(prefix, field));
        }
        return schema;
    }

    private static String location(String prefix, String field) {
        return prefix + (field == null ? "value" : "field: \"" + field + "\"");
    }

    private static boolean hasExpectedClass(Schema schema, Object value) {
        String name = schema.name();
        List<Class<?>> logical = name == null ? null : LOGICAL_CLASSES.get(name);
        if (logical != null) {
            // A logical type replaces its type's classes: a Date schema takes java.util.Date, not Integer.
            return logical.get(0).isInstance(value);
        }
        Type type = schema.type();
        if (type == null) {
            return false;
        }
        // instanceof per type rather than a class list: this runs for every field of every record.
        return switch (type) {
            case INT8 -> value instanceof Byte;
            case INT16 -> value instanceof Short;
            case INT32 -> value instanceof Integer;
            case INT64 -> value instanceof Long;
            case FLOAT32 -> value instanceof Float;
            case FLOAT64 -> value instanceof Double;
            case BOOLEAN -> value instanceof Boolean;
            case STRING -> value instanceof String;
            case BYTES -> value instanceof byte[] || value instanceof ByteBuffer;
            case ARRAY -> value instanceof List;
            case MAP -> value instanceof Map;
            case STRUCT -> value instanceof Struct;
        };
    }

    /**
     * The schema type whose values a Java class carries: {@code Integer → INT32}, any {@link List} → ARRAY, any
     * {@link ByteBuffer} or {@code byte[]} → BYTES, and so on.
     *
     * @param javaClass the class; null gives null
     * @return the type, or null when no type carries instances of that class
     */
    public static Type schemaType(Class<?> javaClass) {
        if (javaClass == null) {
            return null;
        }
        for (Map.Entry<Type, List<Class<?>>> entry : TYPE_CLASSES.entrySet()) {
            for (Class<?> candidate : entry.getValue()) {
                if (candidate.isAssignableFrom(javaClass)) {
                    return entry.getKey();
                }
            }
        }
        return null;
    }

    private static Map<Type, List<Class<?>>> typeClasses() {
        Map<Type, List<Class<?>>> classes = new EnumMap<>(Type.class);
        classes.put(Type.INT8, List.of(Byte.class));
        classes.put(Type.INT16, List.of(Short.class));
        classes.put(Type.INT32, List.of(Integer.class));
        classes.put(Type.INT64, List.of(Long.class));
        classes.put(Type.FLOAT32, List.of(Float.class));
        classes.put(Type.FLOAT64, List.of(Double.class));
        classes.put(Type.BOOLEAN, List.of(Boolean.class));
        classes.put(Type.STRING, List.of(String.class));
        classes.put(Type.BYTES, List.of(byte[].class, ByteBuffer.class));
        classes.put(Type.ARRAY, List.of(List.class));
        classes.put(Type.MAP, List.of(Map.class));
        classes.put(Type.STRUCT, List.of(Struct.class));
        return Collections.unmodifiableMap(classes);
    }

    /**
     * Equal when every property is equal: type, optional, default (compared deeply, so two {@code byte[]} defaults
     * with the same content are equal), name, version, doc, parameters, fields, key and value schemas. A
     * {@link SchemaBuilder} is never equal to a {@code ConnectSchema}.
     */
    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof ConnectSchema other)) {
            return false;
        }
        return optional == other.optional
                && type == other.type
                && Objects.equals(version, other.version)
                && Objects.equals(name, other.name)
                && Objects.equals(doc, other.doc)
                && Objects.deepEquals(defaultValue, other.defaultValue)
                && Objects.equals(fields, other.fields)
                && Objects.equals(keySchema, other.keySchema)
                && Objects.equals(valueSchema, other.valueSchema)
                && Objects.equals(parameters, other.parameters);
    }

    /** Consistent with {@link #equals(Object)}: unlike Connect's, a {@code byte[]} default hashes by content. */
    @Override
    public int hashCode() {
        int h = hash;
        if (h == 0) {
            h = Objects.hash(
                    type,
                    optional,
                    Arrays.deepHashCode(new Object[] {defaultValue}),
                    fields,
                    keySchema,
                    valueSchema,
                    name,
                    version,
                    doc,
                    parameters);
            hash = h;
        }
        return h;
    }

    /** {@code Schema{TYPE}} or {@code Schema{name:TYPE}}, as Connect prints it. */
    @Override
    public String toString() {
        return name != null ? "Schema{" + name + ":" + type + "}" : "Schema{" + type + "}";
    }
}
