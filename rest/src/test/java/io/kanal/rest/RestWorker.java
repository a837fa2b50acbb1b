package io.kanal.rest;

import io.kanal.runtime.api.ApiServices;
import io.kanal.runtime.worker.StandaloneWorker;
import io.kanal.testkit.KafkaCluster;
import java.net.URI;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * A real standalone worker on the test broker with the REST server in front of it on a free port: the setup the ITs of
 * this module share. Started by {@link #start}, stopped (server first, then worker) by {@link #close}. Not thread-safe:
 * one test class starts and closes it.
 */
final class RestWorker implements AutoCloseable {

    private final StandaloneWorker worker;
    private final RestServer rest;

    private RestWorker(StandaloneWorker worker, RestServer rest) {
        this.worker = worker;
        this.rest = rest;
    }

    /**
     * The worker settings every IT uses: the broker, the file plugin, offsets in {@code dir/offsets} and string
     * converters, with {@code extra} added over them.
     */
    static Map<String, String> config(KafkaCluster cluster, Path dir, Map<String, String> extra) {
        Map<String, String> config = new HashMap<>();
        config.put("bootstrap.servers", cluster.bootstrapServers());
        config.put("plugin.path", System.getProperty("kanal.test.plugin.file"));
        config.put("offset.storage.file.filename", dir.resolve("offsets").toString());
        config.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
        config.put("value.converter", "org.apache.kafka.connect.storage.StringConverter");
        config.putAll(extra);
        return config;
    }

    /** Starts a worker with these settings and a REST server listening on a free local port. */
    static RestWorker start(Map<String, String> workerConfig) {
        return start(workerConfig, Map.of());
    }

    /** As {@link #start(Map)}, with these REST settings added to the listener's. */
    static RestWorker start(Map<String, String> workerConfig, Map<String, String> restConfig) {
        Map<String, String> restSettings = new HashMap<>(restConfig);
        restSettings.put("listeners", "http://127.0.0.1:0");
        StandaloneWorker worker = StandaloneWorker.create(workerConfig);
        RestServer rest = null;
        try {
            worker.start();
            rest = new RestServer(restSettings, ApiServices.of(worker));
            rest.start();
            return new RestWorker(worker, rest);
        } catch (RuntimeException | Error e) {
            // Nothing is left running when the start fails half-way; the test class sees the failure.
            if (rest != null) {
                rest.stop();
            }
            worker.stop();
            throw e;
        }
    }

    /** The running worker. */
    StandaloneWorker worker() {
        return worker;
    }

    /** The REST server's base URI. */
    URI uri() {
        return rest.uri();
    }

    /** HTTP calls against the REST server. */
    RestCalls calls() {
        return new RestCalls(rest.uri());
    }

    /** Closes the fixture if it was started: for an {@code @AfterAll} that runs after a failed start too. */
    static void stop(RestWorker fixture) {
        if (fixture != null) {
            fixture.close();
        }
    }

    /** Stops the REST server, then the worker. */
    @Override
    public void close() {
        try {
            rest.stop();
        } finally {
            worker.stop();
        }
    }
}
