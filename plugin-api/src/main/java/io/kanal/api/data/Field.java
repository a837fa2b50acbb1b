package io.kanal.api.data;

import java.util.Objects;

/**
 * A field of a struct {@link Schema}: its name, its position and its schema. Kafka Connect's {@code Field}, equal when
 * name, index and schema are equal. Immutable and thread-safe when its schema is a {@link ConnectSchema}.
 */
public final class Field {

    private final String name;
    private final int index;
    private final Schema schema;

    /**
     * Creates a field. {@link SchemaBuilder#field(String, Schema)} creates them with the right index; use this
     * constructor only to assemble a {@link ConnectSchema} by hand.
     *
     * @param name the name
     * @param index the position in the struct, from 0
     * @param schema the schema of the field's values
     */
    public Field(String name, int index, Schema schema) {
        this.name = name;
        this.index = index;
        this.schema = schema;
    }

    /** @return the name */
    public String name() {
        return name;
    }

    /** @return the position in the struct, from 0 */
    public int index() {
        return index;
    }

    /** @return the schema of the field's values */
    public Schema schema() {
        return schema;
    }

    /** Equal when name, index and schema are equal. */
    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        return o instanceof Field other
                && index == other.index
                && Objects.equals(name, other.name)
                && Objects.equals(schema, other.schema);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, index, schema);
    }

    /** {@code Field{name=..., index=..., schema=...}}, as Connect prints it. */
    @Override
    public String toString() {
        return "Field{name=" + name + ", index=" + index + ", schema=" + schema + "}";
    }
}
