package io.kanal.api.data;

/**
 * A value with its schema, as converters return them. Kafka Connect's {@code SchemaAndValue}. Immutable; thread-safe
 * when the value is not mutated (a {@link Struct} value is mutable).
 *
 * @param schema the schema, or null for schemaless data
 * @param value the value, possibly null
 */
public record SchemaAndValue(Schema schema, Object value) {

    /** No schema and no value: what a converter returns for a null record. */
    public static final SchemaAndValue NULL = new SchemaAndValue(null, null);

    /** {@code SchemaAndValue{schema=..., value=...}}, as Connect prints it. */
    @Override
    public String toString() {
        return "SchemaAndValue{schema=" + schema + ", value=" + value + "}";
    }
}
