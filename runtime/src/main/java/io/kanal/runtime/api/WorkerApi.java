package io.kanal.runtime.api;

import io.kanal.runtime.herder.HerderEvent;
import io.kanal.runtime.herder.HerderReply;
import io.kanal.runtime.herder.HerderView;
import io.kanal.runtime.isolation.PluginRegistry;
import io.kanal.runtime.task.ActiveTopics;
import io.kanal.runtime.worker.ConnectorValidator;
import io.kanal.runtime.worker.WorkerOffsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
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
     * Whether the worker has completed its start-up and not begun to stop ({@code GET /health}).
     *
     * @return true while it serves requests
     */
    boolean ready();

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
     * The runtime's version, as {@code GET /} shows it.
     *
     * @return the version
     */
    String version();
}
