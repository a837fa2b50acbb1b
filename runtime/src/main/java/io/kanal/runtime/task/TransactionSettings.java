package io.kanal.runtime.task;

import io.kanal.api.source.TransactionBoundary;
import io.kanal.config.InvalidConfigValueException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A source connector's exactly-once keys (KIP-618), parsed: {@value #SUPPORT} ({@code requested}, the default, or
 * {@code required}), {@value #BOUNDARY} ({@code poll}, the default, {@code interval} or {@code connector}), {@value
 * #INTERVAL_MS} (the worker's {@code offset.flush.interval.ms} when unset) and {@value #OFFSETS_TOPIC}.
 *
 * @param required whether {@value #SUPPORT} is {@code required}
 * @param boundary where transactions end
 * @param intervalMs the interval of {@link TransactionBoundary#INTERVAL}
 * @param offsetsTopic the connector's own offsets topic, when set
 */
public record TransactionSettings(
        boolean required, TransactionBoundary boundary, long intervalMs, Optional<String> offsetsTopic) {

    /** {@code exactly.once.support}. */
    public static final String SUPPORT = "exactly.once.support";
    /** {@code transaction.boundary}. */
    public static final String BOUNDARY = "transaction.boundary";
    /** {@code transaction.boundary.interval.ms}. */
    public static final String INTERVAL_MS = "transaction.boundary.interval.ms";
    /** {@code offsets.storage.topic}. */
    public static final String OFFSETS_TOPIC = "offsets.storage.topic";

    /**
     * Checks the components.
     *
     * @param required whether exactly-once is required
     * @param boundary where transactions end
     * @param intervalMs the interval, at least 0
     * @param offsetsTopic the connector's own offsets topic
     */
    public TransactionSettings {
        if (intervalMs < 0) {
            throw new IllegalArgumentException("intervalMs must be at least 0");
        }
    }

    /**
     * Reads a connector's config (already validated by the framework's spec, so a bad value is a bug or a config
     * written around the REST API; it is refused all the same).
     *
     * @param connectorConfig the connector's config
     * @param flushIntervalMs the worker's {@code offset.flush.interval.ms}, the interval's default
     * @return the settings
     * @throws InvalidConfigValueException naming the key of a bad value
     */
    public static TransactionSettings parse(Map<String, String> connectorConfig, long flushIntervalMs) {
        boolean required = required(connectorConfig);
        TransactionBoundary boundary = boundary(connectorConfig);
        long interval = flushIntervalMs;
        String intervalValue = connectorConfig.get(INTERVAL_MS);
        if (intervalValue != null && !intervalValue.isBlank()) {
            try {
                interval = Long.parseLong(intervalValue.trim());
            } catch (NumberFormatException e) {
                throw new InvalidConfigValueException(INTERVAL_MS, intervalValue, "must be a whole number");
            }
            if (interval < 0) {
                throw new InvalidConfigValueException(INTERVAL_MS, intervalValue, "Value must be at least 0");
            }
        }
        String topic = connectorConfig.get(OFFSETS_TOPIC);
        return new TransactionSettings(
                required,
                boundary,
                interval,
                topic == null || topic.isBlank() ? Optional.empty() : Optional.of(topic.trim()));
    }

    /**
     * Reads {@value #SUPPORT} alone (validation checks each key on its own, so that one bad key does not hide another).
     *
     * @param connectorConfig the connector's config
     * @return whether it is {@code required}; false for {@code requested} or unset
     * @throws InvalidConfigValueException when it is neither (case-insensitive, trimmed)
     */
    public static boolean required(Map<String, String> connectorConfig) {
        String support =
                connectorConfig.getOrDefault(SUPPORT, "requested").trim().toLowerCase(Locale.ROOT);
        if (!support.equals("requested") && !support.equals("required")) {
            throw new InvalidConfigValueException(SUPPORT, support, "String must be one of: requested, required");
        }
        return support.equals("required");
    }

    /**
     * Reads {@value #BOUNDARY} alone.
     *
     * @param connectorConfig the connector's config
     * @return the boundary; {@link TransactionBoundary#POLL} when unset
     * @throws InvalidConfigValueException when it is none of the three (case-insensitive, trimmed)
     */
    public static TransactionBoundary boundary(Map<String, String> connectorConfig) {
        String boundaryValue = connectorConfig.getOrDefault(BOUNDARY, "poll").trim();
        try {
            return TransactionBoundary.valueOf(boundaryValue.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigValueException(
                    BOUNDARY, boundaryValue, "String must be one of: poll, interval, connector");
        }
    }
}
