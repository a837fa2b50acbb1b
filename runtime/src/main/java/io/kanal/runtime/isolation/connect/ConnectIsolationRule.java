package io.kanal.runtime.isolation.connect;

import io.kanal.runtime.isolation.IsolationRule;
import io.kanal.runtime.isolation.LoadOrder;
import java.util.List;

/**
 * Which classes a Connect plugin's loader takes from the bridge layer first, as Apache Kafka Connect's worker decides
 * for its plugins (reference §1e): the JDK and the Java EE / platform packages a worker provides, {@code
 * org.apache.kafka.} and {@code org.slf4j.}, except the Connect classes Apache loads from the plugin itself (the
 * implementations in {@code connect.transforms}, {@code json}, {@code file}, {@code mirror}, {@code mirror-client},
 * {@code converters}, the string and simple header converters, the basic-auth REST extension, client config override
 * policies and config providers), so that a plugin that bundles those runs its own copies. Kanal's shared packages
 * ({@link IsolationRule#SHARED_PREFIXES}) are parent-first too. Everything else is child-first.
 *
 * <p>A pure function of the class name; immutable and thread-safe.
 */
public final class ConnectIsolationRule implements LoadOrder {

    private static final String KAFKA = "org.apache.kafka.";
    private static final String CONNECT = KAFKA + "connect.";

    /** Packages (with their subpackages) that a Connect worker provides to every plugin besides the JDK. */
    private static final List<String> PROVIDED_PREFIXES = List.of(
            "java.",
            "javax.accessibility.",
            "javax.activation.",
            "javax.activity.",
            "javax.annotation.",
            "javax.batch.",
            "javax.crypto.",
            "javax.decorator.",
            "javax.ejb.",
            "javax.el.",
            "javax.enterprise.",
            "javax.faces.",
            "javax.imageio.",
            "javax.inject.",
            "javax.interceptor.",
            "javax.jms.",
            "javax.json.",
            "javax.jws.",
            "javax.lang.model.",
            "javax.mail.",
            "javax.management.",
            "javax.naming.",
            "javax.net.",
            "javax.persistence.",
            "javax.print.",
            "javax.resource.",
            "javax.rmi.",
            "javax.script.",
            "javax.security.auth.",
            "javax.security.cert.",
            "javax.security.jacc.",
            "javax.security.sasl.",
            "javax.servlet.",
            "javax.sound.midi.",
            "javax.sound.sampled.",
            "javax.sql.",
            "javax.swing.",
            "javax.tools.",
            "javax.transaction.",
            "javax.validation.",
            "javax.websocket.",
            "javax.ws.rs.",
            "javax.xml.",
            "org.ietf.jgss.",
            "org.omg.",
            "org.w3c.dom.",
            "org.xml.sax.",
            KAFKA,
            "org.slf4j.");

    /** Connect packages whose classes a plugin may bring itself: Apache loads them in isolation. */
    private static final List<String> PLUGIN_PACKAGES = List.of(
            CONNECT + "json.",
            CONNECT + "file.",
            CONNECT + "mirror.",
            CONNECT + "mirror-client.",
            CONNECT + "converters.");

    private static final List<String> PLUGIN_CLASSES = List.of(
            CONNECT + "storage.StringConverter",
            CONNECT + "storage.SimpleHeaderConverter",
            CONNECT + "rest.basic.auth.extension.BasicAuthSecurityRestExtension");

    private final IsolationRule kanal;

    /**
     * @param kanal Kanal's rule, for the platform packages of this JVM and the shared Kanal packages
     */
    public ConnectIsolationRule(IsolationRule kanal) {
        this.kanal = kanal;
    }

    /**
     * Whether a class comes from the bridge layer (and the JDK) before the plugin is looked at.
     *
     * @param className a binary class name
     * @return true for parent-first
     */
    @Override
    public boolean isParentFirst(String className) {
        if (kanal.isParentFirst(className)) {
            return true;
        }
        if (!startsWithAny(className, PROVIDED_PREFIXES)) {
            return false;
        }
        return !className.startsWith(KAFKA) || !loadsFromPlugin(className);
    }

    /**
     * Whether a resource (such as {@code org/apache/kafka/connect/data/Schema.class}) is parent-first, by the rule for
     * the class its path would name.
     *
     * @param resourceName a slash-separated resource name
     * @return true for parent-first
     */
    @Override
    public boolean isParentFirstResource(String resourceName) {
        String asClass = resourceName.endsWith(".class")
                ? resourceName.substring(0, resourceName.length() - ".class".length())
                : resourceName;
        return isParentFirst(asClass.replace('/', '.'));
    }

    /** Apache's list of Kafka classes that live in plugins (an org.apache.kafka. name is given). */
    private static boolean loadsFromPlugin(String className) {
        if (startsWithAny(className, PLUGIN_PACKAGES) || PLUGIN_CLASSES.contains(className)) {
            return true;
        }
        String transforms = CONNECT + "transforms.";
        if (className.startsWith(transforms)) {
            String rest = className.substring(transforms.length());
            // The interfaces stay shared; every implementation (and its nested classes) loads from the plugin.
            return !rest.startsWith("Transformation") && !rest.equals("predicates.Predicate");
        }
        String policy = CONNECT + "connector.policy.";
        if (className.startsWith(policy)) {
            String rest = className.substring(policy.length());
            return !rest.equals("ConnectorClientConfigOverridePolicy")
                    && !rest.equals("ConnectorClientConfigRequest")
                    && !rest.equals("ConnectorClientConfigRequest$ClientType");
        }
        String providers = KAFKA + "common.config.provider.";
        return className.startsWith(providers) && !className.equals(providers + "ConfigProvider");
    }

    private static boolean startsWithAny(String name, List<String> prefixes) {
        for (String prefix : prefixes) {
            if (name.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }
}
