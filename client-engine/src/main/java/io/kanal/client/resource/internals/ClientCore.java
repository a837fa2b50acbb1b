package io.kanal.client.resource.internals;

import com.codahale.metrics.MetricRegistry;
import io.kanal.client.Endpoint;
import io.kanal.client.cluster.internals.ClusterMetadata;
import io.kanal.client.cluster.internals.MetadataConfig;
import io.kanal.client.cluster.internals.MetadataSource;
import io.kanal.client.common.Time;
import io.kanal.client.common.internals.SerialLoop;
import io.kanal.client.config.CommonClientConfigs;
import io.kanal.client.network.NetworkClient;
import io.kanal.client.network.NetworkConfig;
import io.kanal.client.network.NetworkMetrics;
import io.kanal.client.network.SecurityProtocol;
import io.kanal.client.network.TlsContexts;
import io.kanal.client.resource.ClientResources;
import io.kanal.config.ParsedConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongUnaryOperator;

/**
 * What one Kanal client is built on: its id, metrics registry, network client and metadata view, on resources it
 * borrowed or, for a client created on its own, on private ones. The client that creates a core closes it; closing
 * releases the private resources, never borrowed ones.
 *
 * <p>Thread-safe.
 */
public final class ClientCore implements AutoCloseable {
    private static final AtomicInteger CLIENT_SEQUENCE = new AtomicInteger();

    private final String clientId;
    private final ParsedConfig config;
    private final MetricRegistry metrics;
    private final NetworkClient network;
    private final ClusterMetadata metadata;
    private final MetadataSource privateSource;
    private final DefaultClientResources resources;
    private final boolean ownsResources;
    private final Time time;
    private volatile Runnable abort;

    private ClientCore(
            String clientId,
            ParsedConfig config,
            MetricRegistry metrics,
            NetworkClient network,
            ClusterMetadata metadata,
            MetadataSource privateSource,
            DefaultClientResources resources,
            boolean ownsResources,
            Time time) {
        this.clientId = clientId;
        this.config = config;
        this.metrics = metrics;
        this.network = network;
        this.metadata = metadata;
        this.privateSource = privateSource;
        this.resources = resources;
        this.ownsResources = ownsResources;
        this.time = time;
    }

    /**
     * Builds a core on private resources from settings that include {@link CommonClientConfigs#SPEC}.
     *
     * @param config the parsed settings
     * @param kind "producer", "consumer" or "admin", used in generated client ids
     * @param maxInFlightPerConnection the in-flight limit per connection
     * @param time the clock
     * @return the core, its network client registered with its own I/O loop
     */
    public static ClientCore create(ParsedConfig config, String kind, int maxInFlightPerConnection, Time time) {
        return create(config, kind, maxInFlightPerConnection, time, null);
    }

    /**
     * Builds the core from settings that include {@link CommonClientConfigs#SPEC}.
     *
     * @param config the parsed settings
     * @param kind "producer", "consumer" or "admin", used in generated client ids
     * @param maxInFlightPerConnection the in-flight limit per connection
     * @param time the clock
     * @param shared resources to borrow, or null for private ones owned by this core
     * @return the core, its network client registered with an I/O loop
     */
    public static ClientCore create(
            ParsedConfig config, String kind, int maxInFlightPerConnection, Time time, ClientResources shared) {
        String clientId = config.get(CommonClientConfigs.CLIENT_ID);
        if (clientId.isEmpty()) {
            clientId = "kanal-" + kind + "-" + CLIENT_SEQUENCE.incrementAndGet();
        }
        SecurityProtocol protocol = SecurityProtocol.of(config);
        NetworkConfig networkConfig = new NetworkConfig(
                        clientId,
                        config.get(CommonClientConfigs.REQUEST_TIMEOUT_MS),
                        config.get(CommonClientConfigs.CONNECTION_SETUP_TIMEOUT_MS),
                        config.get(CommonClientConfigs.RECONNECT_BACKOFF_MS),
                        Math.max(
                                config.get(CommonClientConfigs.RECONNECT_BACKOFF_MS),
                                config.get(CommonClientConfigs.RECONNECT_BACKOFF_MAX_MS)),
                        config.get(CommonClientConfigs.CONNECTIONS_MAX_IDLE_MS),
                        maxInFlightPerConnection,
                        256 * 1024 * 1024,
                        config.get(CommonClientConfigs.SEND_BUFFER_BYTES),
                        config.get(CommonClientConfigs.RECEIVE_BUFFER_BYTES),
                        4096)
                .withSasl(SecuritySettings.sasl(config, protocol))
                .withSecurity(TlsContexts.from(config, protocol));
        MetadataConfig metadataConfig = new MetadataConfig(
                config.get(CommonClientConfigs.METADATA_MAX_AGE_MS),
                config.get(CommonClientConfigs.RETRY_BACKOFF_MS),
                Math.max(
                        config.get(CommonClientConfigs.RETRY_BACKOFF_MS),
                        config.get(CommonClientConfigs.RETRY_BACKOFF_MAX_MS)));
        List<String> servers = config.get(CommonClientConfigs.BOOTSTRAP_SERVERS);
        // A producer alone runs its callbacks on its loop thread, as its sender thread did; an admin client's results
        // and a group member's protocol code get a thread of their own, so that they cannot hold up the client.
        DefaultClientResources resources = shared != null
                ? DefaultClientResources.of(shared)
                : DefaultClientResources.privateFor(clientId, time, !kind.equals("producer"));
        MetricRegistry registry = new MetricRegistry();
        NetworkClient network =
                new NetworkClient(networkConfig, new NetworkMetrics(registry), time, resources.nextIoLoop());
        if (shared != null) {
            try {
                ClusterMetadata view =
                        resources.sharedMetadata(servers, securitySettings(config), metadataConfig, networkConfig);
                return new ClientCore(clientId, config, registry, network, view, null, resources, false, time);
            } catch (RuntimeException e) {
                network.close();
                throw e;
            }
        }
        // Alone, the client's metadata requests share its own GENERAL connections, as they always did.
        MetadataSource source =
                new MetadataSource(network, clientId, endpoints(servers), metadataConfig, resources.loopPool(), time);
        return new ClientCore(clientId, config, registry, network, source.newView(), source, resources, true, time);
    }

    /**
     * The settings that decide who a client is to the brokers: {@code security.protocol} and every {@code sasl.*} and
     * {@code ssl.*} key as given. Clients share metadata only when these are equal.
     *
     * @param config the parsed settings
     * @return the settings, secrets included: never log them
     */
    static Map<String, String> securitySettings(ParsedConfig config) {
        Map<String, String> security = new TreeMap<>();
        config.originals().forEach((k, v) -> {
            if (v != null && (k.equals("security.protocol") || k.startsWith("sasl.") || k.startsWith("ssl."))) {
                security.put(k, v);
            }
        });
        return security;
    }

    /**
     * Parses {@code bootstrap.servers} into endpoints with negative placeholder node ids.
     *
     * @param servers host:port strings
     * @return the endpoints
     */
    static List<Endpoint> endpoints(List<String> servers) {
        List<Endpoint> bootstrap = new ArrayList<>();
        int id = -1;
        for (String server : servers) {
            bootstrap.add(Endpoint.parse(id--, server));
        }
        return bootstrap;
    }

    /**
     * The client id, generated when the settings left it empty.
     *
     * @return the id
     */
    public String clientId() {
        return clientId;
    }

    /**
     * The parsed settings.
     *
     * @return the settings
     */
    public ParsedConfig config() {
        return config;
    }

    /**
     * The client's metrics registry.
     *
     * @return the registry
     */
    public MetricRegistry metrics() {
        return metrics;
    }

    /**
     * The network client.
     *
     * @return the network client
     */
    public NetworkClient network() {
        return network;
    }

    /**
     * This client's view of the cluster metadata.
     *
     * @return the metadata
     */
    public ClusterMetadata metadata() {
        return metadata;
    }

    /**
     * The clock.
     *
     * @return the clock
     */
    public Time time() {
        return time;
    }

    /**
     * The pool for short timed tasks (retries, deadlines); tasks must not block.
     *
     * @return the shared scheduler
     */
    public ScheduledExecutorService scheduler() {
        return resources.loopPool();
    }

    /**
     * The executor for user callbacks: the shared callback threads, or for a client alone, its loop thread.
     *
     * @return the executor
     */
    public Executor callbacks() {
        return resources.callbacks();
    }

    /**
     * Registers what to do if the shared resources close while this client is open (fail its work instead of leaving
     * it waiting for threads that are gone). Does nothing on private resources, which only this client closes.
     *
     * @param abort the client's abort action; must not block
     */
    public void onResourcesClosed(Runnable abort) {
        if (!ownsResources) {
            resources.clientOpened(abort);
            this.abort = abort;
        }
    }

    /**
     * A background loop for this client on the shared loop pool.
     *
     * @param role what the loop does, e.g. "sender", for logs
     * @param step the step function (see {@link SerialLoop})
     * @return the loop, not yet woken
     */
    public SerialLoop newLoop(String role, LongUnaryOperator step) {
        return new SerialLoop(clientId + "-" + role, resources.loopPool(), time, step);
    }

    /**
     * Closes the metadata view and the network client, letting requests in progress finish within the timeout, then
     * the private resources if this core owns them.
     *
     * @param timeout how long requests in progress may take
     */
    public void close(Duration timeout) {
        Runnable registered = abort;
        if (registered != null) {
            resources.clientClosed(registered);
        }
        metadata.close();
        if (privateSource != null) {
            privateSource.close();
        }
        network.close(timeout);
        if (ownsResources) {
            resources.close();
        }
    }

    @Override
    public void close() {
        close(Duration.ZERO);
    }
}
