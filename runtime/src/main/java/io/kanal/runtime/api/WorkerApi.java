package io.kanal.runtime.api;

import io.kanal.config.ConfigSpec;
import io.kanal.runtime.herder.HerderEvent;
import io.kanal.runtime.herder.HerderReply;
import io.kanal.runtime.herder.HerderView;
import io.kanal.runtime.isolation.PluginDescriptor;
import io.kanal.runtime.isolation.PluginRegistry;
import io.kanal.runtime.task.ActiveTopics;
import io.kanal.runtime.worker.ConnectorValidator;
import io.kanal.runtime.worker.StartupCounters;
import io.kanal.runtime.worker.TaskSample;
import io.kanal.runtime.worker.WorkerOffsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;
import java.util.function.LongFunction;

/**
 * What the API services need from a worker: the herder's request queue and view, the plugin registry and connector
 * validation. Implementations must be safe to call from any thread (REST calls them from its request threads).
 */
public interface WorkerApi {

    /**
     * Submits a request to the herder.
     *
     * @param request builds the request from the id the herder assigns
     * @return the reply, completed on the herder thread
     */
    CompletableFuture<HerderReply> request(LongFunction<? extends HerderEvent.Request> request);

    /**
     * The herder's latest published view.
     *
     * @return the view
     */
    HerderView view();

    /**
     * The installed plugins.
     *
     * @return the registry
     */
    PluginRegistry registry();

    /**
     * Validates a connector config with the connector's own {@code validate}.
     *
     * @param name the connector's name
     * @param config its config
     * @param timeout how long to wait for the connector
     * @return the outcome
     * @throws InterruptedException when interrupted
     */
    ConnectorValidator.Outcome validate(String name, Map<String, String> config, Duration timeout)
            throws InterruptedException;

    /**
     * The config spec a plugin declares. This default creates the plugin and asks it on the calling thread, with the
     * plugin's loader as context loader; a worker with an invoker asks through it instead, so that a plugin that hangs
     * costs the caller only the timeout.
     *
     * @param plugin the plugin
     * @param timeout how long to wait for the plugin (ignored by this default)
     * @return the spec
     * @throws IllegalStateException when the plugin cannot be created or fails
     * @throws InterruptedException when interrupted
     */
    default ConfigSpec configSpec(PluginDescriptor plugin, Duration timeout) throws InterruptedException {
        Thread current = Thread.currentThread();
        ClassLoader before = current.getContextClassLoader();
        current.setContextClassLoader(plugin.loader());
        try {
            return ConnectorValidator.declaredSpec(
                    plugin.newInstance(plugin.type().pluginInterface()));
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("could not create " + plugin.className() + ": " + e, e);
        } finally {
            current.setContextClassLoader(before);
        }
    }

    /**
     * The worker's start-up counters, for {@code GET /metrics}. Workers without them (test doubles) count nothing.
     *
     * @return the counters now
     */
    default StartupCounters.Snapshot startups() {
        return new StartupCounters.Snapshot(0, 0, 0, 0, 0, 0);
    }

    /**
     * The counters of the tasks this worker runs, for {@code GET /metrics}. Workers without tasks return none.
     *
     * @return one sample per running task
     */
    default List<TaskSample> taskSamples() {
        return List.of();
    }

    /**
     * The metrics the bridged connectors this worker runs keep themselves (Connect's {@code pluginMetrics()}), tagged
     * {@code connector}. Any thread.
     *
     * @return the metrics now; none by default
     */
    default List<io.kanal.runtime.task.TaskMetrics.PluginMetric> connectorPluginMetrics() {
        return List.of();
    }

    /**
     * Whether the worker has completed its start-up and not begun to stop ({@code GET /health}).
     *
     * @return true while it serves requests
     */
    boolean ready();

    /**
     * What keeps the worker from doing its work although its herder answers, for the health endpoint: a distributed
     * worker that cannot read its config topic (the Kafka cluster is unreachable) is unhealthy, as Connect's is when its
     * herder thread blocks on that read. Called on a REST thread; blocks at most {@code timeout}.
     *
     * @param timeout how long the check may take
     * @return the reason, when there is one
     */
    default java.util.Optional<String> unhealthyBecause(Duration timeout) {
        return java.util.Optional.empty();
    }

    /**
     * The topics each connector's tasks used ({@code GET /connectors/{c}/topics}).
     *
     * @return the tracker
     */
    ActiveTopics activeTopics();

    /**
     * Reads connectors' committed offsets ({@code GET /connectors/{c}/offsets}).
     *
     * @return the reader
     */
    WorkerOffsets offsets();

    /**
     * The worker's place in its cluster: whether it leads, where the leader is, the session key that signs internal
     * requests. This default is a standalone worker's: always the leader, owner of every connector and task, no
     * signing; a distributed worker answers from its group membership.
     *
     * @return the routing, read on every request that may have to go elsewhere
     */
    default ClusterRouting routing() {
        return ClusterRouting.standalone();
    }

    /**
     * Sets a logger namespace's level on every worker of the cluster (KIP-976 {@code scope=cluster}), as Connect's
     * distributed herder does: writes {@code logger-cluster-<namespace>} to the config topic from this worker, not
     * through the leader; every worker, this one included, applies it when it reads the record. A worker without a
     * cluster answers false and the caller sets the level on this worker only, as Connect's standalone herder does.
     *
     * @param namespace the logger namespace as the request named it
     * @param level the level as the request named it, already checked
     * @return whether the level was written for the cluster; false for a standalone worker
     * @throws ApiException 500 when the record cannot be written
     */
    default boolean putClusterLoggerLevel(String namespace, String level) {
        return false;
    }

    /**
     * Says where this worker applies the cluster-wide levels it reads from its config topic after it started. The
     * last call wins; a standalone worker reads none and ignores it.
     *
     * @param apply takes the namespace and the level, on the config topic's reader thread
     */
    default void applyClusterLoggerLevels(BiConsumer<String, String> apply) {
        // A standalone worker has no config topic to read cluster-wide levels from.
    }

    /**
     * Starts, or joins, the leader's round of zombie fencing for an exactly-once source connector (KIP-618), off the
     * caller's thread; the caller bounds its wait. This default is a worker's that has no such round (standalone, or
     * exactly-once support not enabled): nothing to do.
     *
     * @param connector the connector's name
     * @return completed when the round ended; exceptionally with an {@link ApiException} 500 when it failed (the
     *     message says why, an authorization failure included)
     */
    default CompletableFuture<Void> fenceZombies(String connector) {
        return CompletableFuture.completedFuture(null);
    }

    /**
     * The runtime's version, as {@code GET /} shows it.
     *
     * @return the version
     */
    String version();
}
