package io.kanal.runtime.api;

import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * The cluster's current session key (KIP-507): the leader generates it, distributes it through the config topic, and
 * every worker signs and verifies internal requests with it. A secret: {@link #toString()} never shows the bytes.
 *
 * @param key the key's bytes (copied in and out)
 * @param algorithm the key's algorithm, Connect's {@code inter.worker.key.generation.algorithm} (e.g. {@code
 *     HmacSHA256})
 * @param created when the leader created it, which decides when it is rotated
 */
public record SessionKey(byte[] key, String algorithm, Instant created) {

    /**
     * Checks and copies the key.
     *
     * @param key the key's bytes
     * @param algorithm the key's algorithm
     * @param created when it was created
     */
    public SessionKey {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(created, "created");
        if (key.length == 0) {
            throw new IllegalArgumentException("a session key has at least one byte");
        }
        key = key.clone();
    }

    /**
     * The key's bytes.
     *
     * @return a copy
     */
    @Override
    public byte[] key() {
        return key.clone();
    }

    /**
     * Compares the bytes, not the array's identity.
     *
     * @param other the other object
     * @return whether both hold the same key, algorithm and creation time
     */
    @Override
    public boolean equals(Object other) {
        return other instanceof SessionKey that
                && Arrays.equals(key, that.key)
                && algorithm.equals(that.algorithm)
                && created.equals(that.created);
    }

    /**
     * Hashes the bytes, not the array's identity.
     *
     * @return the hash
     */
    @Override
    public int hashCode() {
        return 31 * Objects.hash(algorithm, created) + Arrays.hashCode(key);
    }

    /**
     * Renders the key without its bytes.
     *
     * @return the rendering
     */
    @Override
    public String toString() {
        return "SessionKey[algorithm=" + algorithm + ", created=" + created + ", key=(hidden)]";
    }
}
