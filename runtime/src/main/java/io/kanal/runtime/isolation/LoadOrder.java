package io.kanal.runtime.isolation;

/**
 * Which names a plugin class loader asks its parent for first; every other name is looked up in the plugin location
 * first. Kanal's plugins use {@link IsolationRule}; Apache Kafka Connect plugins use Connect's rules, over the bridge
 * layer. Implementations are immutable and thread-safe.
 */
public interface LoadOrder {

    /**
     * @param className a binary class name
     * @return whether the parent is asked first
     */
    boolean isParentFirst(String className);

    /**
     * @param resourceName a resource path ({@code a/b/C.class}, {@code META-INF/...})
     * @return whether the parent is asked first
     */
    boolean isParentFirstResource(String resourceName);
}
