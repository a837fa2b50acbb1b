package io.kanal.runtime.transform.util;

import io.kanal.api.data.Schema;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * A small least-recently-used cache from an input schema to the schema a transform derives from it, so that a
 * transform builds each output schema once rather than per record. Thread-safe (one lock; the work inside is a
 * hash lookup). Keys compare by {@link Schema#equals(Object)}, as Connect's cache does.
 */
public final class SchemaUpdateCache {

    /** Connect's transforms keep 16 entries; a task sees few distinct schemas. */
    public static final int DEFAULT_CAPACITY = 16;

    private final Map<Schema, Schema> entries;

    /** Creates a cache of {@link #DEFAULT_CAPACITY} entries. */
    public SchemaUpdateCache() {
        this(DEFAULT_CAPACITY);
    }

    /**
     * Creates a cache.
     *
     * @param capacity the number of entries kept, at least 1
     */
    public SchemaUpdateCache(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
        }
        this.entries = new LinkedHashMap<>(capacity * 2, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<Schema, Schema> eldest) {
                return size() > capacity;
            }
        };
    }

    /**
     * The derived schema for an input schema, computing and keeping it when absent. The computation runs outside
     * the lock, so a slow or failing derivation never blocks other callers; a failure caches nothing.
     *
     * @param input the input schema
     * @param derive computes the derived schema
     * @return the derived schema
     */
    public Schema computeIfAbsent(Schema input, Function<Schema, Schema> derive) {
        Schema cached = get(input);
        if (cached != null) {
            return cached;
        }
        Schema derived = derive.apply(input);
        put(input, derived);
        return derived;
    }

    /**
     * The derived schema kept for an input schema.
     *
     * @param input the input schema
     * @return the derived schema, or {@code null}
     */
    public synchronized Schema get(Schema input) {
        return entries.get(input);
    }

    /**
     * Keeps a derived schema.
     *
     * @param input the input schema
     * @param derived the derived schema
     */
    public synchronized void put(Schema input, Schema derived) {
        entries.put(input, derived);
    }

    /** Drops every entry, for a transform's {@code close()}. */
    public synchronized void clear() {
        entries.clear();
    }
}
