package io.kanal.testkit.plugins;

import io.kanal.api.connector.Connector;
import io.kanal.config.ParsedConfig;
import java.util.List;
import java.util.Map;

/**
 * Runs one connector instance on a thread of its own, as {@code kanal-connector-<name>} does: initialise once, then
 * start (parsing the config against the spec, as the runtime does), task configs, stop; every call bounded.
 *
 * <p>Threading: the test's thread calls it; the connector runs on its {@link PluginThread}.
 *
 * @param <C> the kind of connector
 */
final class ConnectorDriver<C extends Connector> implements AutoCloseable {

    private final C connector;
    private final KitContexts.Connector context;
    private final Map<String, String> config;
    private final int maxTasks;
    private final ConnectorConformance<C> test;
    private final PluginThread thread = new PluginThread("kanal-connector-" + ConnectorConformance.CONNECTOR_NAME);
    private boolean initialized;

    ConnectorDriver(
            C connector,
            KitContexts.Connector context,
            Map<String, String> config,
            int maxTasks,
            ConnectorConformance<C> test) {
        this.connector = connector;
        this.context = context;
        this.config = config;
        this.maxTasks = maxTasks;
        this.test = test;
    }

    C connector() {
        return connector;
    }

    /** Starts the connector and returns its task configs, each with the runtime's {@code task.class}. */
    List<Map<String, String>> start() {
        if (!initialized) {
            thread.run("initialize()", test.callTimeout(), () -> connector.initialize(context));
            initialized = true;
        }
        ParsedConfig parsed = connector.configSpec().parse(config);
        thread.run("connector start()", test.callTimeout(), () -> connector.start(parsed));
        return taskConfigs(maxTasks);
    }

    /** The task configs of the started connector for a {@code tasks.max}. */
    List<Map<String, String>> taskConfigs(int max) {
        List<Map<String, String>> configs =
                thread.call("taskConfigs(" + max + ")", test.callTimeout(), () -> connector.taskConfigs(max));
        if (configs == null) {
            throw new AssertionError("taskConfigs(" + max + ") returned null");
        }
        return List.copyOf(configs);
    }

    void stop() {
        thread.run("connector stop()", test.promptness(), connector::stop);
    }

    List<Exception> raised() {
        return context.raised();
    }

    @Override
    public void close() {
        thread.close();
    }
}
