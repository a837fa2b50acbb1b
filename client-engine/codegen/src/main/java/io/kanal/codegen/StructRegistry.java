package io.kanal.codegen;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every struct of one message: the message itself, the inline structs of its fields and its common structs, with the
 * versions each can appear in.
 */
public final class StructRegistry {
    private final MessageSpec message;
    private final Map<String, StructSpec> structs = new LinkedHashMap<>();

    /**
     * Collects the structs of a message.
     *
     * @param message the message
     */
    public StructRegistry(MessageSpec message) {
        this.message = message;
        Versions valid = message.validVersions();
        add(new StructSpec(message.name(), message.fields(), valid));
        for (StructSpec common : message.commonStructs()) {
            add(new StructSpec(common.name(), common.fields(), common.versions().intersect(valid)));
        }
        for (StructSpec s : new ArrayList<>(structs.values())) {
            collect(s.fields(), s.versions());
        }
        for (StructSpec s : structs.values()) {
            for (FieldSpec f : s.fields()) {
                if (f.type().isStruct() && !structs.containsKey(f.type().structName())) {
                    throw new IllegalArgumentException(message.name() + ": field " + f.name() + " uses unknown struct "
                            + f.type().structName());
                }
            }
        }
    }

    private void collect(List<FieldSpec> fields, Versions parent) {
        for (FieldSpec f : fields) {
            if (f.type().isStruct() && !f.fields().isEmpty()) {
                Versions versions = f.versions().intersect(parent);
                add(new StructSpec(f.type().structName(), f.fields(), versions));
                collect(f.fields(), versions);
            }
        }
    }

    private void add(StructSpec struct) {
        if (structs.containsKey(struct.name())) {
            throw new IllegalArgumentException(message.name() + ": struct " + struct.name() + " is defined twice");
        }
        structs.put(struct.name(), struct);
    }

    /**
     * The message.
     *
     * @return the spec
     */
    public MessageSpec message() {
        return message;
    }

    /**
     * Every struct, the message first.
     *
     * @return the structs
     */
    public List<StructSpec> structs() {
        return List.copyOf(structs.values());
    }

    /**
     * Finds a struct by name.
     *
     * @param name the struct name
     * @return the struct
     */
    public StructSpec struct(String name) {
        return structs.get(name);
    }

    /**
     * The versions a struct's code can be called with: its own, within the message's valid versions.
     *
     * @param struct the struct
     * @return the versions, bounded above by the message's highest version
     */
    public Versions possibleVersions(StructSpec struct) {
        return struct.versions().intersect(message.validVersions());
    }

    /**
     * Whether a field uses the compact encodings at a version.
     *
     * @param field the field
     * @return the flexible versions of the field
     */
    public Versions flexibleVersions(FieldSpec field) {
        return field.flexibleVersions() != null ? field.flexibleVersions() : message.flexibleVersions();
    }

    /**
     * The fewest bytes one encoded instance of a struct can take at any version it can appear in, at least 1. Used to
     * reject array lengths that cannot fit in the bytes that remain.
     *
     * @param struct the struct
     * @return the minimum size
     */
    public int minSize(StructSpec struct) {
        Versions possible = possibleVersions(struct);
        int min = Integer.MAX_VALUE;
        for (int v = possible.lowest(); v <= possible.highest(); v++) {
            min = Math.min(min, minSize(struct, v));
        }
        return Math.max(1, min == Integer.MAX_VALUE ? 1 : min);
    }

    private int minSize(StructSpec struct, int version) {
        int size = message.flexibleVersions().contains(version) ? 1 : 0;
        for (FieldSpec f : struct.fields()) {
            if (!f.versions().contains(version) || f.isTagged()) {
                continue;
            }
            boolean flexible = flexibleVersions(f).contains(version);
            FieldType t = f.type();
            if (t.array()) {
                size += flexible ? 1 : 4;
            } else if (t.kind().fixedSize() > 0) {
                size += t.kind().fixedSize();
            } else if (t.kind() == FieldType.Kind.STRING) {
                size += flexible ? 1 : 2;
            } else if (t.isStruct()) {
                size += f.nullableVersions().contains(version) ? 1 : minSize(struct(t.structName()), version);
            } else {
                size += flexible ? 1 : 4;
            }
        }
        return size;
    }
}
