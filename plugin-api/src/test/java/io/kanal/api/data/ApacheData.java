package io.kanal.api.data;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Maps Kanal's data model onto Apache Kafka Connect's and back, for differential tests: schemas (every property,
 * nested), values (structs, lists and maps recursively; primitives, {@code byte[]}, {@code ByteBuffer}, {@code
 * BigDecimal} and {@code java.util.Date} are the same objects in both models and pass through unchanged, so identity
 * is kept), {@link SchemaAndValue} and {@link Headers}.
 *
 * <p>A built schema maps onto a built schema ({@code ConnectSchema}) with the same properties, without validation,
 * so that even a schema with an invalid default can be compared. A {@link SchemaBuilder} maps onto a {@code
 * org.apache.kafka.connect.data.SchemaBuilder}, and because builders compare by identity the same builder always
 * maps onto the same builder (weakly cached), in both directions.
 *
 * <p>Values map structurally, without looking at a schema: a value that is invalid for its schema maps onto the
 * same invalid value, so tests can compare how both sides reject it. Thread-safe.
 */
// Test code is compiled into the io.kanal.api module, and its signatures name Apache's classes, which sit on the class
// path: that is the point of this fixture, not a leak of the module's API.
@SuppressWarnings("exports")
public final class ApacheData {

    /** Identity is what SchemaBuilder equality means, and neither builder class overrides equals: weak identity keys. */
    private static final Map<Object, WeakReference<Object>> BUILDERS = Collections.synchronizedMap(new WeakHashMap<>());

    private ApacheData() {}

    // ---------------------------------------------------------------- schemas

    /**
     * @param schema a Kanal schema, or null
     * @return the equal Apache schema, or null
     */
    public static org.apache.kafka.connect.data.Schema schemaToApache(Schema schema) {
        return schemaToApache(schema, new IdentityHashMap<>());
    }

    private static org.apache.kafka.connect.data.Schema schemaToApache(Schema schema, Map<Object, Object> seen) {
        if (schema == null) {
            return null;
        }
        if (schema instanceof SchemaBuilder builder) {
            return builderToApache(builder, seen);
        }
        Schema.Type type = schema.type();
        List<org.apache.kafka.connect.data.Field> fields = null;
        if (type == Schema.Type.STRUCT) {
            fields = new ArrayList<>();
            for (Field field : schema.fields()) {
                fields.add(new org.apache.kafka.connect.data.Field(
                        field.name(), field.index(), schemaToApache(field.schema(), seen)));
            }
        }
        return new org.apache.kafka.connect.data.ConnectSchema(
                typeToApache(type),
                schema.isOptional(),
                valueToApache(schema.defaultValue()),
                schema.name(),
                schema.version(),
                schema.doc(),
                copy(schema.parameters()),
                fields,
                type == Schema.Type.MAP ? schemaToApache(schema.keySchema(), seen) : null,
                type == Schema.Type.MAP || type == Schema.Type.ARRAY
                        ? schemaToApache(schema.valueSchema(), seen)
                        : null);
    }

    private static org.apache.kafka.connect.data.SchemaBuilder builderToApache(
            SchemaBuilder builder, Map<Object, Object> seen) {
        Object cached = cached(builder);
        if (cached instanceof org.apache.kafka.connect.data.SchemaBuilder apache) {
            return apache;
        }
        org.apache.kafka.connect.data.SchemaBuilder apache;
        switch (builder.type()) {
            case ARRAY ->
                apache = org.apache.kafka.connect.data.SchemaBuilder.array(schemaToApache(builder.valueSchema(), seen));
            case MAP ->
                apache = org.apache.kafka.connect.data.SchemaBuilder.map(
                        schemaToApache(builder.keySchema(), seen), schemaToApache(builder.valueSchema(), seen));
            default -> apache = org.apache.kafka.connect.data.SchemaBuilder.type(typeToApache(builder.type()));
        }
        if (builder.type() == Schema.Type.STRUCT) {
            for (Field field : builder.fields()) {
                apache.field(field.name(), schemaToApache(field.schema(), seen));
            }
        }
        if (builder.isOptional()) {
            apache.optional();
        }
        apache.name(builder.name()).version(builder.version()).doc(builder.doc());
        if (builder.parameters() != null) {
            apache.parameters(builder.parameters());
        }
        if (builder.defaultValue() != null) {
            apache.defaultValue(valueToApache(builder.defaultValue()));
        }
        remember(builder, apache);
        return apache;
    }

    /**
     * @param schema an Apache schema, or null
     * @return the equal Kanal schema, or null
     */
    public static Schema schemaFromApache(org.apache.kafka.connect.data.Schema schema) {
        if (schema == null) {
            return null;
        }
        if (schema instanceof org.apache.kafka.connect.data.SchemaBuilder builder) {
            return builderFromApache(builder);
        }
        Schema.Type type = typeFromApache(schema.type());
        List<Field> fields = null;
        if (type == Schema.Type.STRUCT) {
            fields = new ArrayList<>();
            for (org.apache.kafka.connect.data.Field field : schema.fields()) {
                fields.add(new Field(field.name(), field.index(), schemaFromApache(field.schema())));
            }
        }
        return new ConnectSchema(
                type,
                schema.isOptional(),
                valueFromApache(schema.defaultValue()),
                schema.name(),
                schema.version(),
                schema.doc(),
                copy(schema.parameters()),
                fields,
                type == Schema.Type.MAP ? schemaFromApache(schema.keySchema()) : null,
                type == Schema.Type.MAP || type == Schema.Type.ARRAY ? schemaFromApache(schema.valueSchema()) : null);
    }

    private static SchemaBuilder builderFromApache(org.apache.kafka.connect.data.SchemaBuilder apache) {
        Object cached = cached(apache);
        if (cached instanceof SchemaBuilder builder) {
            return builder;
        }
        SchemaBuilder builder;
        switch (apache.type()) {
            case ARRAY -> builder = SchemaBuilder.array(schemaFromApache(apache.valueSchema()));
            case MAP ->
                builder =
                        SchemaBuilder.map(schemaFromApache(apache.keySchema()), schemaFromApache(apache.valueSchema()));
            default -> builder = SchemaBuilder.type(typeFromApache(apache.type()));
        }
        if (apache.type() == org.apache.kafka.connect.data.Schema.Type.STRUCT) {
            for (org.apache.kafka.connect.data.Field field : apache.fields()) {
                builder.field(field.name(), schemaFromApache(field.schema()));
            }
        }
        if (apache.isOptional()) {
            builder.optional();
        }
        builder.name(apache.name()).version(apache.version()).doc(apache.doc());
        if (apache.parameters() != null) {
            builder.parameters(apache.parameters());
        }
        if (apache.defaultValue() != null) {
            builder.defaultValue(valueFromApache(apache.defaultValue()));
        }
        remember(apache, builder);
        return builder;
    }

    private static Object cached(Object builder) {
        WeakReference<Object> ref = BUILDERS.get(builder);
        return ref == null ? null : ref.get();
    }

    private static void remember(Object one, Object other) {
        BUILDERS.put(one, new WeakReference<>(other));
        BUILDERS.put(other, new WeakReference<>(one));
    }

    /**
     * @param type a Kanal type, or null
     * @return Apache's type of the same name, or null
     */
    public static org.apache.kafka.connect.data.Schema.Type typeToApache(Schema.Type type) {
        return type == null ? null : org.apache.kafka.connect.data.Schema.Type.valueOf(type.name());
    }

    /**
     * @param type an Apache type, or null
     * @return Kanal's type of the same name, or null
     */
    public static Schema.Type typeFromApache(org.apache.kafka.connect.data.Schema.Type type) {
        return type == null ? null : Schema.Type.valueOf(type.name());
    }

    private static Map<String, String> copy(Map<String, String> parameters) {
        return parameters == null ? null : new LinkedHashMap<>(parameters);
    }

    // ---------------------------------------------------------------- values

    /**
     * @param value a Kanal value (struct, list, map, primitive, logical), possibly invalid for any schema, or null
     * @return the Apache value: structs become Apache structs recursively (only their set fields are copied, so an
     *     incomplete struct stays incomplete), lists and maps are copied with converted contents in the same order,
     *     everything else is returned as is
     */
    public static Object valueToApache(Object value) {
        if (value instanceof Struct struct) {
            org.apache.kafka.connect.data.Struct apache =
                    new org.apache.kafka.connect.data.Struct(schemaToApache(struct.schema()));
            for (Field field : struct.schema().fields()) {
                Object fieldValue = struct.getWithoutDefault(field.name());
                if (fieldValue != null) {
                    apache.put(field.name(), valueToApache(fieldValue));
                }
            }
            return apache;
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            for (Object element : list) {
                copy.add(valueToApache(element));
            }
            return copy;
        }
        if (value instanceof Map<?, ?> map) {
            Map<Object, Object> copy = new LinkedHashMap<>();
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                copy.put(valueToApache(entry.getKey()), valueToApache(entry.getValue()));
            }
            return copy;
        }
        return value;
    }

    /**
     * @param value an Apache value, or null
     * @return the Kanal value, converted as {@link #valueToApache(Object)} converts the other way
     */
    public static Object valueFromApache(Object value) {
        if (value instanceof org.apache.kafka.connect.data.Struct apache) {
            Struct struct = new Struct(schemaFromApache(apache.schema()));
            for (org.apache.kafka.connect.data.Field field : apache.schema().fields()) {
                Object fieldValue = apache.getWithoutDefault(field.name());
                if (fieldValue != null) {
                    struct.put(field.name(), valueFromApache(fieldValue));
                }
            }
            return struct;
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            for (Object element : list) {
                copy.add(valueFromApache(element));
            }
            return copy;
        }
        if (value instanceof Map<?, ?> map) {
            Map<Object, Object> copy = new LinkedHashMap<>();
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                copy.put(valueFromApache(entry.getKey()), valueFromApache(entry.getValue()));
            }
            return copy;
        }
        return value;
    }

    /**
     * @param schemaAndValue a Kanal schema and value, or null
     * @return Apache's, or null
     */
    public static org.apache.kafka.connect.data.SchemaAndValue toApache(SchemaAndValue schemaAndValue) {
        if (schemaAndValue == null) {
            return null;
        }
        return new org.apache.kafka.connect.data.SchemaAndValue(
                schemaToApache(schemaAndValue.schema()), valueToApache(schemaAndValue.value()));
    }

    /**
     * @param schemaAndValue an Apache schema and value, or null
     * @return Kanal's, or null
     */
    public static SchemaAndValue fromApache(org.apache.kafka.connect.data.SchemaAndValue schemaAndValue) {
        if (schemaAndValue == null) {
            return null;
        }
        return new SchemaAndValue(schemaFromApache(schemaAndValue.schema()), valueFromApache(schemaAndValue.value()));
    }

    // ---------------------------------------------------------------- headers

    /**
     * @param headers Kanal headers, or null
     * @return Apache headers with the same headers in the same order (not validated, so any header maps), or null
     */
    public static org.apache.kafka.connect.header.ConnectHeaders headersToApache(Headers headers) {
        if (headers == null) {
            return null;
        }
        Unvalidated apache = new Unvalidated();
        for (Header header : headers) {
            apache.addRaw(header.key(), valueToApache(header.value()), schemaToApache(header.schema()));
        }
        return new org.apache.kafka.connect.header.ConnectHeaders(apache);
    }

    /**
     * @param header a Kanal header
     * @return Apache's
     */
    public static org.apache.kafka.connect.header.Header headerToApache(Header header) {
        return headersToApache(Headers.empty().add(header)).lastWithName(header.key());
    }

    /**
     * @param headers Apache headers, or null
     * @return Kanal headers with the same headers in the same order, or null
     */
    public static Headers headersFromApache(org.apache.kafka.connect.header.Headers headers) {
        if (headers == null) {
            return null;
        }
        List<Header> all = new ArrayList<>();
        for (org.apache.kafka.connect.header.Header header : headers) {
            all.add(headerFromApache(header));
        }
        return Headers.of(all);
    }

    /**
     * @param header an Apache header
     * @return Kanal's
     */
    public static Header headerFromApache(org.apache.kafka.connect.header.Header header) {
        return new Header(header.key(), schemaFromApache(header.schema()), valueFromApache(header.value()));
    }

    /** Apache's ConnectHeader is package-private; its protected unvalidated adder is the way to build any header. */
    private static final class Unvalidated extends org.apache.kafka.connect.header.ConnectHeaders {
        void addRaw(String key, Object value, org.apache.kafka.connect.data.Schema schema) {
            addWithoutValidating(key, value, schema);
        }
    }
}
