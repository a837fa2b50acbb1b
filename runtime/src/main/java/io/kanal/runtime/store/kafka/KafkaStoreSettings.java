package io.kanal.runtime.store.kafka;

import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * What the three Kafka-backed stores of distributed mode need from the worker config, read as Kafka Connect's {@code
 * DistributedConfig} reads it: the cluster, the group, the three internal topics with their partition counts and
 * replication factors, and the client settings the stores' own producers, consumers and admin clients get.
 *
 * <p>Internal clients get the worker's top-level connection and security settings ({@code security.*}, {@code
 * ssl.*}, {@code sasl.*} and the common network keys), as Connect's do; never the {@code producer.}, {@code
 * consumer.} or {@code admin.} prefixed ones, which are for connectors' clients.
 *
 * @param bootstrapServers {@code bootstrap.servers}
 * @param groupId {@code group.id}
 * @param configTopic {@code config.storage.topic}; always one partition
 * @param offsetTopic {@code offset.storage.topic}
 * @param statusTopic {@code status.storage.topic}
 * @param clientProperties settings every internal client gets, {@code bootstrap.servers} included
 * @param timeout how long a store waits for a write's acknowledgement or a read to the end (Connect: 30 s)
 */
public record KafkaStoreSettings(
        String bootstrapServers,
        String groupId,
        TopicSettings configTopic,
        TopicSettings offsetTopic,
        TopicSettings statusTopic,
        Map<String, Object> clientProperties,
        Duration timeout) {

    /** {@code config.storage.topic}. */
    public static final String CONFIG_TOPIC = "config.storage.topic";
    /** {@code offset.storage.topic}. */
    public static final String OFFSET_TOPIC = "offset.storage.topic";
    /** {@code status.storage.topic}. */
    public static final String STATUS_TOPIC = "status.storage.topic";
    /** Connect's default for {@code offset.storage.partitions}. */
    public static final int DEFAULT_OFFSET_PARTITIONS = 25;
    /** Connect's default for {@code status.storage.partitions}. */
    public static final int DEFAULT_STATUS_PARTITIONS = 5;
    /** Connect's default for every {@code *.storage.replication.factor}. */
    public static final short DEFAULT_REPLICATION_FACTOR = 3;
    /** Connect's {@code READ_WRITE_TOTAL_TIMEOUT_MS}. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    /** Worker keys that are passed to the internal clients unchanged, besides the security prefixes. */
    private static final List<String> CLIENT_KEYS = List.of(
            "client.dns.lookup",
            "request.timeout.ms",
            "default.api.timeout.ms",
            "retry.backoff.ms",
            "retry.backoff.max.ms",
            "reconnect.backoff.ms",
            "reconnect.backoff.max.ms",
            "socket.connection.setup.timeout.ms",
            "socket.connection.setup.timeout.max.ms",
            "connections.max.idle.ms",
            "metadata.max.age.ms",
            "send.buffer.bytes",
            "receive.buffer.bytes");

    private static final List<String> CLIENT_PREFIXES = List.of("security.", "ssl.", "sasl.");

    /**
     * One internal topic.
     *
     * @param name the topic's name
     * @param partitions its partition count when Kanal creates it; -1 for the broker's default
     * @param replicationFactor its replication factor when Kanal creates it; -1 for the broker's default
     */
    public record TopicSettings(String name, int partitions, short replicationFactor) {
        /**
         * Checks the settings.
         *
         * @param name the topic
         * @param partitions the partition count
         * @param replicationFactor the replication factor
         */
        public TopicSettings {
            Objects.requireNonNull(name, "name");
            if (partitions == 0 || partitions < -1) {
                throw new IllegalArgumentException("partitions must be positive or -1: " + partitions);
            }
            if (replicationFactor == 0 || replicationFactor < -1) {
                throw new IllegalArgumentException("replication factor must be positive or -1: " + replicationFactor);
            }
        }
    }

    /**
     * Checks the settings and copies the client properties.
     *
     * @param bootstrapServers the cluster
     * @param groupId the group
     * @param configTopic the config topic
     * @param offsetTopic the offsets topic
     * @param statusTopic the status topic
     * @param clientProperties the internal clients' settings
     * @param timeout the store timeout
     */
    public KafkaStoreSettings {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        Objects.requireNonNull(groupId, "groupId");
        Objects.requireNonNull(configTopic, "configTopic");
        Objects.requireNonNull(offsetTopic, "offsetTopic");
        Objects.requireNonNull(statusTopic, "statusTopic");
        clientProperties = Map.copyOf(clientProperties);
        Objects.requireNonNull(timeout, "timeout");
    }

    /**
     * Reads the settings from a worker config.
     *
     * @param workerConfig the worker's configuration
     * @return the settings
     * @throws KafkaStoreConfigException naming the first key that is missing or invalid
     */
    public static KafkaStoreSettings from(Map<String, String> workerConfig) {
        String bootstrap = workerConfig.getOrDefault("bootstrap.servers", "localhost:9092");
        String groupId = required(workerConfig, "group.id");
        TopicSettings config = new TopicSettings(
                required(workerConfig, CONFIG_TOPIC), 1, replicationFactor(workerConfig, "config.storage"));
        TopicSettings offsets = new TopicSettings(
                required(workerConfig, OFFSET_TOPIC),
                partitions(workerConfig, "offset.storage", DEFAULT_OFFSET_PARTITIONS),
                replicationFactor(workerConfig, "offset.storage"));
        TopicSettings status = new TopicSettings(
                required(workerConfig, STATUS_TOPIC),
                partitions(workerConfig, "status.storage", DEFAULT_STATUS_PARTITIONS),
                replicationFactor(workerConfig, "status.storage"));
        Map<String, Object> client = new LinkedHashMap<>();
        client.put("bootstrap.servers", bootstrap);
        workerConfig.forEach((k, v) -> {
            if (CLIENT_KEYS.contains(k) || CLIENT_PREFIXES.stream().anyMatch(k::startsWith)) {
                client.put(k, v);
            }
        });
        return new KafkaStoreSettings(bootstrap, groupId, config, offsets, status, client, DEFAULT_TIMEOUT);
    }

    /**
     * These settings with another store timeout.
     *
     * @param newTimeout the timeout
     * @return the settings
     */
    public KafkaStoreSettings withTimeout(Duration newTimeout) {
        return new KafkaStoreSettings(
                bootstrapServers, groupId, configTopic, offsetTopic, statusTopic, clientProperties, newTimeout);
    }

    /**
     * The settings of a connector-specific offsets store (KIP-618): this worker's offsets topic partition count,
     * replication factor and timeout, another topic name, and, when the topic is on another cluster than the worker's,
     * that cluster's bootstrap servers with the internal-client keys of the given client settings (the connector's
     * producer settings, whose {@code producer.*} and {@code producer.override.*} keys reach that cluster).
     *
     * @param topic the connector's offsets topic
     * @param clusterSettings client settings for the topic's cluster, {@code bootstrap.servers} included
     * @return the settings; only their offsets topic is meant to be used (clients named {@code <group>-<topic>-offsets})
     */
    public KafkaStoreSettings forConnectorOffsets(String topic, Map<String, ?> clusterSettings) {
        String bootstrap = String.valueOf(clusterSettings.get("bootstrap.servers"));
        Map<String, Object> client;
        if (sameServers(bootstrap, bootstrapServers)) {
            client = clientProperties;
        } else {
            client = new LinkedHashMap<>();
            client.put("bootstrap.servers", bootstrap);
            clusterSettings.forEach((k, v) -> {
                if (v != null
                        && (CLIENT_KEYS.contains(k) || CLIENT_PREFIXES.stream().anyMatch(k::startsWith))) {
                    client.put(k, v);
                }
            });
        }
        TopicSettings offsets = new TopicSettings(topic, offsetTopic.partitions(), offsetTopic.replicationFactor());
        // the group id only names the store's clients: its own, so that they are told apart from the worker store's
        return new KafkaStoreSettings(
                bootstrap, groupId + "-" + topic, configTopic, offsets, statusTopic, client, timeout);
    }

    private static boolean sameServers(String a, String b) {
        return Arrays.stream(a.split(","))
                .map(String::trim)
                .filter(x -> !x.isEmpty())
                .sorted()
                .toList()
                .equals(Arrays.stream(b.split(","))
                        .map(String::trim)
                        .filter(x -> !x.isEmpty())
                        .sorted()
                        .toList());
    }

    /**
     * The settings with the client properties' key names only: their values include {@code sasl.jaas.config} and
     * the {@code ssl.*} passwords, which must not reach a log or an exception message.
     *
     * @return the settings, without any client property value
     */
    @Override
    public String toString() {
        return "KafkaStoreSettings[bootstrapServers=" + bootstrapServers + ", groupId=" + groupId + ", configTopic="
                + configTopic + ", offsetTopic=" + offsetTopic + ", statusTopic=" + statusTopic
                + ", clientProperties=" + new TreeSet<>(clientProperties.keySet()) + ", timeout=" + timeout + "]";
    }

    private static String required(Map<String, String> config, String key) {
        String value = config.get(key);
        if (value == null || value.isBlank()) {
            throw new KafkaStoreConfigException(
                    key, "Missing required configuration \"" + key + "\" which has no default value.");
        }
        return value.trim();
    }

    private static int partitions(Map<String, String> config, String prefix, int defaultValue) {
        String key = prefix + ".partitions";
        int value = integer(config, key, defaultValue);
        if (value == 0 || value < -1) {
            throw new KafkaStoreConfigException(
                    key,
                    "Invalid value for configuration " + key
                            + ": Number of partitions must be positive, or -1 to use the broker's default");
        }
        return value;
    }

    private static short replicationFactor(Map<String, String> config, String prefix) {
        String key = prefix + ".replication.factor";
        int value = integer(config, key, DEFAULT_REPLICATION_FACTOR);
        if (value == 0 || value < -1 || value > Short.MAX_VALUE) {
            throw new KafkaStoreConfigException(
                    key,
                    "Invalid value for configuration " + key
                            + ": Replication factor must be positive and not larger than the number of brokers in"
                            + " the Kafka cluster, or -1 to use the broker's default");
        }
        return (short) value;
    }

    private static int integer(Map<String, String> config, String key, int defaultValue) {
        String value = config.get(key);
        if (value == null || value.isBlank()) {
            return defaultValue;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new KafkaStoreConfigException(
                    key, "Invalid value for configuration " + key + ": Not a number of type INT");
        }
    }
}
