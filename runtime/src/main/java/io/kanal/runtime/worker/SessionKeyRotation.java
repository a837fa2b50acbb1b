package io.kanal.runtime.worker;

import io.kanal.config.InvalidConfigValueException;
import io.kanal.runtime.api.ClusterRouting;
import io.kanal.runtime.api.SessionKey;
import io.kanal.runtime.store.StoreException;
import io.kanal.runtime.store.kafka.ConfigRecord;
import io.kanal.runtime.store.kafka.KafkaConfigStore;
import java.security.NoSuchAlgorithmException;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.LongSupplier;
import javax.crypto.KeyGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * KIP-507's session key, kept fresh by the leader: when the group runs the {@code sessioned} protocol and this worker
 * leads, it writes a new key to the config topic when there is none or the last one is older than {@code
 * inter.worker.key.ttl.ms}; every worker reads it from there and signs (or checks) internal requests with it.
 *
 * <p><b>Threading.</b> {@link #run()} is called on one scheduler thread ({@code kanal-session-key-<worker>}); it holds
 * no state between calls but its settings.
 */
final class SessionKeyRotation implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(SessionKeyRotation.class);

    static final String TTL_MS = "inter.worker.key.ttl.ms";
    static final String ALGORITHM = "inter.worker.key.generation.algorithm";
    static final String SIZE = "inter.worker.key.size";

    private final ClusterRouting routing;
    private final KafkaConfigStore configs;
    private final LongSupplier clock;
    private final long ttlMs;
    private final String algorithm;
    private final Optional<Integer> size;

    SessionKeyRotation(
            ClusterRouting routing, KafkaConfigStore configs, Map<String, String> workerConfig, LongSupplier clock) {
        this.routing = Objects.requireNonNull(routing, "routing");
        this.configs = Objects.requireNonNull(configs, "configs");
        this.clock = Objects.requireNonNull(clock, "clock");
        String ttl = workerConfig.getOrDefault(TTL_MS, "3600000").trim();
        try {
            this.ttlMs = Long.parseLong(ttl);
        } catch (NumberFormatException e) {
            throw new InvalidConfigValueException(TTL_MS, ttl, "must be a number of milliseconds");
        }
        this.algorithm = workerConfig.getOrDefault(ALGORITHM, "HmacSHA256").trim();
        String s = workerConfig.get(SIZE);
        try {
            this.size = s == null || s.isBlank() ? Optional.empty() : Optional.of(Integer.parseInt(s.trim()));
        } catch (NumberFormatException e) {
            throw new InvalidConfigValueException(SIZE, s, "must be a number of bits");
        }
        // Fail at start-up, not on the rotation thread an hour later.
        try {
            size.ifPresent(KeyGenerator.getInstance(algorithm)::init);
        } catch (NoSuchAlgorithmException e) {
            throw new InvalidConfigValueException(ALGORITHM, algorithm, "no such key generation algorithm in this JVM");
        } catch (java.security.InvalidParameterException e) {
            throw new InvalidConfigValueException(SIZE, s, "not a key size " + algorithm + " supports");
        }
    }

    /**
     * Whether a leader must write a new key now.
     *
     * @param current the key read last
     * @param nowMs the wall clock
     * @param ttlMs the key's lifetime
     * @return true when there is none or it has expired
     */
    static boolean due(Optional<SessionKey> current, long nowMs, long ttlMs) {
        return current.isEmpty() || nowMs >= current.get().created().toEpochMilli() + ttlMs;
    }

    @Override
    public void run() {
        try {
            rotateIfDue();
        } catch (RuntimeException e) {
            // The scheduler would cancel the rotation for good on an escaping exception; the next run tries again.
            LOG.error("Session key rotation failed; retrying in a second", e);
        }
    }

    private void rotateIfDue() {
        if (!routing.isLeader() || !routing.requestSigningRequired()) {
            return;
        }
        long now = clock.getAsLong();
        if (!due(routing.sessionKey(), now, ttlMs)) {
            return;
        }
        try {
            KeyGenerator generator = KeyGenerator.getInstance(algorithm);
            size.ifPresent(generator::init);
            configs.putSessionKey(
                    new ConfigRecord.SessionKey(generator.generateKey().getEncoded(), algorithm, now));
            LOG.info("Wrote a new session key ({}) for internal requests", algorithm);
        } catch (NoSuchAlgorithmException | StoreException e) {
            // The next run tries again; meanwhile internal requests are refused as unsigned, as in Connect.
            LOG.warn("Could not write a new session key: {}", e.getMessage());
        }
    }
}
