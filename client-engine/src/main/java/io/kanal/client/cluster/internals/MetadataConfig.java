package io.kanal.client.cluster.internals;

/**
 * Settings of the metadata manager, with Kafka's key names and defaults.
 *
 * @param metadataMaxAgeMs {@code metadata.max.age.ms}: refresh at least this often
 * @param retryBackoffMs {@code retry.backoff.ms}: the first wait before retrying a failed refresh
 * @param retryBackoffMaxMs {@code retry.backoff.max.ms}: the cap of the exponential back-off
 */
public record MetadataConfig(long metadataMaxAgeMs, long retryBackoffMs, long retryBackoffMaxMs) {
    /** Validates the settings. */
    public MetadataConfig {
        if (metadataMaxAgeMs <= 0 || retryBackoffMs < 0 || retryBackoffMaxMs < retryBackoffMs) {
            throw new IllegalArgumentException("invalid metadata settings");
        }
    }

    /**
     * Kafka's defaults: 5 minutes, 100 ms, 1 s.
     *
     * @return the settings
     */
    public static MetadataConfig defaults() {
        return new MetadataConfig(300_000, 100, 1_000);
    }
}
