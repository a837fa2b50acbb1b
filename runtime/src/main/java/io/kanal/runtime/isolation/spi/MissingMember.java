package io.kanal.runtime.isolation.spi;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A class, method, constructor or field that a plugin class refers to (a constant-pool entry of its class file) and
 * that the foreign API the bridge layer holds does not have: the plugin was built against another version of that API.
 * Immutable value.
 *
 * @param owner the binary name of the class, such as {@code org.apache.kafka.connect.source.SourceTask}
 * @param name the member name ({@code <init>} for a constructor); null when the class itself is missing
 * @param descriptor the JVM descriptor of the method or field type; null when the class itself is missing
 */
public record MissingMember(String owner, String name, String descriptor) {

    /** Requires the owner, and a name with a descriptor or neither. */
    public MissingMember {
        Objects.requireNonNull(owner, "owner");
        if ((name == null) != (descriptor == null)) {
            throw new IllegalArgumentException("a member has a name and a descriptor, a class neither");
        }
    }

    /**
     * The missing class, with no member.
     *
     * @param owner its binary name
     * @return the missing class
     */
    public static MissingMember ofClass(String owner) {
        return new MissingMember(owner, null, null);
    }

    /**
     * @return whether the member is a method or constructor (its descriptor starts with a parenthesis)
     */
    public boolean isMethod() {
        return descriptor != null && descriptor.startsWith("(");
    }

    /**
     * A stable key, the JVM's view: {@code owner}, {@code owner#name(descriptor)return} for a method or constructor,
     * {@code owner#name:descriptor} for a field. Lists of removed members are keyed by it.
     *
     * @return the key
     */
    public String key() {
        if (name == null) {
            return owner;
        }
        return owner + '#' + name + (isMethod() ? "" : ":") + descriptor;
    }

    /**
     * How a programmer writes it, with simple class names: {@code SourceTask.commitRecord(SourceRecord)}, {@code new
     * RecordMetadata(TopicPartition, long, long)}, {@code TopicConfig.MESSAGE_FORMAT_VERSION_CONFIG}, {@code
     * class NotLeaderForPartitionException}.
     *
     * @return the readable form
     */
    public String display() {
        String simpleOwner = simpleName(owner);
        if (name == null) {
            return "class " + simpleOwner;
        }
        if (!isMethod()) {
            return simpleOwner + '.' + name;
        }
        String parameters = String.join(", ", parameterTypes(descriptor));
        return "<init>".equals(name)
                ? "new " + simpleOwner + '(' + parameters + ')'
                : simpleOwner + '.' + name + '(' + parameters + ')';
    }

    private static String simpleName(String binaryName) {
        String simple = binaryName.substring(binaryName.lastIndexOf('.') + 1);
        return simple.replace('$', '.');
    }

    /** The parameter types of a method descriptor, as simple source names. */
    private static List<String> parameterTypes(String descriptor) {
        List<String> types = new ArrayList<>();
        int i = 1;
        while (descriptor.charAt(i) != ')') {
            int dimensions = 0;
            while (descriptor.charAt(i) == '[') {
                dimensions++;
                i++;
            }
            String type;
            char c = descriptor.charAt(i);
            if (c == 'L') {
                int end = descriptor.indexOf(';', i);
                type = simpleName(descriptor.substring(i + 1, end).replace('/', '.'));
                i = end + 1;
            } else {
                type = primitive(c);
                i++;
            }
            types.add(type + "[]".repeat(dimensions));
        }
        return types;
    }

    private static String primitive(char c) {
        return switch (c) {
            case 'Z' -> "boolean";
            case 'B' -> "byte";
            case 'C' -> "char";
            case 'S' -> "short";
            case 'I' -> "int";
            case 'J' -> "long";
            case 'F' -> "float";
            case 'D' -> "double";
            default -> throw new IllegalArgumentException("not a field descriptor character: " + c);
        };
    }
}
