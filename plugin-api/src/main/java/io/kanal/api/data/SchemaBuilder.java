package io.kanal.api.data;

import io.kanal.api.errors.DataException;
import io.kanal.api.errors.SchemaBuilderException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Builds a {@link Schema} fluently: {@code SchemaBuilder.struct().name("Person").field("age",
 * Schema.INT32_SCHEMA).optional().build()}. Kafka Connect's {@code SchemaBuilder}, with the same checks: a property
 * can be set only once (setting it again to an equal value is allowed), a default must be valid for the schema as
 * built so far, fields exist only on structs and their names are unique.
 *
 * <p>A builder is itself a {@link Schema} and may be used as one while it is being built (for instance as a field's
 * schema), but it is mutable and compares by identity: build it, then share the immutable {@link ConnectSchema}.
 *
 * <p>Not thread-safe: confine a builder to one thread.
 */
public class SchemaBuilder implements Schema {

    private static final String OPTIONAL_FIELD = "optional";
    private static final String DEFAULT_FIELD = "default";
    private static final String NAME_FIELD = "name";
    private static final String VERSION_FIELD = "version";
    private static final String DOC_FIELD = "doc";

    private final Type type;
    private Boolean optional;
    private Object defaultValue;
    private String name;
    private Integer version;
    private String doc;
    private Map<String, String> parameters;
    private final Map<String, Field> fields;
    private Schema keySchema;
    private Schema valueSchema;

    /**
     * @param type the type of the schema to build
     * @throws SchemaBuilderException when {@code type} is null
     */
    public SchemaBuilder(Type type) {
        if (type == null) {
            throw new SchemaBuilderException("type cannot be null");
        }
        this.type = type;
        this.fields = type == Type.STRUCT ? new LinkedHashMap<>() : null;
    }

    /**
     * Connect rejects a second call unless it passes the very same object; Kanal accepts an equal one, which is
     * what callers mean and never rejects a call that Connect accepts.
     */
    private static void checkCanSet(String property, Object current, Object requested) {
        if (current != null && !Objects.deepEquals(current, requested)) {
            throw new SchemaBuilderException("Invalid SchemaBuilder call: " + property + " has already been set.");
        }
    }

    /**
     * @return a builder for a type
     * @param type the type
     * @throws SchemaBuilderException when {@code type} is null
     */
    public static SchemaBuilder type(Type type) {
        return new SchemaBuilder(type);
    }

    /** @return a builder for an 8-bit integer */
    public static SchemaBuilder int8() {
        return new SchemaBuilder(Type.INT8);
    }

    /** @return a builder for a 16-bit integer */
    public static SchemaBuilder int16() {
        return new SchemaBuilder(Type.INT16);
    }

    /** @return a builder for a 32-bit integer */
    public static SchemaBuilder int32() {
        return new SchemaBuilder(Type.INT32);
    }

    /** @return a builder for a 64-bit integer */
    public static SchemaBuilder int64() {
        return new SchemaBuilder(Type.INT64);
    }

    /** @return a builder for a single precision float */
    public static SchemaBuilder float32() {
        return new SchemaBuilder(Type.FLOAT32);
    }

    /** @return a builder for a double precision float */
    public static SchemaBuilder float64() {
        return new SchemaBuilder(Type.FLOAT64);
    }

    /** @return a builder for a boolean */
    public static SchemaBuilder bool() {
        return new SchemaBuilder(Type.BOOLEAN);
    }

    /** @return a builder for a string */
    public static SchemaBuilder string() {
        return new SchemaBuilder(Type.STRING);
    }

    /** @return a builder for bytes */
    public static SchemaBuilder bytes() {
        return new SchemaBuilder(Type.BYTES);
    }

    /** @return a builder for a struct, to which {@link #field(String, Schema)} adds fields */
    public static SchemaBuilder struct() {
        return new SchemaBuilder(Type.STRUCT);
    }

    /**
     * @param valueSchema the schema of the elements
     * @return a builder for an array
     * @throws SchemaBuilderException when {@code valueSchema} is null
     */
    public static SchemaBuilder array(Schema valueSchema) {
        if (valueSchema == null) {
            throw new SchemaBuilderException("valueSchema cannot be null.");
        }
        SchemaBuilder builder = new SchemaBuilder(Type.ARRAY);
        builder.valueSchema = valueSchema;
        return builder;
    }

    /**
     * @param keySchema the schema of the keys
     * @param valueSchema the schema of the values
     * @return a builder for a map
     * @throws SchemaBuilderException when either schema is null
     */
    public static SchemaBuilder map(Schema keySchema, Schema valueSchema) {
        if (keySchema == null) {
            throw new SchemaBuilderException("keySchema cannot be null.");
        }
        if (valueSchema == null) {
            throw new SchemaBuilderException("valueSchema cannot be null.");
        }
        SchemaBuilder builder = new SchemaBuilder(Type.MAP);
        builder.keySchema = keySchema;
        builder.valueSchema = valueSchema;
        return builder;
    }

    /**
     * Makes the schema optional (null becomes valid).
     *
     * @return this builder
     * @throws SchemaBuilderException when {@link #required()} was called before
     */
    public SchemaBuilder optional() {
        checkCanSet(OPTIONAL_FIELD, optional, Boolean.TRUE);
        optional = Boolean.TRUE;
        return this;
    }

    /**
     * Makes the schema required (the default when neither this nor {@link #optional()} is called).
     *
     * @return this builder
     * @throws SchemaBuilderException when {@link #optional()} was called before
     */
    public SchemaBuilder required() {
        checkCanSet(OPTIONAL_FIELD, optional, Boolean.FALSE);
        optional = Boolean.FALSE;
        return this;
    }

    /**
     * Sets the default, which must be valid for the schema as built so far (so a null default needs {@link
     * #optional()} first).
     *
     * @param value the default
     * @return this builder
     * @throws SchemaBuilderException when the default is invalid or a different default was set before
     */
    public SchemaBuilder defaultValue(Object value) {
        checkCanSet(DEFAULT_FIELD, defaultValue, value);
        try {
            ConnectSchema.validateValue(this, value);
        } catch (DataException e) {
            throw new SchemaBuilderException("Invalid default value", e);
        }
        defaultValue = value;
        return this;
    }

    /**
     * @param schemaName the name (for logical types, their logical name)
     * @return this builder
     * @throws SchemaBuilderException when a different name was set before
     */
    public SchemaBuilder name(String schemaName) {
        checkCanSet(NAME_FIELD, name, schemaName);
        name = schemaName;
        return this;
    }

    /**
     * @param schemaVersion the version
     * @return this builder
     * @throws SchemaBuilderException when a different version was set before
     */
    public SchemaBuilder version(Integer schemaVersion) {
        checkCanSet(VERSION_FIELD, version, schemaVersion);
        version = schemaVersion;
        return this;
    }

    /**
     * @param documentation the documentation
     * @return this builder
     * @throws SchemaBuilderException when a different documentation was set before
     */
    public SchemaBuilder doc(String documentation) {
        checkCanSet(DOC_FIELD, doc, documentation);
        doc = documentation;
        return this;
    }

    /**
     * Sets a parameter, replacing an earlier value of the same key.
     *
     * @param propertyName the key
     * @param propertyValue the value
     * @return this builder
     */
    public SchemaBuilder parameter(String propertyName, String propertyValue) {
        if (parameters == null) {
            parameters = new LinkedHashMap<>();
        }
        parameters.put(propertyName, propertyValue);
        return this;
    }

    /**
     * Sets several parameters, replacing earlier values of the same keys.
     *
     * @param props the parameters; null changes nothing
     * @return this builder
     */
    public SchemaBuilder parameters(Map<String, String> props) {
        if (props == null) {
            return this;
        }
        if (parameters == null) {
            parameters = new LinkedHashMap<>();
        }
        parameters.putAll(props);
        return this;
    }

    /**
     * Adds a field to a struct schema; its index is the number of fields added before it.
     *
     * @param fieldName the field's name, unique in the struct
     * @param fieldSchema the field's schema
     * @return this builder
     * @throws SchemaBuilderException when this is not a struct, the name is null, empty or taken, or the schema null
     */
    public SchemaBuilder field(String fieldName, Schema fieldSchema) {
        if (type != Type.STRUCT) {
            throw new SchemaBuilderException("Cannot create fields on type " + type);
        }
        if (fieldName == null || fieldName.isEmpty()) {
            throw new SchemaBuilderException("fieldName cannot be null.");
        }
        if (fieldSchema == null) {
            throw new SchemaBuilderException("fieldSchema for field " + fieldName + " cannot be null.");
        }
        if (fields.containsKey(fieldName)) {
            throw new SchemaBuilderException("Cannot create field because of field name duplication " + fieldName);
        }
        fields.put(fieldName, new Field(fieldName, fields.size(), fieldSchema));
        return this;
    }

    @Override
    public Type type() {
        return type;
    }

    @Override
    public boolean isOptional() {
        return optional != null && optional;
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
        return parameters == null ? null : Collections.unmodifiableMap(parameters);
    }

    /**
     * @return a copy of the fields added so far
     * @throws DataException when this is not a struct builder
     */
    @Override
    public List<Field> fields() {
        if (type != Type.STRUCT) {
            throw new DataException("Cannot list fields on non-struct type");
        }
        return new ArrayList<>(fields.values());
    }

    @Override
    public Field field(String fieldName) {
        if (type != Type.STRUCT) {
            throw new DataException("Cannot look up fields on non-struct type");
        }
        return fields.get(fieldName);
    }

    /** @return the key schema of a map builder, null for other types (a builder does not throw here) */
    @Override
    public Schema keySchema() {
        return keySchema;
    }

    /** @return the value schema of an array or map builder, null for other types */
    @Override
    public Schema valueSchema() {
        return valueSchema;
    }

    /**
     * @return the immutable schema built from the properties set so far; the builder may be built again
     */
    public Schema build() {
        return new ConnectSchema(
                type,
                isOptional(),
                defaultValue,
                name,
                version,
                doc,
                parameters,
                fields == null ? null : new ArrayList<>(fields.values()),
                keySchema,
                valueSchema);
    }

    /**
     * Builds the schema, as Connect's builder does here: code that calls {@code schema()} on a builder gets an
     * immutable schema, not the builder.
     *
     * @return the built schema
     */
    @Override
    public Schema schema() {
        return build();
    }
}
