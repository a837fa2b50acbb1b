package io.kanal.runtime.invoke;

/**
 * A plugin instance as the runtime holds it: with its owner and its class loader, and reachable only through {@link
 * PluginInvoker}. Task runners and connector runners keep {@code Plugin<SourceTask>}, {@code Plugin<Converter>} and
 * so on instead of the raw instance, so that the only way to run plugin code is {@link PluginInvoker#call(Plugin,
 * Stage, java.time.Duration, PluginFunction)}: the instance accessor is package-private.
 *
 * <p>Immutable and thread-safe (the plugin instance itself is not: its owner's thread calls it).
 *
 * @param <P> the plugin type
 */
public final class Plugin<P> {

    private final Owner owner;
    private final P instance;
    private final ClassLoader loader;

    private Plugin(Owner owner, P instance, ClassLoader loader) {
        if (owner == null || instance == null || loader == null) {
            throw new IllegalArgumentException("owner, instance and loader are required");
        }
        this.owner = owner;
        this.instance = instance;
        this.loader = loader;
    }

    /**
     * Wraps an instance whose class the plugin's loader defined.
     *
     * @param owner whom its calls are for
     * @param instance the instance
     * @param <P> its type
     * @return the handle
     * @throws IllegalArgumentException when the class has no loader (a JDK class), so that the plugin's loader cannot
     *     be told
     */
    public static <P> Plugin<P> of(Owner owner, P instance) {
        if (instance == null) {
            throw new IllegalArgumentException("instance is required");
        }
        return new Plugin<>(owner, instance, instance.getClass().getClassLoader());
    }

    /**
     * Wraps an instance with an explicit loader (for example a built-in converter used on a plugin's behalf).
     *
     * @param owner whom its calls are for
     * @param instance the instance
     * @param loader the context loader for its calls
     * @param <P> its type
     * @return the handle
     */
    public static <P> Plugin<P> of(Owner owner, P instance, ClassLoader loader) {
        return new Plugin<>(owner, instance, loader);
    }

    /**
     * Whom its calls are for.
     *
     * @return the owner
     */
    public Owner owner() {
        return owner;
    }

    /**
     * The context loader of its calls.
     *
     * @return the loader
     */
    public ClassLoader loader() {
        return loader;
    }

    /**
     * The plugin's class, for statuses and logs.
     *
     * @return the class
     */
    public Class<?> pluginClass() {
        return instance.getClass();
    }

    /** Package-private: only the invoker runs plugin code. */
    P instance() {
        return instance;
    }

    /** Owner and class name; never calls the plugin's own {@code toString()}, which is plugin code. */
    @Override
    public String toString() {
        return owner + ":" + instance.getClass().getName();
    }
}
