package io.kanal.runtime.isolation;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What one class file refers to, read from its constant pool (JVMS §4.4): the classes of its {@code CONSTANT_Class}
 * entries and the fields, methods and interface methods of its {@code CONSTANT_Fieldref}, {@code Methodref} and
 * {@code InterfaceMethodref} entries. These are exactly the symbolic references the JVM resolves when the code runs,
 * so resolving them up front finds a {@code NoSuchMethodError} or {@code NoClassDefFoundError} before it happens.
 * Reads only the constant pool and the class's own name, nothing after them. Immutable value.
 *
 * @param className the binary name of the class the file defines
 * @param classes the binary names of the referenced classes (array classes as their element class; primitive arrays
 *     left out), in constant-pool order
 * @param members the referenced fields and methods, in constant-pool order
 */
record ClassFileReferences(String className, Set<String> classes, List<MemberRef> members) {

    private static final int MAGIC = 0xCAFEBABE;

    /** Copies the collections. */
    ClassFileReferences {
        classes = Set.copyOf(new LinkedHashSet<>(classes));
        members = List.copyOf(members);
    }

    /**
     * A field or method reference.
     *
     * @param kind which constant-pool entry it came from
     * @param owner the binary name of the class named in the reference
     * @param name the member name, {@code <init>} for constructors
     * @param descriptor the JVM type descriptor
     */
    record MemberRef(Kind kind, String owner, String name, String descriptor) {}

    /** The kinds of member reference. */
    enum Kind {
        /** {@code CONSTANT_Fieldref}. */
        FIELD,
        /** {@code CONSTANT_Methodref}. */
        METHOD,
        /** {@code CONSTANT_InterfaceMethodref}. */
        INTERFACE_METHOD
    }

    /**
     * Reads a class file.
     *
     * @param bytes the class file
     * @return what it refers to
     * @throws IOException when the bytes are not a class file this reader knows (a truncated file, an unknown
     *     constant-pool tag)
     */
    static ClassFileReferences read(byte[] bytes) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
        if (in.readInt() != MAGIC) {
            throw new IOException("not a class file (bad magic number)");
        }
        in.readUnsignedShort(); // minor version
        in.readUnsignedShort(); // major version
        int count = in.readUnsignedShort();
        // Index 0 is unused; a long or double takes two slots (JVMS §4.4.5).
        String[] utf8 = new String[count];
        int[] tags = new int[count];
        int[] first = new int[count];
        int[] second = new int[count];
        for (int i = 1; i < count; i++) {
            int tag = in.readUnsignedByte();
            tags[i] = tag;
            switch (tag) {
                case 1 -> utf8[i] = in.readUTF(); // modified UTF-8, which is what readUTF reads
                case 3, 4 -> in.readInt(); // Integer, Float
                case 5, 6 -> {
                    in.readLong(); // Long, Double
                    i++;
                }
                case 7, 8, 16, 19, 20 ->
                    first[i] = in.readUnsignedShort(); // Class, String, MethodType, Module, Package
                case 9, 10, 11, 12, 17, 18 -> {
                    // Fieldref, Methodref, InterfaceMethodref, NameAndType, Dynamic, InvokeDynamic
                    first[i] = in.readUnsignedShort();
                    second[i] = in.readUnsignedShort();
                }
                case 15 -> {
                    in.readUnsignedByte(); // MethodHandle: kind, then the reference it points at
                    first[i] = in.readUnsignedShort();
                }
                default -> throw new IOException("unknown constant-pool tag " + tag + " at index " + i);
            }
        }
        in.readUnsignedShort(); // access flags
        int thisClass = in.readUnsignedShort();
        if (tags[thisClass] != 7) {
            throw new IOException("this_class is not a class entry");
        }
        Set<String> classes = new LinkedHashSet<>();
        List<MemberRef> members = new ArrayList<>();
        for (int i = 1; i < count; i++) {
            if (tags[i] == 7) {
                String referenced = elementClass(utf8[first[i]]);
                if (referenced != null && i != thisClass) {
                    classes.add(referenced);
                }
            } else if (tags[i] == 9 || tags[i] == 10 || tags[i] == 11) {
                String owner = elementClass(utf8[first[first[i]]]);
                int nameAndType = second[i];
                Kind kind = tags[i] == 9 ? Kind.FIELD : tags[i] == 10 ? Kind.METHOD : Kind.INTERFACE_METHOD;
                if (owner != null) {
                    members.add(new MemberRef(kind, owner, utf8[first[nameAndType]], utf8[second[nameAndType]]));
                }
            }
        }
        return new ClassFileReferences(binaryName(utf8[first[thisClass]]), classes, members);
    }

    /** A class entry's name as a binary name; an array's element class; null for an array of primitives. */
    private static String elementClass(String internalName) {
        if (!internalName.startsWith("[")) {
            return binaryName(internalName);
        }
        String element = internalName.replace("[", "");
        return element.startsWith("L") ? binaryName(element.substring(1, element.length() - 1)) : null;
    }

    private static String binaryName(String internalName) {
        return internalName.replace('/', '.');
    }
}
