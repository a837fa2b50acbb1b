package io.kanal.api.data;

import io.kanal.api.data.Schema.Type;
import io.kanal.api.errors.DataException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A value of a struct {@link Schema}: one slot per field. Kafka Connect's {@code Struct}, with the same semantics:
 * {@link #put(String, Object)} checks the value against the field's schema, {@link #get(String)} returns the field's
 * default when the slot is empty, {@link #validate()} checks that every required field without default is set, and
 * two structs are equal when their schemas are equal and their values are (arrays compared by content at the top
 * level, as Connect does).
 *
 * <p>Mutable and not thread-safe: fill a struct in one thread, then hand it over (records do, through the
 * pipeline's queues) and do not change it afterwards.
 */
public class Struct {

    private final Schema schema;
    private final Object[] values;

    /**
     * @param schema a struct schema (a {@link ConnectSchema}, or a {@link SchemaBuilder} whose fields are complete)
     * @throws DataException when the schema is null or not a struct schema
     */
    public Struct(Schema schema) {
        if (schema == null || schema.type() != Type.STRUCT) {
            throw new DataException("Not a struct schema: " + schema);
        }
        this.schema = schema;
        this.values = new Object[schema.fields().size()];
    }

    /** @return the struct's schema */
    public Schema schema() {
        return schema;
    }

    /**
     * @param fieldName a field's name
     * @return the field's value, or its schema's default when unset
     * @throws DataException when the schema has no such field
     */
    public Object get(String fieldName) {
        return get(lookupField(fieldName));
    }

    /**
     * @param field a field of this struct's schema
     * @return the field's value, or its schema's default when unset
     * @throws DataException when the field is null or not a field of this struct's schema
     */
    public Object get(Field field) {
        Object value = values[slot(field)];
        if (value == null && field.schema() != null) {
            return field.schema().defaultValue();
        }
        return value;
    }

    /**
     * @param fieldName a field's name
     * @return the field's value as set, null when unset (the default is not applied)
     * @throws DataException when the schema has no such field
     */
    public Object getWithoutDefault(String fieldName) {
        return values[slot(lookupField(fieldName))];
    }

    /**
     * The typed getters return the value as set, without applying the default, like Connect's.
     *
     * @param fieldName a field's name
     * @return the value, or null when unset
     * @throws DataException when there is no such field or it is not an INT8 field
     */
    public Byte getInt8(String fieldName) {
        return typed(fieldName, Type.INT8, Byte.class);
    }

    /**
     * @param fieldName a field's name
     * @return the value as set, or null when unset
     * @throws DataException when there is no such field or it is not an INT16 field
     */
    public Short getInt16(String fieldName) {
        return typed(fieldName, Type.INT16, Short.class);
    }

    /**
     * @param fieldName a field's name
     * @return the value as set, or null when unset
     * @throws DataException when there is no such field, it is not an INT32 field, or it holds a logical value
     */
    public Integer getInt32(String fieldName) {
        return typed(fieldName, Type.INT32, Integer.class);
    }

    /**
     * @param fieldName a field's name
     * @return the value as set, or null when unset
     * @throws DataException when there is no such field, it is not an INT64 field, or it holds a logical value
     */
    public Long getInt64(String fieldName) {
        return typed(fieldName, Type.INT64, Long.class);
    }

    /**
     * @param fieldName a field's name
     * @return the value as set, or null when unset
     * @throws DataException when there is no such field or it is not a FLOAT32 field
     */
    public Float getFloat32(String fieldName) {
        return typed(fieldName, Type.FLOAT32, Float.class);
    }

    /**
     * @param fieldName a field's name
     * @return the value as set, or null when unset
     * @throws DataException when there is no such field or it is not a FLOAT64 field
     */
    public Double getFloat64(String fieldName) {
        return typed(fieldName, Type.FLOAT64, Double.class);
    }

    /**
     * @param fieldName a field's name
     * @return the value as set, or null when unset
     * @throws DataException when there is no such field or it is not a BOOLEAN field
     */
    public Boolean getBoolean(String fieldName) {
        return typed(fieldName, Type.BOOLEAN, Boolean.class);
    }

    /**
     * @param fieldName a field's name
     * @return the value as set, or null when unset
     * @throws DataException when there is no such field or it is not a STRING field
     */
    public String getString(String fieldName) {
        return typed(fieldName, Type.STRING, String.class);
    }

    /**
     * @param fieldName a field's name
     * @return the value as set (a {@link ByteBuffer}'s whole backing array, as Connect returns it), or null
     * @throws DataException when there is no such field, it is not a BYTES field, or it holds a Decimal
     */
    public byte[] getBytes(String fieldName) {
        Object value = checkType(fieldName, Type.BYTES);
        if (value instanceof ByteBuffer buffer) {
            if (buffer.hasArray()) {
                return buffer.array();
            }
            // Direct or read-only buffers have no accessible array: copy what array() would have exposed.
            ByteBuffer all = buffer.duplicate();
            all.clear();
            byte[] copy = new byte[all.remaining()];
            all.get(copy);
            return copy;
        }
        return cast(fieldName, value, byte[].class);
    }

    /**
     * @param fieldName a field's name
     * @param <T> the element type the caller expects; not checked
     * @return the value as set, or null when unset
     * @throws DataException when there is no such field or it is not an ARRAY field
     */
    @SuppressWarnings("unchecked")
    public <T> List<T> getArray(String fieldName) {
        return (List<T>) typed(fieldName, Type.ARRAY, List.class);
    }

    /**
     * @param fieldName a field's name
     * @param <K> the key type the caller expects; not checked
     * @param <V> the value type the caller expects; not checked
     * @return the value as set, or null when unset
     * @throws DataException when there is no such field or it is not a MAP field
     */
    @SuppressWarnings("unchecked")
    public <K, V> Map<K, V> getMap(String fieldName) {
        return (Map<K, V>) typed(fieldName, Type.MAP, Map.class);
    }

    /**
     * @param fieldName a field's name
     * @return the value as set, or null when unset
     * @throws DataException when there is no such field or it is not a STRUCT field
     */
    public Struct getStruct(String fieldName) {
        return typed(fieldName, Type.STRUCT, Struct.class);
    }

    /**
     * Sets a field after checking the value against the field's schema.
     *
     * @param fieldName a field's name
     * @param value the value; null clears the slot (allowed only for optional fields)
     * @return this struct
     * @throws DataException when there is no such field or the value is invalid for it; the message names the field
     */
    public Struct put(String fieldName, Object value) {
        return put(lookupField(fieldName), value);
    }

    /**
     * Sets a field after checking the value against the field's schema.
     *
     * @param field a field of this struct's schema
     * @param value the value; null clears the slot (allowed only for optional fields)
     * @return this struct
     * @throws DataException when the field is null, out of range, or the value is invalid for it
     */
    public Struct put(Field field, Object value) {
        if (field == null) {
            throw new DataException("field cannot be null.");
        }
        int slot = slot(field);
        ConnectSchema.validateValue(field.name(), field.schema(), value);
        values[slot] = value;
        return this;
    }

    /**
     * Checks that every field holds a valid value: unset fields must be optional or have a default.
     *
     * @throws DataException naming the first field that is invalid
     */
    public void validate() {
        for (Field field : schema.fields()) {
            Schema fieldSchema = field.schema();
            Object value = field.index() < values.length ? values[field.index()] : null;
            if (value == null
                    && fieldSchema != null
                    && (fieldSchema.isOptional() || fieldSchema.defaultValue() != null)) {
                continue;
            }
            ConnectSchema.validateValue(field.name(), fieldSchema, value);
        }
    }

    /**
     * Equal when the schemas are equal and the values are, compared with {@link Arrays#deepEquals(Object[],
     * Object[])} as Connect does (so {@code byte[]} values compare by content, but a {@code byte[]} inside a list or
     * map compares by identity).
     */
    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (o == null || getClass() != o.getClass()) {
            return false;
        }
        Struct other = (Struct) o;
        return Objects.equals(schema, other.schema) && Arrays.deepEquals(values, other.values);
    }

    @Override
    public int hashCode() {
        return Objects.hash(schema, Arrays.deepHashCode(values));
    }

    /** {@code Struct{a=1,b=x}}: the set fields in order, as Connect prints them. */
    @Override
    public String toString() {
        StringBuilder out = new StringBuilder("Struct{");
        List<Field> fields = schema.fields();
        boolean first = true;
        for (int i = 0; i < values.length; i++) {
            if (values[i] != null) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                out.append(fields.get(i).name()).append('=').append(values[i]);
            }
        }
        return out.append('}').toString();
    }

    private Field lookupField(String fieldName) {
        Field field = schema.field(fieldName);
        if (field == null) {
            throw new DataException(fieldName + " is not a valid field name");
        }
        return field;
    }

    private int slot(Field field) {
        if (field == null) {
            throw new DataException("field cannot be null.");
        }
        int index = field.index();
        if (index < 0 || index >= values.length) {
            throw new DataException("Field '" + field.name() + "' has index " + index + ", but the struct has "
                    + values.length + " fields");
        }
        return index;
    }

    private Object checkType(String fieldName, Type type) {
        Field field = lookupField(fieldName);
        if (field.schema() == null || field.schema().type() != type) {
            throw new DataException("Field '" + fieldName + "' is not of type " + type);
        }
        return values[slot(field)];
    }

    private <T> T typed(String fieldName, Type type, Class<T> javaClass) {
        return cast(fieldName, checkType(fieldName, type), javaClass);
    }

    /** Where Connect would throw a ClassCastException (a logical value read as its primitive), name the field. */
    private static <T> T cast(String fieldName, Object value, Class<T> javaClass) {
        if (value == null || javaClass.isInstance(value)) {
            return javaClass.cast(value);
        }
        throw new DataException("Field '" + fieldName + "' holds a "
                + value.getClass().getName() + ", not a " + javaClass.getSimpleName());
    }
}
