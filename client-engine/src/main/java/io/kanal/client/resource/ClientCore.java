package io.kanal.client.resource;

import com.codahale.metrics.MetricRegistry;
import io.kanal.client.cluster.ClusterMetadata;
import io.kanal.client.cluster.MetadataConfig;
import io.kanal.client.common.Time;
import io.kanal.client.config.CommonClientConfigs;
import io.kanal.client.network.Endpoint;
import io.kanal.client.network.NetworkClient;
import io.kanal.client.network.NetworkConfig;
import io.kanal.client.network.NetworkMetrics;
import io.kanal.config.ParsedConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What every Kanal client is built on: its id, metrics registry, network client and cluster metadata, assembled from
 * the common settings. The client that creates a core owns it and closes it.
 */
public final class ClientCore implements AutoCloseable {
    private static final AtomicInteger CLIENT_SEQUENCE = new AtomicInteger();

    private final String clientId;
    private final ParsedConfig config;
    private final MetricRegistry metrics;
    private final NetworkClient network;
    private final ClusterMetadata metadata;
    private final Time time;

    private ClientCore(
            String clientId,
            ParsedConfig config,
            MetricRegistry metrics,
            NetworkClient network,
            ClusterMetadata metadata,
            Time time) {
        this.clientId = clientId;
        this.config = config;
        this.metrics = metrics;
        this.network = network;
        this.metadata = metadata;
        this.time = time;
    }

    /**
     * Builds the core from settings that include {@link CommonClientConfigs#SPEC}.
     *
     * @param config the parsed settings
     * @param kind "producer", "consumer" or "admin", used in generated client ids
     * @param maxInFlightPerConnection the in-flight limit per connection
     * @param time the clock
     * @return the core, its I/O thread started
     */
    public static ClientCore create(ParsedConfig config, String kind, int maxInFlightPerConnection, Time time) {
        String clientId = config.get(CommonClientConfigs.CLIENT_ID);
        if (clientId.isEmpty()) {
            clientId = "kanal-" + kind + "-" + CLIENT_SEQUENCE.incrementAndGet();
        }
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
                4096);
        MetricRegistry registry = new MetricRegistry();
        NetworkClient network = new NetworkClient(networkConfig, new NetworkMetrics(registry), time);
        List<Endpoint> bootstrap = new ArrayList<>();
        int id = -1;
        for (String server : config.get(CommonClientConfigs.BOOTSTRAP_SERVERS)) {
            bootstrap.add(Endpoint.parse(id--, server));
        }
        MetadataConfig metadataConfig = new MetadataConfig(
                config.get(CommonClientConfigs.METADATA_MAX_AGE_MS),
                config.get(CommonClientConfigs.RETRY_BACKOFF_MS),
                Math.max(
                        config.get(CommonClientConfigs.RETRY_BACKOFF_MS),
                        config.get(CommonClientConfigs.RETRY_BACKOFF_MAX_MS)));
        ClusterMetadata metadata = new ClusterMetadata(network, bootstrap, metadataConfig, time);
        return new ClientCore(clientId, config, registry, network, metadata, time);
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
     * The cluster metadata.
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
     * Stops metadata refreshes and closes the network client, letting requests in progress finish within the timeout.
     *
     * @param timeout how long requests in progress may take
     */
    public void close(Duration timeout) {
        metadata.close();
        network.close(timeout);
    }

    @Override
    public void close() {
        close(Duration.ZERO);
    }
}
