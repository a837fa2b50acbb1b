package io.kanal.runtime.convert;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A bounded least-recently-used map, like Kafka's {@code LRUCache} behind Connect's converters: a capacity of zero or
 * less caches nothing. Thread-safe (every access is synchronized; converters keep a faster single-entry cache in front
 * of it for the schema they see over and over).
 *
 * @param <K> the key type
 * @param <V> the value type
 */
final class LruCache<K, V> {

    private final int capacity;
    private final LinkedHashMap<K, V> map;

    LruCache(int capacity) {
        this.capacity = capacity;
        this.map = new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                return size() > LruCache.this.capacity;
            }
        };
    }

    synchronized V get(K key) {
        return map.get(key);
    }

    synchronized void put(K key, V value) {
        if (capacity > 0) {
            map.put(key, value);
        }
    }

    synchronized int size() {
        return map.size();
    }
}
