package io.kanal.testkit.worker;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the workers of one Connect cluster share: the broker, the group and the three internal topics, in Kafka
 * Connect's distributed worker keys, plus any other worker key a test sets. Apache's and Kanal's workers built from
 * the same settings join the same group on the same topics.
 *
 * @param bootstrapServers {@code bootstrap.servers}
 * @param groupId {@code group.id}
 * @param configTopic {@code config.storage.topic}
 * @param offsetTopic {@code offset.storage.topic}
 * @param statusTopic {@code status.storage.topic}
 * @param overrides any further worker keys; they win over the kit's defaults
 */
public record DistributedSettings(
        String bootstrapServers,
        String groupId,
        String configTopic,
        String offsetTopic,
        String statusTopic,
        Map<String, String> overrides) {

    /**
     * Copies the overrides.
     *
     * @param bootstrapServers {@code bootstrap.servers}
     * @param groupId {@code group.id}
     * @param configTopic {@code config.storage.topic}
     * @param offsetTopic {@code offset.storage.topic}
     * @param statusTopic {@code status.storage.topic}
     * @param overrides any further worker keys
     */
    public DistributedSettings {
        overrides = Map.copyOf(overrides);
    }

    /**
     * A cluster whose topics are named after its group: {@code <group>-configs}, {@code <group>-offsets}, {@code
     * <group>-status}.
     *
     * @param bootstrapServers {@code bootstrap.servers}
     * @param groupId {@code group.id}
     * @return the settings
     */
    public static DistributedSettings of(String bootstrapServers, String groupId) {
        return new DistributedSettings(
                bootstrapServers, groupId, groupId + "-configs", groupId + "-offsets", groupId + "-status", Map.of());
    }

    /**
     * These settings with one more worker key.
     *
     * @param key the worker key
     * @param value its value
     * @return new settings
     */
    public DistributedSettings with(String key, String value) {
        Map<String, String> more = new LinkedHashMap<>(overrides);
        more.put(key, value);
        return new DistributedSettings(bootstrapServers, groupId, configTopic, offsetTopic, statusTopic, more);
    }

    /**
     * The worker properties of one worker: Connect's distributed keys for these settings, a REST listener on {@code
     * 127.0.0.1:<port>} advertised as such, {@code StringConverter} for keys and values, replication factor 1 for the
     * internal topics (the testkit's broker may be a single node), offsets flushed every second, then the overrides.
     *
     * @param restPort the worker's REST port
     * @return the properties, in a stable order
     */
    Map<String, String> workerProperties(int restPort) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("bootstrap.servers", bootstrapServers);
        p.put("group.id", groupId);
        p.put("config.storage.topic", configTopic);
        p.put("offset.storage.topic", offsetTopic);
        p.put("status.storage.topic", statusTopic);
        p.put("config.storage.replication.factor", "1");
        p.put("offset.storage.replication.factor", "1");
        p.put("status.storage.replication.factor", "1");
        // Fewer partitions than Connect's defaults (25, 5): less to create and to read at start on 2 cores.
        p.put("offset.storage.partitions", "5");
        p.put("status.storage.partitions", "2");
        p.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
        p.put("value.converter", "org.apache.kafka.connect.storage.StringConverter");
        p.put("offset.flush.interval.ms", "1000");
        p.put("listeners", "http://127.0.0.1:" + restPort);
        p.put("rest.advertised.host.name", "127.0.0.1");
        p.put("rest.advertised.port", Integer.toString(restPort));
        p.put("rest.advertised.listener", "http");
        p.putAll(overrides);
        return p;
    }
}
