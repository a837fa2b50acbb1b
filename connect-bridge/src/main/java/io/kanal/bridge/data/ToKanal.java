package io.kanal.bridge.data;

import io.kanal.api.data.ConnectSchema;
import io.kanal.api.data.Field;
import io.kanal.api.data.Schema;
import io.kanal.api.data.Struct;
import io.kanal.api.errors.DataException;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Connect's data → Kanal's: schemas (cached when immutable), values, structs. The two models have the same types and
 * rules, so only schemas and structs are rebuilt; every other value (numbers, strings, {@code byte[]}, {@code
 * ByteBuffer}, {@code BigDecimal}, {@code java.util.Date}) is the same object on both sides, and a list or map is
 * copied only when it holds a struct.
 *
 * <p>A Connect {@code SchemaBuilder} (which Connect lets a plugin use as a schema, comparing it by identity) becomes
 * an immutable Kanal schema holding the builder's properties at the time of translation; it is never cached, since it
 * may still change, and neither is an immutable schema that contains one.
 *
 * <p>Thread-safe: the cache is concurrent and a translation keeps its state on the stack.
 */
final class ToKanal {

    private final IdentityCache<org.apache.kafka.connect.data.Schema, Schema> cache;
    private final IdentityCache<Schema, org.apache.kafka.connect.data.Schema> reverse;

    /**
     * @param cache Connect schemas already translated
     * @param reverse the other direction's cache, told about each translation so that a schema coming back is the
     *     original object
     */
    ToKanal(
            IdentityCache<org.apache.kafka.connect.data.Schema, Schema> cache,
            IdentityCache<Schema, org.apache.kafka.connect.data.Schema> reverse) {
        this.cache = cache;
        this.reverse = reverse;
    }

    /**
     * @param schema a Connect schema, or null
     * @return the equal Kanal schema, or null
     */
    Schema schema(org.apache.kafka.connect.data.Schema schema) {
        if (schema == null) {
            return null;
        }
        Schema cached = cache.get(schema);
        return cached != null ? cached : new Translation().schema(schema);
    }

    /**
     * @param value a value, possibly null, possibly holding structs
     * @return the value in Kanal's model
     * @throws DataException when a struct in it is not valid for its Kanal schema
     */
    Object value(Object value) {
        return value == null ? null : new Translation().value(value);
    }

    /**
     * A schema and a value in one translation, so that a builder used by both becomes one Kanal schema.
     *
     * @param schema the schema, or null
     * @param value the value, or null
     * @return both in Kanal's model
     * @throws DataException when a struct in the value is not valid for its Kanal schema
     */
    io.kanal.api.data.SchemaAndValue both(org.apache.kafka.connect.data.Schema schema, Object value) {
        Schema cached = schema == null ? null : cache.get(schema);
        if ((schema == null || cached != null) && !needsTranslation(value)) {
            return new io.kanal.api.data.SchemaAndValue(cached, value);
        }
        Translation translation = new Translation();
        return new io.kanal.api.data.SchemaAndValue(
                cached != null ? cached : translation.schema(schema), translation.value(value));
    }

    private static boolean needsTranslation(Object value) {
        return value instanceof org.apache.kafka.connect.data.Struct
                || value instanceof List<?>
                || value instanceof Map<?, ?>;
    }

    /**
     * The state of one translation: builders met so far (so that a builder used twice becomes one schema, and a
     * builder whose default refers to itself ends) and whether anything mutable was met.
     */
    private final class Translation {
        private Map<Object, Schema> builders;
        private int sawMutable;

        Schema schema(org.apache.kafka.connect.data.Schema schema) {
            if (schema == null) {
                return null;
            }
            if (!(schema instanceof org.apache.kafka.connect.data.ConnectSchema)) {
                sawMutable++;
                return builder(schema);
            }
            Schema cached = cache.get(schema);
            if (cached != null) {
                return cached;
            }
            int mutableBefore = sawMutable;
            Schema translated = build(schema, true);
            if (sawMutable == mutableBefore) {
                cache.put(schema, translated);
                reverse.put(translated, schema);
            }
            return translated;
        }

        private Schema builder(org.apache.kafka.connect.data.Schema schema) {
            if (builders == null) {
                builders = new IdentityHashMap<>();
            }
            Schema known = builders.get(schema);
            if (known != null) {
                return known;
            }
            // Without its default first: a struct builder's default is often a struct of that very builder.
            Schema withoutDefault = build(schema, false);
            builders.put(schema, withoutDefault);
            if (schema.defaultValue() == null) {
                return withoutDefault;
            }
            Schema complete = build(schema, true);
            builders.put(schema, complete);
            return complete;
        }

        private Schema build(org.apache.kafka.connect.data.Schema schema, boolean withDefault) {
            org.apache.kafka.connect.data.Schema.Type sourceType = schema.type();
            if (sourceType == null) {
                throw new DataException("Cannot translate a Connect schema without a type: " + schema);
            }
            Schema.Type type = Types.toKanal(sourceType);
            List<Field> fields = null;
            Schema keySchema = null;
            Schema valueSchema = null;
            switch (type) {
                case STRUCT -> {
                    List<org.apache.kafka.connect.data.Field> connectFields = schema.fields();
                    fields = new ArrayList<>(connectFields.size());
                    for (org.apache.kafka.connect.data.Field field : connectFields) {
                        fields.add(new Field(field.name(), field.index(), schema(field.schema())));
                    }
                }
                case MAP -> {
                    keySchema = schema(schema.keySchema());
                    valueSchema = schema(schema.valueSchema());
                }
                case ARRAY -> valueSchema = schema(schema.valueSchema());
                default -> {
                    // primitives have no inner schemas
                }
            }
            return new ConnectSchema(
                    type,
                    schema.isOptional(),
                    withDefault ? value(schema.defaultValue()) : null,
                    schema.name(),
                    schema.version(),
                    schema.doc(),
                    schema.parameters(),
                    fields,
                    keySchema,
                    valueSchema);
        }

        /** By the value's class, not its schema: a schemaless map may hold structs too, and it costs the same. */
        Object value(Object value) {
            if (value == null) {
                return null;
            }
            if (value instanceof org.apache.kafka.connect.data.Struct struct) {
                return struct(struct);
            }
            if (value instanceof List<?> list) {
                return list(list);
            }
            if (value instanceof Map<?, ?> map) {
                return map(map);
            }
            return value;
        }

        private Struct struct(org.apache.kafka.connect.data.Struct connect) {
            org.apache.kafka.connect.data.Schema connectSchema = connect.schema();
            Schema schema = schema(connectSchema);
            Struct struct = new Struct(schema);
            List<org.apache.kafka.connect.data.Field> connectFields = connectSchema.fields();
            List<Field> fields = schema.fields();
            for (int i = 0; i < connectFields.size(); i++) {
                // Without the default: an unset field stays unset, as a converter must see it.
                Object fieldValue =
                        connect.getWithoutDefault(connectFields.get(i).name());
                if (fieldValue != null) {
                    struct.put(fields.get(i), value(fieldValue));
                }
            }
            return struct;
        }

        private List<?> list(List<?> list) {
            List<Object> copy = null;
            int i = 0;
            for (Object element : list) {
                Object translated = value(element);
                if (copy == null && translated != element) {
                    copy = new ArrayList<>(list.size());
                    copy.addAll(list.subList(0, i));
                }
                if (copy != null) {
                    copy.add(translated);
                }
                i++;
            }
            return copy == null ? list : copy;
        }

        private Map<?, ?> map(Map<?, ?> map) {
            boolean containers = false;
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                if (needsTranslation(entry.getKey()) || needsTranslation(entry.getValue())) {
                    containers = true;
                    break;
                }
            }
            if (!containers) {
                return map;
            }
            Object[] keys = new Object[map.size()];
            Object[] values = new Object[keys.length];
            boolean changed = false;
            int i = 0;
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                keys[i] = value(entry.getKey());
                values[i] = value(entry.getValue());
                changed |= keys[i] != entry.getKey() || values[i] != entry.getValue();
                i++;
            }
            if (!changed) {
                return map;
            }
            Map<Object, Object> copy = new LinkedHashMap<>();
            for (int j = 0; j < keys.length; j++) {
                copy.put(keys[j], values[j]);
            }
            return copy;
        }
    }
}
