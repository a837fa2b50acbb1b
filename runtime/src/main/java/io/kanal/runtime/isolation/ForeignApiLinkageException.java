package io.kanal.runtime.isolation;

import io.kanal.runtime.isolation.spi.MissingMember;
import java.util.List;

/**
 * A foreign plugin class refers to classes, methods or fields that the bridge layer's API does not have, such as a
 * Kafka Connect 3.x connector calling a method Kafka 4.0 removed: found by reading its class files before it runs, and
 * reported as its {@link PluginLoadFailure.Stage#LINK} load failure. The message (the bridge's) names the class and
 * every missing member.
 */
public final class ForeignApiLinkageException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String className;
    private final transient List<MissingMember> missing;

    ForeignApiLinkageException(String className, List<MissingMember> missing, String message) {
        super(message);
        this.className = className;
        this.missing = List.copyOf(missing);
    }

    /**
     * @return the plugin class
     */
    public String className() {
        return className;
    }

    /**
     * @return what it refers to and the layer lacks, never empty
     */
    public List<MissingMember> missing() {
        return missing;
    }
}
