package io.kanal.client.protocol;

import io.kanal.client.protocol.wire.RawTaggedField;
import io.kanal.codegen.FieldSpec;
import io.kanal.codegen.FieldType;
import io.kanal.codegen.MessageSpec;
import io.kanal.codegen.StructRegistry;
import io.kanal.codegen.StructSpec;
import java.lang.reflect.Constructor;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/**
 * Builds random instances of generated messages for a version, driven by the spec: every field on the wire at that
 * version gets a random value (null sometimes, where the version allows it), every other field keeps its default, and
 * flexible versions get a few unknown tagged fields.
 */
final class RandomMessages {
    private final Random random;

    RandomMessages(long seed) {
        this.random = new Random(seed);
    }

    Object message(MessageSpec spec, StructRegistry registry, Class<?> type, short version) {
        return struct(spec, registry, SpecCatalog.top(registry), type, version);
    }

    private Object struct(MessageSpec spec, StructRegistry registry, StructSpec s, Class<?> type, short version) {
        try {
            Object defaults = type.getMethod("builder").invoke(null);
            defaults = defaults.getClass().getMethod("build").invoke(defaults);
            RecordComponent[] components = type.getRecordComponents();
            Object[] args = new Object[components.length];
            Class<?>[] types = new Class<?>[components.length];
            for (int i = 0; i < components.length; i++) {
                RecordComponent c = components[i];
                types[i] = c.getType();
                args[i] = c.getAccessor().invoke(defaults);
                if (c.getName().equals("unknownTaggedFields")) {
                    args[i] = spec.flexibleVersions().contains(version) ? unknownTaggedFields() : List.of();
                    continue;
                }
                FieldSpec f = field(s, c.getName());
                if (SpecCatalog.present(spec, f, version)) {
                    args[i] = value(spec, registry, f, c, version);
                }
            }
            Constructor<?> ctor = type.getDeclaredConstructor(types);
            return ctor.newInstance(args);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("cannot build " + type.getName(), e);
        }
    }

    private static FieldSpec field(StructSpec s, String javaName) {
        return s.fields().stream()
                .filter(f -> f.javaName().equals(javaName))
                .findFirst()
                .orElseThrow(() -> new AssertionError(s.name() + " has no field " + javaName));
    }

    private List<RawTaggedField> unknownTaggedFields() {
        int n = random.nextInt(3);
        List<RawTaggedField> fields = new ArrayList<>();
        int tag = 1000;
        for (int i = 0; i < n; i++) {
            tag += 1 + random.nextInt(100);
            fields.add(new RawTaggedField(tag, bytes()));
        }
        return fields;
    }

    private Object value(MessageSpec spec, StructRegistry registry, FieldSpec f, RecordComponent c, short version) {
        FieldType t = f.type();
        boolean nullable = f.nullableVersions().contains(version) && !(t.kind().isPrimitive() && !t.array());
        if (nullable && random.nextInt(5) == 0) {
            return null;
        }
        if (t.array()) {
            Class<?> element = (Class<?>) ((ParameterizedType) c.getGenericType()).getActualTypeArguments()[0];
            int n = random.nextInt(4);
            List<Object> list = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                list.add(single(spec, registry, t, element, version));
            }
            return list;
        }
        return single(spec, registry, t, c.getType(), version);
    }

    private Object single(MessageSpec spec, StructRegistry registry, FieldType t, Class<?> type, short version) {
        return switch (t.kind()) {
            case BOOL -> random.nextBoolean();
            case INT8 -> (byte) random.nextInt();
            case INT16 -> (short) random.nextInt();
            case UINT16 -> random.nextInt(0x10000);
            case INT32 -> random.nextInt();
            case UINT32 -> random.nextLong() & 0xffffffffL;
            case INT64 -> random.nextLong();
            case FLOAT64 -> random.nextDouble() * 1e6;
            case UUID -> new UUID(random.nextLong(), random.nextLong());
            case STRING -> string();
            case BYTES, RECORDS -> bytes();
            case STRUCT -> struct(spec, registry, registry.struct(t.structName()), type, version);
        };
    }

    private String string() {
        String alphabet = "abcXYZ019-_.é€😀";
        int n = random.nextInt(12);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            int at = random.nextInt(alphabet.length());
            if (Character.isSurrogate(alphabet.charAt(at))) {
                at = alphabet.length() - 2;
                sb.append(alphabet, at, at + 2);
            } else {
                sb.append(alphabet.charAt(at));
            }
        }
        return sb.toString();
    }

    private ByteBuffer bytes() {
        byte[] b = new byte[random.nextInt(10)];
        random.nextBytes(b);
        return ByteBuffer.wrap(b);
    }
}
