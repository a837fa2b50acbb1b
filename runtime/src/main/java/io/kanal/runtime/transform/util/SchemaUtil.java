package io.kanal.runtime.transform.util;

import io.kanal.api.data.Schema;
import io.kanal.api.data.SchemaBuilder;
import java.util.Map;

/** Helpers for transforms that derive a schema from another. Stateless and thread-safe. */
public final class SchemaUtil {

    private SchemaUtil() {}

    /**
     * Starts a builder of the same type carrying the schema's name, version, doc and parameters (for an array, its
     * element schema too). Optionality and the default are not copied, as in Connect: transforms decide those.
     *
     * @param schema the source schema
     * @return a new builder
     */
    public static SchemaBuilder copySchemaBasics(Schema schema) {
        SchemaBuilder builder = schema.type() == Schema.Type.ARRAY
                ? SchemaBuilder.array(schema.valueSchema())
                : SchemaBuilder.type(schema.type());
        return copySchemaBasics(schema, builder);
    }

    /**
     * Copies the schema's name, version, doc and parameters onto a builder.
     *
     * @param schema the source schema
     * @param builder the builder to fill
     * @return the same builder
     */
    public static SchemaBuilder copySchemaBasics(Schema schema, SchemaBuilder builder) {
        builder.name(schema.name());
        builder.version(schema.version());
        builder.doc(schema.doc());
        Map<String, String> parameters = schema.parameters();
        if (parameters != null) {
            builder.parameters(parameters);
        }
        return builder;
    }
}
