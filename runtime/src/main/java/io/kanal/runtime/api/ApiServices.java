package io.kanal.runtime.api;

import io.kanal.runtime.api.ApiModel.ServerInfo;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * Everything the REST layer serves, built over one worker.
 *
 * @param connectors the connector operations
 * @param plugins the plugin listing
 * @param server what {@code GET /} answers
 * @param pluginConfigs plugin config definitions and connector config validation
 * @param loggers the logger levels of {@code /admin/loggers}
 * @param metrics what {@code GET /metrics} shows
 * @param offsets connectors' offsets (KIP-875)
 * @param topics connectors' active topics (KIP-558)
 * @param health the worker's health (KIP-1017)
 * @param cluster the worker's place in its cluster and the internal endpoints between workers
 */
public record ApiServices(
        ConnectorService connectors,
        PluginService plugins,
        ServerInfo server,
        PluginConfigService pluginConfigs,
        LoggerService loggers,
        MetricsService metrics,

        OffsetService offsets,
        TopicService topics,
        HealthService health,
        ClusterService cluster) {

    /**
     * Checks the services.
     *
     * @param connectors the connector operations
     * @param plugins the plugin listing
     * @param server what {@code GET /} answers
     * @param pluginConfigs plugin config definitions and validation
     * @param loggers the logger levels
     * @param metrics what {@code GET /metrics} shows
     * @param offsets connectors' offsets
     * @param topics connectors' active topics
     * @param health the worker's health
     * @param cluster the worker's place in its cluster
     */
    public ApiServices {
        Objects.requireNonNull(connectors, "connectors");
        Objects.requireNonNull(plugins, "plugins");
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(pluginConfigs, "pluginConfigs");
        Objects.requireNonNull(loggers, "loggers");
        Objects.requireNonNull(metrics, "metrics");
        Objects.requireNonNull(offsets, "offsets");
        Objects.requireNonNull(topics, "topics");
        Objects.requireNonNull(health, "health");
        Objects.requireNonNull(cluster, "cluster");
    }

    /**
     * The services over a worker, with Connect's 90 s request timeout and no logging backend.
     *
     * @param worker the worker
     * @return the services
     */
    public static ApiServices of(WorkerApi worker) {
        return of(worker, ConnectorService.DEFAULT_REQUEST_TIMEOUT);
    }

    /**
     * The services over a worker, with no logging backend ({@link #withLoggerLevels} adds one).
     *
     * @param worker the worker
     * @param timeout how long a call waits for the herder
     * @return the services
     */
    public static ApiServices of(WorkerApi worker, Duration timeout) {
        ConnectorService connectors = new ConnectorService(worker, timeout);
        return new ApiServices(
                connectors,
                new PluginService(worker),
                // Standalone mode has no cluster id of its own yet; Connect reads it from the broker.
                new ServerInfo(worker.version(), "unknown", null),
                new PluginConfigService(worker, timeout),
                LoggerService.of(LoggerLevels.NONE, Clock.systemUTC(), worker),
                new MetricsService(worker),
                new OffsetService(worker, timeout),
                new TopicService(worker),
                new HealthService(
                        worker,
                        HealthService.DEFAULT_TIMEOUT.compareTo(timeout) < 0 ? HealthService.DEFAULT_TIMEOUT : timeout),
                new ClusterService(worker, timeout, connectors));
    }

    /**
     * These services with {@code /admin/loggers} driving a logging backend.
     *
     * @param levels the backend's levels
     * @return the services
     */
    public ApiServices withLoggerLevels(LoggerLevels levels) {
        return new ApiServices(
                connectors,
                plugins,
                server,
                pluginConfigs,
                loggers.withBackend(levels),
                metrics,
                offsets,
                topics,
                health,
                cluster);
    }
}
