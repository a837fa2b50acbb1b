package io.kanal.client.protocol;

import io.kanal.codegen.FieldSpec;
import io.kanal.codegen.FieldType;
import io.kanal.codegen.MessageSpec;
import io.kanal.codegen.StructRegistry;
import io.kanal.codegen.StructSpec;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Turns a message object, Kanal's or kafka-clients', into plain maps, lists, numbers, strings and hex, walking the
 * spec: only the fields on the wire at the version are taken, each through its camelCase accessor (both
 * implementations name accessors that way). Two implementations agree on a message when their neutral forms are equal.
 */
final class NeutralForm {
    private NeutralForm() {}

    static Object of(Object message, MessageSpec spec, StructRegistry registry, short version) {
        return struct(message, spec, registry, SpecCatalog.top(registry), version);
    }

    private static Map<String, Object> struct(
            Object obj, MessageSpec spec, StructRegistry registry, StructSpec s, short version) {
        Map<String, Object> map = new TreeMap<>();
        for (FieldSpec f : s.fields()) {
            if (!SpecCatalog.present(spec, f, version)) {
                continue;
            }
            map.put(f.name(), value(accessor(obj, f.javaName()), spec, registry, f.type(), version));
        }
        return map;
    }

    private static Object accessor(Object obj, String name) {
        try {
            Method m = obj.getClass().getMethod(name);
            m.setAccessible(true);
            return m.invoke(obj);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(
                    "no accessor " + name + "() on " + obj.getClass().getName(), e);
        }
    }

    private static Object value(Object v, MessageSpec spec, StructRegistry registry, FieldType t, short version) {
        if (v == null) {
            return null;
        }
        if (t.array()) {
            List<Object> list = new ArrayList<>();
            FieldType element = new FieldType(t.kind(), false, t.structName());
            for (Object e : (Iterable<?>) v) {
                list.add(value(e, spec, registry, element, version));
            }
            return list;
        }
        return switch (t.kind()) {
            case STRUCT -> struct(v, spec, registry, registry.struct(t.structName()), version);
            case UUID -> uuid(v);
            case BYTES, RECORDS -> hex(v);
            case FLOAT64 -> ((Number) v).doubleValue();
            case BOOL, STRING -> v;
            default -> ((Number) v).longValue();
        };
    }

    private static String uuid(Object v) {
        if (v instanceof UUID u) {
            return u.getMostSignificantBits() + ":" + u.getLeastSignificantBits();
        }
        long msb = (long) accessor(v, "getMostSignificantBits");
        long lsb = (long) accessor(v, "getLeastSignificantBits");
        return msb + ":" + lsb;
    }

    private static String hex(Object v) {
        if (v instanceof byte[] b) {
            return HexFormat.of().formatHex(b);
        }
        ByteBuffer buffer = v instanceof ByteBuffer bb ? bb : (ByteBuffer) accessor(v, "buffer");
        ByteBuffer copy = buffer.duplicate();
        byte[] b = new byte[copy.remaining()];
        copy.get(b);
        return HexFormat.of().formatHex(b);
    }
}
