package io.kanal.runtime.store.kafka;

import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.runtime.WorkerConfig;
import org.apache.kafka.connect.runtime.distributed.DistributedConfig;
import org.apache.kafka.connect.storage.ClusterConfigState;
import org.apache.kafka.connect.storage.KafkaConfigBackingStore;
import org.apache.kafka.connect.util.Callback;
import org.apache.kafka.connect.util.TopicAdmin;

/**
 * Apache Kafka Connect's own {@code KafkaConfigBackingStore} (connect-runtime, test scope), fed records directly
 * through its consumer callback, without a broker: the reference the replay is compared with. Not started, so it
 * calls no listener.
 */
final class ApacheConfigTopic {

    static final String TOPIC = "connect-configs";

    private final KafkaConfigBackingStore store;
    private final Callback<ConsumerRecord<String, byte[]>> callback;

    ApacheConfigTopic() {
        JsonConverter converter = new JsonConverter();
        converter.configure(Map.of("schemas.enable", "false"), false);
        Map<String, String> props = new HashMap<>();
        props.put("bootstrap.servers", "localhost:1");
        props.put("group.id", "kanal-golden");
        props.put("config.storage.topic", TOPIC);
        props.put("offset.storage.topic", "connect-offsets");
        props.put("status.storage.topic", "connect-status");
        props.put("key.converter", "org.apache.kafka.connect.json.JsonConverter");
        props.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        DistributedConfig config = new DistributedConfig(props);
        // the cluster id is looked up from a broker when first asked for; there is none here
        try {
            Field clusterId = WorkerConfig.class.getDeclaredField("kafkaClusterId");
            clusterId.setAccessible(true);
            clusterId.set(config, "golden-cluster");
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Connect's worker config has changed shape", e);
        }
        Supplier<TopicAdmin> noAdmin = () -> {
            throw new IllegalStateException("no admin in golden tests");
        };
        store = new KafkaConfigBackingStore(converter, config, null, noAdmin, "golden-");
        callback = consumeCallback(store);
    }

    @SuppressWarnings("unchecked")
    private static Callback<ConsumerRecord<String, byte[]>> consumeCallback(KafkaConfigBackingStore store) {
        try {
            Class<?> type = Class.forName(KafkaConfigBackingStore.class.getName() + "$ConsumeCallback");
            Constructor<?> constructor = type.getDeclaredConstructor(KafkaConfigBackingStore.class);
            constructor.setAccessible(true);
            return (Callback<ConsumerRecord<String, byte[]>>) constructor.newInstance(store);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Connect's config store has changed shape", e);
        }
    }

    /** Feeds one record as Connect's consumer would; Connect lets some malformed records throw out of it. */
    void read(long offset, String key, byte[] value) {
        try {
            callback.onCompletion(null, new ConsumerRecord<>(TOPIC, 0, offset, key, value));
        } catch (RuntimeException e) {
            // KafkaBasedLog logs an exception from the callback and goes on with the next poll
        }
    }

    /** Connect's own private {@code serializeTargetState}, with its {@code STOPPED} to {@code PAUSED} fallback. */
    byte[] serializeTargetState(org.apache.kafka.connect.runtime.TargetState state) {
        try {
            Method m = KafkaConfigBackingStore.class.getDeclaredMethod(
                    "serializeTargetState", org.apache.kafka.connect.runtime.TargetState.class);
            m.setAccessible(true);
            return (byte[]) m.invoke(store, state);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Connect's config store has changed shape", e);
        }
    }

    ClusterConfigState snapshot() {
        return store.snapshot();
    }

    static Set<String> connectors(ClusterConfigState state) {
        return state.connectors();
    }
}
