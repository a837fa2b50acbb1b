package io.kanal.runtime.invoke;

/**
 * A plugin method to run through {@link PluginInvoker} on a {@link Plugin}'s instance, such as {@code
 * SourceTask::poll}.
 *
 * @param <P> the plugin type
 * @param <T> what the method returns; {@link Void} (returning {@code null}) when nothing
 */
@FunctionalInterface
public interface PluginFunction<P, T> {

    /**
     * Runs the plugin method, on the owner's thread.
     *
     * @param plugin the plugin instance
     * @return its result
     * @throws Exception whatever the plugin throws
     */
    T apply(P plugin) throws Exception;
}
