package io.kanal.runtime.worker;

import io.kanal.config.ConfigProvider;
import io.kanal.config.ConfigProviderException;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A config provider from {@code plugin.path} (a Connect provider through the bridge) whose calls run with a deadline:
 * config references are resolved on the herder's operations threads, connector threads and REST threads, and a
 * provider that hangs (a vault that does not answer) must not hold them. Every call ({@code configure} when created,
 * {@link #resolve}, {@link #close()}) runs on the provider's own daemon thread, {@code
 * kanal-config-provider-<name>}, with the plugin's class loader as context loader; the caller waits at most the
 * budget and then gets a {@link ConfigProviderException} naming the provider and the path, never a value.
 *
 * <p>A resolution past its deadline fails (it does not leave the reference unresolved): a connector started with
 * {@code ${vault:db:password}} as its literal password would fail later and less clearly, or send the reference text
 * to a remote system; the caller (worker start, connector start, validation) reports the failure instead. One thread
 * per provider: a provider stuck for good keeps that thread, and later calls fail at their deadline rather than
 * starting more threads.
 *
 * <p>Threading: any thread may call; calls run one at a time on the provider's thread.
 */
final class InvokedConfigProvider implements ConfigProvider {

    /** How long a provider may take to be configured, to resolve one path or to close. */
    static final Duration BUDGET = Duration.ofSeconds(30);

    private final String name;
    private final ConfigProvider provider;
    private final ExecutorService thread;
    private final Duration budget;

    private InvokedConfigProvider(String name, ConfigProvider provider, ExecutorService thread, Duration budget) {
        this.name = name;
        this.provider = provider;
        this.thread = thread;
        this.budget = budget;
    }

    /**
     * Creates and configures a provider on its own thread, within the budget.
     *
     * @param name the provider's class name, for thread and messages
     * @param loader the plugin's class loader, the context loader of every call
     * @param budget how long each call may take
     * @param create creates and configures the provider
     * @return the provider
     * @throws ConfigProviderException when creating it failed or took longer than the budget
     */
    static InvokedConfigProvider create(
            String name, ClassLoader loader, Duration budget, Callable<ConfigProvider> create) {
        ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "kanal-config-provider-" + name);
            t.setDaemon(true); // a provider stuck for good must not keep the worker's JVM alive
            t.setContextClassLoader(loader);
            return t;
        });
        try {
            ConfigProvider provider = call(thread, budget, create, name + " could not be created or configured");
            return new InvokedConfigProvider(name, provider, thread, budget);
        } catch (RuntimeException e) {
            thread.shutdownNow();
            throw e;
        }
    }

    @Override
    public Map<String, String> resolve(String path, Set<String> keys) {
        return call(
                thread,
                budget,
                () -> provider.resolve(path, keys),
                "config provider " + name + " could not resolve keys under path '" + path + "'");
    }

    @Override
    public void close() {
        try {
            call(
                    thread,
                    budget,
                    () -> {
                        provider.close();
                        return null;
                    },
                    "config provider " + name + " failed to close");
        } finally {
            thread.shutdownNow();
        }
    }

    private static <T> T call(ExecutorService thread, Duration budget, Callable<T> body, String what) {
        Future<T> result = thread.submit(body);
        try {
            return result.get(budget.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            result.cancel(true);
            throw new ConfigProviderException(what + ": no answer within " + budget.toMillis() + " ms", e);
        } catch (ExecutionException e) {
            // The provider's own exceptions already name provider and path, never a value: kept as they are.
            if (e.getCause() instanceof ConfigProviderException typed) {
                throw typed;
            }
            throw new ConfigProviderException(what, e.getCause());
        } catch (InterruptedException e) {
            result.cancel(true);
            Thread.currentThread().interrupt();
            throw new ConfigProviderException(what + ": interrupted while waiting", e);
        }
    }

    /** The provider's class only: its state may hold secrets. */
    @Override
    public String toString() {
        return "InvokedConfigProvider[" + name + "]";
    }
}
