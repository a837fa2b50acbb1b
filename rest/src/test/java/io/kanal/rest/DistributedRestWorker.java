package io.kanal.rest;

import io.kanal.runtime.api.ApiServices;
import io.kanal.runtime.api.LoggerLevels;
import io.kanal.runtime.worker.DistributedWorker;
import io.kanal.testkit.KafkaCluster;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;

/**
 * One worker of an in-process distributed cluster on the test broker: a {@link DistributedWorker} with its REST server
 * on a fixed free port (a cluster forwards to advertised URLs, so the port is chosen before the worker joins). Not
 * thread-safe: one test drives it.
 */
final class DistributedRestWorker implements AutoCloseable {

    private final DistributedWorker worker;
    private final RestServer rest;
    private final URI url;
    private final ApiServices services;
    private boolean stopped;

    private DistributedRestWorker(DistributedWorker worker, RestServer rest, URI url, ApiServices services) {
        this.worker = worker;
        this.rest = rest;
        this.url = url;
        this.services = services;
    }

    /** The settings of a cluster's workers: group, topics (RF 1), file and datagen plugins, string converters. */
    static Map<String, String> config(KafkaCluster cluster, String group, Map<String, String> extra) {
        Map<String, String> config = new HashMap<>();
        config.put("bootstrap.servers", cluster.bootstrapServers());
        config.put("group.id", group);
        config.put("config.storage.topic", group + "-configs");
        config.put("offset.storage.topic", group + "-offsets");
        config.put("status.storage.topic", group + "-status");
        config.put("config.storage.replication.factor", "1");
        config.put("offset.storage.replication.factor", "1");
        config.put("status.storage.replication.factor", "1");
        config.put("offset.storage.partitions", "5");
        config.put("status.storage.partitions", "2");
        config.put(
                "plugin.path",
                System.getProperty("kanal.test.plugin.file") + "," + System.getProperty("kanal.test.plugin.datagen"));
        config.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
        config.put("value.converter", "org.apache.kafka.connect.storage.StringConverter");
        config.put("offset.flush.interval.ms", "500");
        config.putAll(extra);
        return config;
    }

    /** Starts a worker with these settings on a free port; it joins the group before this returns. */
    static DistributedRestWorker start(Map<String, String> base) {
        return start(base, LoggerLevels.NONE);
    }

    /** Starts a worker whose {@code /admin/loggers} drives these levels (each worker its own, in one JVM). */
    static DistributedRestWorker start(Map<String, String> base, LoggerLevels levels) {
        Map<String, String> config = new HashMap<>(base);
        config.put("listeners", "http://127.0.0.1:" + freePort());
        URI url = RestServer.plannedAdvertisedUri(config);
        DistributedWorker worker = DistributedWorker.create(config, url);
        ApiServices services = ApiServices.of(worker).withLoggerLevels(levels);
        RestServer rest = new RestServer(config, services);
        try {
            rest.start();
            worker.start();
        } catch (RuntimeException | Error e) {
            rest.stop();
            worker.stop();
            throw e;
        }
        return new DistributedRestWorker(worker, rest, url, services);
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free port", e);
        }
    }

    /** Waits until every worker has the same generation's assignment and knows the same leader. */
    static void awaitStable(java.util.List<DistributedRestWorker> workers) {
        org.awaitility.Awaitility.await()
                .atMost(java.time.Duration.ofSeconds(60))
                .until(() -> {
                    java.util.Set<Object> seen = new java.util.HashSet<>();
                    for (DistributedRestWorker w : workers) {
                        if (w.worker.routing().rebalancing()
                                || w.worker.routing().leaderUrl().isEmpty()) {
                            return false;
                        }
                        seen.add(java.util.List.of(
                                w.worker.generation(),
                                w.worker.routing().leaderUrl().get()));
                    }
                    return seen.size() == 1;
                });
    }

    DistributedWorker worker() {
        return worker;
    }

    ApiServices services() {
        return services;
    }

    URI url() {
        return url;
    }

    RestCalls calls() {
        return new RestCalls(url);
    }

    /** Stops REST, then the worker (which leaves the group cleanly). Idempotent. */
    @Override
    public void close() {
        if (!stopped) {
            stopped = true;
            rest.stop();
            worker.stop();
        }
    }
}
