package io.kanal.runtime.invoke;

/**
 * A piece of plugin code to run through {@link PluginInvoker}, such as {@code () -> task.poll()}.
 *
 * @param <T> what it returns; {@link Void} (returning {@code null}) when nothing
 */
@FunctionalInterface
public interface PluginCall<T> {

    /**
     * Runs the plugin code, on the owner's thread.
     *
     * @return its result
     * @throws Exception whatever the plugin throws
     */
    T call() throws Exception;
}
