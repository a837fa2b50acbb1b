package io.kanal.runtime.store.kafka;

import java.util.Objects;

/**
 * A worker setting of the Kafka-backed stores is missing or invalid. The message names the key and the rule, never
 * the value (a worker config may hold secrets).
 */
public final class KafkaStoreConfigException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    /** The offending key. */
    private final String key;

    /**
     * @param key the offending key
     * @param message what is wrong, without the value
     */
    public KafkaStoreConfigException(String key, String message) {
        super(message);
        this.key = Objects.requireNonNull(key, "key");
    }

    /**
     * The offending key.
     *
     * @return the key
     */
    public String key() {
        return key;
    }
}
