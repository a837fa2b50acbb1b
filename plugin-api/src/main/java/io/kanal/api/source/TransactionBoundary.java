package io.kanal.api.source;

import java.util.Locale;

/**
 * Where an exactly-once source task's transactions end: the connector key {@code transaction.boundary}. Kafka
 * Connect's {@code SourceTask.TransactionBoundary}. Immutable; any thread.
 */
public enum TransactionBoundary {
    /** One transaction per non-empty batch returned by {@code poll} (the default). */
    POLL,
    /** One transaction per {@code transaction.boundary.interval.ms}. */
    INTERVAL,
    /** The task decides, through {@link TransactionContext}. */
    CONNECTOR;

    /**
     * The value as written in a configuration.
     *
     * @return {@code poll}, {@code interval} or {@code connector}
     */
    public String configValue() {
        return name().toLowerCase(Locale.ROOT);
    }
}
