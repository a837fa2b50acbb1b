package io.kanal.runtime.convert;

import io.kanal.api.data.Field;
import io.kanal.api.data.Struct;
import java.nio.ByteBuffer;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Deep equality of Connect data for tests: arrays by content, maps regardless of order, structs by schema and field,
 * and a Kanal float read back where Apache reads 0.0 accepted when Apache's reading is the lossy one (Connect reads
 * back its own {@code "NaN"}, {@code "Infinity"} and {@code -0.0} as 0.0). Map keys that Connect's reading makes equal
 * (and so merges) are merged on Kanal's side first, at any depth of the key.
 */
final class DeepEquality {

    private DeepEquality() {}

    /**
     * @param kanal a value Kanal produced
     * @param apache the value Apache produced for the same input, mapped to Kanal's model
     * @return whether they are the same data
     */
    static boolean equivalent(Object kanal, Object apache) {
        if (kanal == apache) {
            return true;
        }
        if (kanal == null || apache == null) {
            return false;
        }
        if (kanal instanceof ByteBuffer buffer) {
            return equivalent(bytes(buffer), apache);
        }
        if (apache instanceof ByteBuffer buffer) {
            return equivalent(kanal, bytes(buffer));
        }
        if (kanal instanceof byte[] a && apache instanceof byte[] b) {
            return Arrays.equals(a, b);
        }
        if (kanal instanceof Double a && apache instanceof Double b) {
            return a.equals(b) || (b == 0.0 && (a.isNaN() || a.isInfinite() || a == 0.0));
        }
        if (kanal instanceof Float a && apache instanceof Float b) {
            return a.equals(b) || (b == 0.0f && (a.isNaN() || a.isInfinite() || a == 0.0f));
        }
        if (kanal instanceof Struct a && apache instanceof Struct b) {
            if (!equivalentSchemas(a.schema(), b.schema())) {
                return false;
            }
            for (Field field : a.schema().fields()) {
                if (!equivalent(a.getWithoutDefault(field.name()), b.getWithoutDefault(field.name()))) {
                    return false;
                }
            }
            return true;
        }
        if (kanal instanceof List<?> a && apache instanceof List<?> b) {
            if (a.size() != b.size()) {
                return false;
            }
            Iterator<?> ib = b.iterator();
            for (Object element : a) {
                if (!equivalent(element, ib.next())) {
                    return false;
                }
            }
            return true;
        }
        if (kanal instanceof Map<?, ?> kanalMap && apache instanceof Map<?, ?> b) {
            Map<?, ?> a = asConnectReadsIt(kanalMap);
            if (a.size() != b.size()) {
                return false;
            }
            List<Map.Entry<?, ?>> remaining = new ArrayList<>(b.entrySet());
            for (Map.Entry<?, ?> entry : a.entrySet()) {
                boolean found = false;
                for (Iterator<Map.Entry<?, ?>> it = remaining.iterator(); it.hasNext(); ) {
                    Map.Entry<?, ?> candidate = it.next();
                    if (equivalent(entry.getKey(), candidate.getKey())
                            && equivalent(entry.getValue(), candidate.getValue())) {
                        it.remove();
                        found = true;
                        break;
                    }
                }
                if (!found) {
                    return false;
                }
            }
            return true;
        }
        return Objects.equals(kanal, apache);
    }

    /**
     * The map as Connect's reader builds it from the same JSON. Connect reads every empty Base64 string as one shared
     * empty array (Jackson's), and NaN, the infinities and -0.0 as 0.0, so keys Kanal reads apart can be equal keys in
     * Connect's map, which then holds one entry: the first key with the last value. That holds for a key that merely
     * contains such a value too (in a list, a map or a struct, at any depth): Connect's lists and maps compare a
     * {@code byte[]} by identity, and the shared empty array is one identity. Kanal keeps them apart (see
     * docs/compatibility.md); merge them as Connect does before comparing.
     */
    private static Map<?, ?> asConnectReadsIt(Map<?, ?> map) {
        Map<Object, Map.Entry<?, ?>> byConnectKey = new LinkedHashMap<>();
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            byConnectKey.merge(
                    connectKey(entry.getKey()),
                    entry,
                    (first, last) -> new AbstractMap.SimpleImmutableEntry<>(first.getKey(), last.getValue()));
        }
        if (byConnectKey.size() == map.size()) {
            return map;
        }
        Map<Object, Object> merged = new LinkedHashMap<>();
        byConnectKey.values().forEach(entry -> merged.put(entry.getKey(), entry.getValue()));
        return merged;
    }

    /** Stands for Jackson's one shared empty array: every empty {@code byte[]} Connect reads is this one object. */
    private static final Object EMPTY_BYTES = new Object();

    /**
     * An object whose equality is that of what Connect reads for {@code value}: a non-empty {@code byte[]} stays
     * itself (a fresh array, equal only to itself in lists and maps), an empty one is the shared array, a non-finite
     * or negative-zero float is 0.0, and lists, maps and structs hold the same of their contents. A struct compares
     * its own {@code byte[]} fields by content ({@code Arrays.deepEquals}), so those become content-compared buffers.
     */
    private static Object connectKey(Object value) {
        if (value instanceof byte[] bytes) {
            return bytes.length == 0 ? EMPTY_BYTES : bytes;
        }
        if (value instanceof Double d && (d.isNaN() || d.isInfinite() || d == 0.0)) {
            return 0.0;
        }
        if (value instanceof Float f && (f.isNaN() || f.isInfinite() || f == 0.0f)) {
            return 0.0f;
        }
        if (value instanceof List<?> list) {
            List<Object> keys = new ArrayList<>(list.size());
            list.forEach(element -> keys.add(connectKey(element)));
            return keys;
        }
        if (value instanceof Map<?, ?> map) {
            Map<Object, Object> keys = new HashMap<>();
            asConnectReadsIt(map).forEach((k, v) -> keys.put(connectKey(k), connectKey(v)));
            return keys;
        }
        if (value instanceof Struct struct) {
            List<Object> fields = new ArrayList<>();
            for (Field field : struct.schema().fields()) {
                Object fieldValue = struct.getWithoutDefault(field.name());
                fields.add(fieldValue instanceof byte[] bytes ? ByteBuffer.wrap(bytes) : connectKey(fieldValue));
            }
            return new StructKey(struct.schema(), fields);
        }
        return value;
    }

    /** A struct as Connect's {@code Struct.equals} sees it: its schema and its field values. */
    private record StructKey(io.kanal.api.data.Schema schema, List<Object> fields) {}

    private static byte[] bytes(ByteBuffer buffer) {
        // Connect writes a buffer's whole backing array.
        return buffer.array();
    }

    /** Every property of a schema, recursively, with the Java classes of defaults: for assertion messages. */
    static String describe(io.kanal.api.data.Schema schema) {
        if (schema == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder("{").append(schema.type()).append(schema.isOptional() ? "?" : "");
        if (schema.name() != null) {
            out.append(" name=").append(schema.name());
        }
        if (schema.version() != null) {
            out.append(" v=").append(schema.version());
        }
        if (schema.doc() != null) {
            out.append(" doc=").append(schema.doc());
        }
        if (schema.parameters() != null) {
            out.append(" params=").append(schema.parameters());
        }
        if (schema.defaultValue() != null) {
            Object d = schema.defaultValue();
            out.append(" default=")
                    .append(d instanceof byte[] b ? Arrays.toString(b) : String.valueOf(d))
                    .append(':')
                    .append(d.getClass().getSimpleName());
        }
        switch (schema.type()) {
            case ARRAY -> out.append(" items=").append(describe(schema.valueSchema()));
            case MAP ->
                out.append(" keys=")
                        .append(describe(schema.keySchema()))
                        .append(" values=")
                        .append(describe(schema.valueSchema()));
            case STRUCT ->
                schema.fields()
                        .forEach(f ->
                                out.append(' ').append(f.name()).append('=').append(describe(f.schema())));
            default -> {}
        }
        return out.append('}').toString();
    }

    /**
     * Schemas with equal properties, defaults compared with {@link #equivalent(Object, Object)} (Apache reads a
     * non-finite default back as 0.0).
     */
    static boolean equivalentSchemas(io.kanal.api.data.Schema kanal, io.kanal.api.data.Schema apache) {
        if (kanal == null || apache == null) {
            return kanal == apache;
        }
        if (kanal.type() != apache.type()
                || kanal.isOptional() != apache.isOptional()
                || !Objects.equals(kanal.name(), apache.name())
                || !Objects.equals(kanal.version(), apache.version())
                || !Objects.equals(kanal.doc(), apache.doc())
                || !Objects.equals(kanal.parameters(), apache.parameters())
                || !equivalent(kanal.defaultValue(), apache.defaultValue())) {
            return false;
        }
        return switch (kanal.type()) {
            case ARRAY -> equivalentSchemas(kanal.valueSchema(), apache.valueSchema());
            case MAP ->
                equivalentSchemas(kanal.keySchema(), apache.keySchema())
                        && equivalentSchemas(kanal.valueSchema(), apache.valueSchema());
            case STRUCT -> {
                if (kanal.fields().size() != apache.fields().size()) {
                    yield false;
                }
                for (int i = 0; i < kanal.fields().size(); i++) {
                    Field a = kanal.fields().get(i);
                    Field b = apache.fields().get(i);
                    if (!a.name().equals(b.name()) || !equivalentSchemas(a.schema(), b.schema())) {
                        yield false;
                    }
                }
                yield true;
            }
            default -> true;
        };
    }
}
