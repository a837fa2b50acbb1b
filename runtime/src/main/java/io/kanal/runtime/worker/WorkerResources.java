package io.kanal.runtime.worker;

import io.kanal.client.admin.AdminClient;
import io.kanal.client.consumer.Consumer;
import io.kanal.client.producer.Producer;
import io.kanal.client.resource.ClientResources;
import io.kanal.client.serialization.ByteArrayDeserializer;
import io.kanal.client.serialization.ByteArraySerializer;
import io.kanal.runtime.invoke.Owner;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The Kafka clients of a worker: one shared {@link ClientResources} per Kafka cluster (keyed by the sorted bootstrap
 * servers) for every producer, consumer and admin client of every task, so that 200 tasks need a handful of I/O and
 * loop threads, not 600 (RUNTIME.md §2). Client settings come, in increasing precedence, from Kanal's defaults for
 * the role, the worker's {@code bootstrap.servers}, the worker's {@code producer.*} / {@code consumer.*} / {@code
 * admin.*} keys, the connector's {@code producer.override.*} / {@code consumer.override.*} / {@code admin.override.*}
 * keys (checked by the {@link ClientOverridePolicy}).
 *
 * <p>Role defaults: source producers are idempotent with {@code acks=all} (ordered and without duplicates from
 * retries) and block at most {@value #TASK_MAX_BLOCK_MS} ms per send; sink consumers join {@code connect-<name>}, never auto-commit, and start from the earliest offset, as
 * Connect's do. Client ids follow Connect's: {@code connector-producer-<name>-<task>}, {@code
 * connector-consumer-<name>-<task>}, {@code connector-adminclient-<name>-<task>}, {@code
 * connector-dlq-producer-<name>-<task>}.
 *
 * <p>Thread-safe: tasks on their own threads ask for clients; the map of resources is guarded by this object's
 * monitor. Closing closes the resources, after the caller closed its clients.
 */
public final class WorkerResources implements AutoCloseable {

    /** Kanal's default {@code max.block.ms} for task producers (Connect uses Long.MAX_VALUE). */
    public static final long TASK_MAX_BLOCK_MS = 1_000;

    private final String name;
    private final Map<String, String> workerConfig;
    private final ClientOverridePolicy policy;
    private final Map<String, ClientResources> resources = new HashMap<>();
    private boolean closed;

    /**
     * Creates the worker's client factory.
     *
     * @param name the worker's name, in thread names
     * @param workerConfig the worker's configuration
     */
    public WorkerResources(String name, Map<String, String> workerConfig) {
        this.name = name;
        this.workerConfig = Map.copyOf(workerConfig);
        this.policy = ClientOverridePolicy.fromWorkerConfig(workerConfig);
    }

    /**
     * The shared resources of the cluster these bootstrap servers belong to, created on first use.
     *
     * @param bootstrapServers a comma-separated list
     * @return the resources; owned by this object
     */
    public synchronized ClientResources resourcesFor(String bootstrapServers) {
        if (closed) {
            throw new IllegalStateException("worker resources are closed");
        }
        String key = clusterKey(bootstrapServers);
        return resources.computeIfAbsent(key, k -> ClientResources.builder()
                .name(name + "-" + resources.size())
                .build());
    }

    /**
     * How many clusters have resources.
     *
     * @return the count
     */
    public synchronized int clusters() {
        return resources.size();
    }

    static String clusterKey(String bootstrapServers) {
        return Arrays.stream(bootstrapServers.split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .sorted()
                .collect(Collectors.joining(","));
    }

    /**
     * The settings of a source task's producer.
     *
     * @param owner the task
     * @param connectorConfig the connector's configuration
     * @return the settings
     * @throws io.kanal.config.ConfigValidationException when an override is not allowed
     */
    public Map<String, Object> producerSettings(Owner owner, Map<String, String> connectorConfig) {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("enable.idempotence", "true");
        settings.put("acks", "all");
        // A full buffer (or a topic whose metadata is late) blocks send() at most this long; the source pipeline then
        // waits and sends again until the task stops, so that back-pressure never makes a task deaf to its stop.
        settings.put("max.block.ms", String.valueOf(TASK_MAX_BLOCK_MS));
        settings.put("client.id", "connector-producer-" + owner.connector() + "-" + owner.task());
        return merge(settings, "producer.", connectorConfig);
    }

    /**
     * The settings of a sink task's consumer.
     *
     * @param owner the task
     * @param connectorConfig the connector's configuration
     * @return the settings
     */
    public Map<String, Object> consumerSettings(Owner owner, Map<String, String> connectorConfig) {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("enable.auto.commit", "false");
        settings.put("auto.offset.reset", "earliest");
        settings.put("client.id", "connector-consumer-" + owner.connector() + "-" + owner.task());
        settings.put("group.id", sinkGroup(owner.connector()));
        // As Connect: an allowed consumer.override.group.id wins over connect-<name>.
        return merge(settings, "consumer.", connectorConfig);
    }

    /**
     * The settings of a task's admin client.
     *
     * @param owner the task
     * @param connectorConfig the connector's configuration
     * @return the settings
     */
    public Map<String, Object> adminSettings(Owner owner, Map<String, String> connectorConfig) {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("client.id", "connector-adminclient-" + owner.connector() + "-" + owner.task());
        return merge(settings, "admin.", connectorConfig);
    }

    /**
     * The sink consumer group of a connector, as Connect names it.
     *
     * @param connector the connector's name
     * @return {@code connect-<name>}
     */
    public static String sinkGroup(String connector) {
        return "connect-" + connector;
    }

    /**
     * Creates a source task's producer.
     *
     * @param owner the task
     * @param connectorConfig the connector's configuration
     * @return the producer, on the cluster's shared resources
     */
    public Producer<byte[], byte[]> producer(Owner owner, Map<String, String> connectorConfig) {
        return producer(producerSettings(owner, connectorConfig));
    }

    /**
     * Creates an exactly-once source task's producer: the task producer's settings and overrides, with the task's
     * {@code transactional.id} (KIP-618; idempotence stays on, as transactions require).
     *
     * @param owner the task
     * @param connectorConfig the connector's configuration
     * @param transactionalId the task's transactional id
     * @return the producer, not initialised for transactions yet
     */
    public Producer<byte[], byte[]> transactionalProducer(
            Owner owner, Map<String, String> connectorConfig, String transactionalId) {
        Map<String, Object> settings = producerSettings(owner, connectorConfig);
        settings.put("enable.idempotence", "true");
        settings.put("transactional.id", transactionalId);
        return producer(settings);
    }

    /**
     * Creates a dead letter queue producer (the producer settings and overrides, its own client id).
     *
     * @param owner the task
     * @param connectorConfig the connector's configuration
     * @return the producer
     */
    public Producer<byte[], byte[]> deadLetterProducer(Owner owner, Map<String, String> connectorConfig) {
        Map<String, Object> settings = producerSettings(owner, connectorConfig);
        settings.put("client.id", "connector-dlq-producer-" + owner.connector() + "-" + owner.task());
        return producer(settings);
    }

    private Producer<byte[], byte[]> producer(Map<String, Object> settings) {
        return Producer.create(
                settings,
                new ByteArraySerializer(),
                new ByteArraySerializer(),
                resourcesFor(String.valueOf(settings.get("bootstrap.servers"))));
    }

    /**
     * Creates a sink task's consumer.
     *
     * @param owner the task
     * @param connectorConfig the connector's configuration
     * @return the consumer, on the cluster's shared resources
     */
    public Consumer<byte[], byte[]> consumer(Owner owner, Map<String, String> connectorConfig) {
        Map<String, Object> settings = consumerSettings(owner, connectorConfig);
        return Consumer.create(
                settings,
                new ByteArrayDeserializer(),
                new ByteArrayDeserializer(),
                resourcesFor(String.valueOf(settings.get("bootstrap.servers"))));
    }

    /**
     * Creates a task's admin client.
     *
     * @param owner the task
     * @param connectorConfig the connector's configuration
     * @return the admin client, on the cluster's shared resources
     */
    public AdminClient admin(Owner owner, Map<String, String> connectorConfig) {
        Map<String, Object> settings = adminSettings(owner, connectorConfig);
        return AdminClient.create(settings, resourcesFor(String.valueOf(settings.get("bootstrap.servers"))));
    }

    /** Defaults, then worker bootstrap and {@code <role>*} keys, then the connector's allowed overrides. */
    private Map<String, Object> merge(Map<String, Object> defaults, String role, Map<String, String> connectorConfig) {
        Map<String, Object> settings = new LinkedHashMap<>(defaults);
        String bootstrap = workerConfig.getOrDefault("bootstrap.servers", "localhost:9092");
        settings.put("bootstrap.servers", bootstrap);
        workerConfig.forEach((k, v) -> {
            if (k.startsWith(role)) {
                settings.put(k.substring(role.length()), v);
            }
        });
        String overridePrefix = role + "override.";
        Map<String, String> overrides = new LinkedHashMap<>();
        connectorConfig.forEach((k, v) -> {
            if (k.startsWith(overridePrefix)) {
                overrides.put(k.substring(overridePrefix.length()), v);
            }
        });
        policy.check(overridePrefix, overrides);
        settings.putAll(overrides);
        return settings;
    }

    /** Closes every cluster's resources. Idempotent. */
    @Override
    public synchronized void close() {
        closed = true;
        for (ClientResources r : resources.values()) {
            r.close();
        }
        resources.clear();
    }
}
