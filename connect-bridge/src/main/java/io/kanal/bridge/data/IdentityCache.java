package io.kanal.bridge.data;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * A bounded cache keyed by object identity, for translations of immutable schemas: a task hands the same schema
 * object with every record, so a lookup by identity is the cheap common case, while structural equality would cost
 * a deep comparison per record. When full it is cleared rather than kept in LRU order: schemas are few, a full cache
 * means a plugin creates a schema per record, and then no order would help.
 *
 * <p>Thread-safe: tasks of one connector may share a translator.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
final class IdentityCache<K, V> {

    private final int capacity;
    private final Map<Identity<K>, V> entries = new ConcurrentHashMap<>();

    /**
     * @param capacity the number of entries after which the cache starts over
     */
    IdentityCache(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, got " + capacity);
        }
        this.capacity = capacity;
    }

    /**
     * @param key the key
     * @return the cached value, or null
     */
    V get(K key) {
        return entries.get(new Identity<>(key));
    }

    /**
     * Remembers a value; a translation computed twice by two threads yields equal values, so either may win.
     *
     * @param key the key
     * @param value the value
     */
    void put(K key, V value) {
        if (entries.size() >= capacity) {
            entries.clear();
        }
        entries.put(new Identity<>(key), value);
    }

    /**
     * @param key the key
     * @param compute computes the value when absent; not called under a lock, so it may use this cache
     * @return the cached or computed value
     */
    V computeIfAbsent(K key, Function<K, V> compute) {
        V cached = get(key);
        if (cached != null) {
            return cached;
        }
        V computed = compute.apply(key);
        put(key, computed);
        return computed;
    }

    /** @return the number of entries, for tests */
    int size() {
        return entries.size();
    }

    /** A key that compares by identity. */
    private record Identity<K>(K key) {
        @Override
        public boolean equals(Object other) {
            return other instanceof Identity<?> that && that.key == key;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(key);
        }
    }
}
