package io.kanal.runtime.isolation;

import java.util.Objects;
import java.util.Set;

/**
 * One built-in plugin: an Apache Kafka Connect class and the Kanal class that replaces it.
 *
 * @param connectClassName Connect's binary class name, for example {@code
 *     org.apache.kafka.connect.transforms.InsertField$Value}
 * @param kanalClassName Kanal's binary class name, for example {@code io.kanal.runtime.transform.InsertField$Value}
 * @param kinds what the class can be used as (Connect's converters double as header converters)
 */
public record BuiltinPlugin(String connectClassName, String kanalClassName, Set<PluginType> kinds) {

    /**
     * Validates and copies.
     *
     * @param connectClassName Connect's binary class name
     * @param kanalClassName Kanal's binary class name
     * @param kinds what the class can be used as, at least one
     */
    public BuiltinPlugin {
        Objects.requireNonNull(connectClassName, "connectClassName");
        Objects.requireNonNull(kanalClassName, "kanalClassName");
        kinds = Set.copyOf(kinds);
        if (kinds.isEmpty()) {
            throw new IllegalArgumentException("a plugin needs a kind: " + connectClassName);
        }
    }

    /**
     * Connect's class name without its package, nesting kept: what Kanal accepts as a short name beyond Connect's
     * own aliases.
     *
     * @return for example {@code InsertField$Value}
     */
    public String connectBinarySimpleName() {
        return connectClassName.substring(connectClassName.lastIndexOf('.') + 1);
    }

    /**
     * Connect's {@code Class.getSimpleName()}: the innermost name, which is what Connect's aliases start from.
     *
     * @return for example {@code Value} for {@code InsertField$Value}
     */
    public String connectSimpleName() {
        String binary = connectBinarySimpleName();
        return binary.substring(binary.lastIndexOf('$') + 1);
    }

    /**
     * Whether the plugin can be used as the given kind.
     *
     * @param kind the kind
     * @return {@code true} when it is one of {@link #kinds()}
     */
    public boolean is(PluginType kind) {
        return kinds.contains(kind);
    }
}
