package io.kanal.rest;

import io.kanal.config.ConfigValidationResult;
import io.kanal.runtime.api.ClusterRouting;
import io.kanal.runtime.api.SessionKey;
import io.kanal.runtime.herder.HerderEvent;
import io.kanal.runtime.herder.HerderReply;
import io.kanal.runtime.herder.HerderView;
import io.kanal.runtime.herder.Status;
import io.kanal.runtime.herder.StatusState;
import io.kanal.runtime.herder.TargetState;
import io.kanal.runtime.isolation.PluginPath;
import io.kanal.runtime.isolation.PluginRegistry;
import io.kanal.runtime.worker.ConnectorValidator;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;

/**
 * One worker of a fake cluster for the forwarding tests: its place in the cluster is whatever the test sets ({@link
 * Routing}), its herder records each request and answers creates, task configs and deletes as a healthy herder
 * would, its view holds the connectors the test names, and every config is valid. Thread-safe: request threads call
 * it while the test thread reads what it recorded.
 */
final class ClusterWorker extends StubWorker {

    final Routing routing = new Routing();
    final List<HerderEvent.Request> requests = new CopyOnWriteArrayList<>();
    private final AtomicLong ids = new AtomicLong();
    private final PluginRegistry registry;
    private final List<String> connectors;
    private final boolean silent;

    private ClusterWorker(PluginRegistry registry, List<String> connectors, boolean silent) {
        super(new CompletableFuture<>());
        this.registry = registry;
        this.connectors = List.copyOf(connectors);
        this.silent = silent;
    }

    /** A worker whose view holds these connectors, all running. */
    static ClusterWorker withConnectors(PluginRegistry registry, String... connectors) {
        return new ClusterWorker(registry, List.of(connectors), false);
    }

    /** A worker whose herder never answers. */
    static ClusterWorker stuck(PluginRegistry registry) {
        return new ClusterWorker(registry, List.of(), true);
    }

    /** A registry without plugins: configs of unknown classes are redacted fail-closed, types are "unknown". */
    static PluginRegistry emptyRegistry() {
        return PluginRegistry.load(PluginPath.parse(""), PluginRegistry.Builtins.NONE);
    }

    @Override
    public CompletableFuture<HerderReply> request(LongFunction<? extends HerderEvent.Request> request) {
        HerderEvent.Request event = request.apply(ids.incrementAndGet());
        requests.add(event);
        if (silent) {
            return new CompletableFuture<>();
        }
        HerderReply reply;
        if (event instanceof HerderEvent.PutConnectorConfig put) {
            reply = new HerderReply.ConnectorWritten(
                    true, new HerderView.ConnectorInfo(put.name(), put.config(), List.of()));
        } else {
            reply = new HerderReply.Done();
        }
        return CompletableFuture.completedFuture(reply);
    }

    @Override
    public HerderView view() {
        TreeMap<String, HerderView.ConnectorView> view = new TreeMap<>();
        for (String name : connectors) {
            view.put(
                    name,
                    new HerderView.ConnectorView(
                            name,
                            Map.of("connector.class", "Unknown"),
                            TargetState.RUNNING,
                            Status.of(StatusState.RUNNING, "w"),
                            List.of()));
        }
        return new HerderView(1, "w", false, view);
    }

    @Override
    public PluginRegistry registry() {
        return registry;
    }

    @Override
    public ConnectorValidator.Outcome validate(String name, Map<String, String> config, Duration timeout) {
        return new ConnectorValidator.Outcome(
                Optional.of(new ConfigValidationResult(List.of(), Set.of())), Optional.empty());
    }

    @Override
    public ClusterRouting routing() {
        return routing;
    }

    /** The worker's place in the cluster, set by the test; read by request threads. */
    static final class Routing implements ClusterRouting {
        volatile boolean leader = true;
        volatile String leaderUrl;
        volatile boolean rebalancing;
        volatile boolean signing;
        volatile SessionKey key;

        @Override
        public boolean isLeader() {
            return leader;
        }

        @Override
        public Optional<String> leaderUrl() {
            return Optional.ofNullable(leaderUrl);
        }

        @Override
        public boolean rebalancing() {
            return rebalancing;
        }

        @Override
        public Optional<SessionKey> sessionKey() {
            return Optional.ofNullable(key);
        }

        @Override
        public boolean requestSigningRequired() {
            return signing;
        }

        @Override
        public boolean runsConnector(String connector) {
            return leader;
        }

        @Override
        public boolean runsTask(String connector, int task) {
            return leader;
        }

        @Override
        public Optional<String> connectorOwnerUrl(String connector) {
            return Optional.empty();
        }

        @Override
        public Optional<String> taskOwnerUrl(String connector, int task) {
            return Optional.empty();
        }
    }
}
