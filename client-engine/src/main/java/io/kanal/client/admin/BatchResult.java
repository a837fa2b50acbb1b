package io.kanal.client.admin;

import io.kanal.client.errors.KafkaException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The outcome of an admin operation on several items (topics, partitions, groups, config resources): each item either
 * succeeded with a value or failed with a typed exception. The operation's future completes with this once every item
 * is decided, so one bad topic does not hide the others' results; an item that was still failing with retriable
 * errors when the operation's timeout passed fails with a {@link io.kanal.client.errors.TimeoutException} whose cause is the
 * last error.
 *
 * <p>Nothing is dropped silently: {@link #orThrow()} returns the values only if every item succeeded, and
 * {@link #get(Object)} throws an item's own exception.
 *
 * @param <K> the item key
 * @param <V> the value of a successful item
 * @param values the successful items' values
 * @param errors the failed items' exceptions
 */
public record BatchResult<K, V>(Map<K, V> values, Map<K, KafkaException> errors) {
    /** Copies the maps, keeping their order. */
    public BatchResult {
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        errors = Collections.unmodifiableMap(new LinkedHashMap<>(errors));
    }

    /**
     * One item's value.
     *
     * @param key the item
     * @return its value
     * @throws KafkaException the item's own failure
     * @throws IllegalArgumentException if the item was not part of the operation
     */
    public V get(K key) {
        KafkaException error = errors.get(key);
        if (error != null) {
            throw error;
        }
        if (!values.containsKey(key)) {
            throw new IllegalArgumentException("Not part of this operation: " + key);
        }
        return values.get(key);
    }

    /**
     * One item's failure.
     *
     * @param key the item
     * @return its exception, or empty if it succeeded
     */
    public Optional<KafkaException> error(K key) {
        return Optional.ofNullable(errors.get(key));
    }

    /**
     * Whether every item succeeded.
     *
     * @return true if no item failed
     */
    public boolean allSucceeded() {
        return errors.isEmpty();
    }

    /**
     * Every value, if every item succeeded.
     *
     * @return the values by item
     * @throws KafkaException the first item's failure, with the other failures attached as suppressed exceptions
     */
    public Map<K, V> orThrow() {
        if (errors.isEmpty()) {
            return values;
        }
        KafkaException first = null;
        for (KafkaException e : errors.values()) {
            if (first == null) {
                first = e;
            } else if (e != first
                    && !java.util.Arrays.asList(first.getSuppressed()).contains(e)) {
                // Called again, the same failures must not pile up.
                first.addSuppressed(e);
            }
        }
        throw first;
    }
}
