package io.kanal.api.data;

import io.kanal.api.errors.DataException;

/**
 * One record header: a key and a value with its schema. Kafka Connect's {@code Header}; immutable like Kanal's
 * records, so the "editing" methods return a new header. Equal when key, schema and value are equal ({@link
 * Object#equals(Object)}, so {@code byte[]} values compare by identity, as in Connect).
 *
 * <p>Immutable; thread-safe when the value is not mutated (a {@link Struct} value is mutable).
 *
 * @param key the header's key; never null
 * @param schema the value's schema, or null when unknown (a struct value's own schema then)
 * @param value the value, possibly null
 */
public record Header(String key, Schema schema, Object value) {

    /**
     * A header without a schema whose value is a {@link Struct} takes the struct's schema, as Connect's headers report
     * it.
     *
     * @throws DataException when the key is null
     */
    public Header {
        if (key == null) {
            throw new DataException("Null header keys are not permitted");
        }
        if (schema == null && value instanceof Struct struct) {
            schema = struct.schema();
        }
    }

    /**
     * @param newKey the new key
     * @return a header with this schema and value under another key
     * @throws DataException when the key is null
     */
    public Header rename(String newKey) {
        return new Header(newKey, schema, value);
    }

    /**
     * @param newSchema the new schema
     * @param newValue the new value
     * @return a header with this key and another schema and value
     */
    public Header with(Schema newSchema, Object newValue) {
        return new Header(key, newSchema, newValue);
    }

    /** {@code Header(key=..., value=..., schema=...)}, in the order Connect prints them. */
    @Override
    public String toString() {
        return "Header(key=" + key + ", value=" + value + ", schema=" + schema + ")";
    }
}
