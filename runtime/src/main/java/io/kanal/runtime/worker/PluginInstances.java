package io.kanal.runtime.worker;

import io.kanal.runtime.invoke.CallOutcome;
import io.kanal.runtime.invoke.Owner;
import io.kanal.runtime.invoke.Plugin;
import io.kanal.runtime.invoke.PluginInvoker;
import io.kanal.runtime.invoke.Stage;
import io.kanal.runtime.isolation.PluginDescriptor;
import java.time.Duration;

/**
 * Creates plugin instances from their descriptors through the invoker: a Kanal plugin through its no-argument
 * constructor, a bridged one (an Apache Kafka Connect plugin) through the bridge's adapter around a new foreign
 * instance. Either way the call runs under the invoker's deadline with the plugin's loader as context loader.
 *
 * <p>Stateless; any thread.
 */
final class PluginInstances {

    private PluginInstances() {}

    /**
     * @param invoker the invoker
     * @param owner whom the instance is for
     * @param descriptor the plugin
     * @param api the Kanal type the caller needs
     * @param budget the deadline of the call
     * @param <P> that type
     * @return the outcome: the handle, or why it could not be created
     */
    static <P> CallOutcome<Plugin<P>> create(
            PluginInvoker invoker, Owner owner, PluginDescriptor descriptor, Class<P> api, Duration budget) {
        return invoker.call(
                owner,
                descriptor.loader(),
                Stage.INSTANTIATE,
                budget,
                () -> Plugin.of(owner, descriptor.newInstance(api), descriptor.loader()));
    }
}
