package io.kanal.client.producer;

import io.kanal.client.config.CommonClientConfigs;
import io.kanal.client.errors.InvalidConfigException;
import io.kanal.client.record.Compression;
import io.kanal.client.record.CompressionType;
import io.kanal.config.ParsedConfig;

/**
 * The producer's settings after parsing and cross-key validation, as typed values.
 *
 * @param acks {@code acks}
 * @param idempotent whether idempotence is on (explicitly, or by default when the other settings allow it)
 * @param lingerMs {@code linger.ms}
 * @param batchSize {@code batch.size}
 * @param bufferMemory {@code buffer.memory}
 * @param maxBlockMs {@code max.block.ms}
 * @param deliveryTimeoutMs {@code delivery.timeout.ms}
 * @param requestTimeoutMs {@code request.timeout.ms}
 * @param retries {@code retries}
 * @param retryBackoffMs {@code retry.backoff.ms}
 * @param retryBackoffMaxMs {@code retry.backoff.max.ms}
 * @param maxInFlight {@code max.in.flight.requests.per.connection}
 * @param compression {@code compression.type} and its level
 * @param maxRequestSize {@code max.request.size}
 * @param ignoreKeys {@code partitioner.ignore.keys}
 * @param adaptivePartitioning {@code partitioner.adaptive.partitioning.enable}
 * @param availabilityTimeoutMs {@code partitioner.availability.timeout.ms}
 * @param transactionalId {@code transactional.id}, or null for a producer that is not transactional
 * @param transactionTimeoutMs {@code transaction.timeout.ms}
 */
public record ProducerSettings(
        Acks acks,
        boolean idempotent,
        long lingerMs,
        int batchSize,
        long bufferMemory,
        long maxBlockMs,
        long deliveryTimeoutMs,
        int requestTimeoutMs,
        int retries,
        long retryBackoffMs,
        long retryBackoffMaxMs,
        int maxInFlight,
        Compression compression,
        int maxRequestSize,
        boolean ignoreKeys,
        boolean adaptivePartitioning,
        long availabilityTimeoutMs,
        String transactionalId,
        int transactionTimeoutMs) {

    /** The most requests per connection the broker's duplicate detection covers (5 batches per partition). */
    public static final int MAX_IDEMPOTENT_IN_FLIGHT = 5;

    /**
     * Derives the settings, applying Kafka's rules between keys.
     *
     * @param config settings parsed with {@link ProducerConfigs#SPEC}
     * @return the settings
     * @throws InvalidConfigException naming what to change when keys contradict each other
     */
    public static ProducerSettings from(ParsedConfig config) {
        String transactionalId = config.find(ProducerConfigs.TRANSACTIONAL_ID).orElse(null);
        if (transactionalId != null && transactionalId.isBlank()) {
            // Most likely an unresolved placeholder: quietly producing without transactions would lose exactly-once.
            throw new InvalidConfigException("transactional.id is empty: give an id, or leave the key out for a"
                    + " producer that is not transactional");
        }
        Acks acks = Acks.parse(config.get(ProducerConfigs.ACKS));
        int retries = config.get(ProducerConfigs.RETRIES);
        int maxInFlight = config.get(ProducerConfigs.MAX_IN_FLIGHT);
        boolean explicit = config.isSupplied(ProducerConfigs.ENABLE_IDEMPOTENCE);
        boolean idempotent = config.get(ProducerConfigs.ENABLE_IDEMPOTENCE);
        if (idempotent) {
            String conflict = null;
            if (acks != Acks.ALL) {
                conflict = "enable.idempotence=true requires acks=all (got acks=" + config.get(ProducerConfigs.ACKS)
                        + "): set acks=all, or set enable.idempotence=false";
            } else if (retries == 0) {
                conflict = "enable.idempotence=true requires retries > 0: raise retries, or set"
                        + " enable.idempotence=false";
            } else if (maxInFlight > MAX_IDEMPOTENT_IN_FLIGHT) {
                conflict = "enable.idempotence=true requires max.in.flight.requests.per.connection <= 5 (got "
                        + maxInFlight + "): lower it, or set enable.idempotence=false";
            }
            if (conflict != null) {
                if (explicit || transactionalId != null) {
                    throw new InvalidConfigException(
                            transactionalId != null ? conflict + " (transactional.id needs idempotence)" : conflict);
                }
                // Kafka's rule: idempotence is only a default, so other explicit settings win quietly.
                idempotent = false;
            }
        }
        if (transactionalId != null && !idempotent) {
            throw new InvalidConfigException("transactional.id requires enable.idempotence=true: remove"
                    + " enable.idempotence=false, or unset transactional.id");
        }
        long lingerMs = config.get(ProducerConfigs.LINGER_MS);
        int requestTimeoutMs = config.get(CommonClientConfigs.REQUEST_TIMEOUT_MS);
        long deliveryTimeoutMs = config.get(ProducerConfigs.DELIVERY_TIMEOUT_MS);
        if (deliveryTimeoutMs < lingerMs + requestTimeoutMs) {
            if (config.isSupplied(ProducerConfigs.DELIVERY_TIMEOUT_MS)) {
                throw new InvalidConfigException("delivery.timeout.ms (" + deliveryTimeoutMs
                        + ") must be at least linger.ms + request.timeout.ms (" + (lingerMs + requestTimeoutMs)
                        + "): raise delivery.timeout.ms or lower linger.ms or request.timeout.ms");
            }
            deliveryTimeoutMs = lingerMs + requestTimeoutMs;
        }
        int batchSize = Math.max(1, config.get(ProducerConfigs.BATCH_SIZE));
        long bufferMemory = config.get(ProducerConfigs.BUFFER_MEMORY);
        if (bufferMemory < batchSize) {
            throw new InvalidConfigException("buffer.memory (" + bufferMemory + ") must be at least batch.size ("
                    + batchSize + "): raise buffer.memory or lower batch.size");
        }
        return new ProducerSettings(
                acks,
                idempotent,
                lingerMs,
                batchSize,
                bufferMemory,
                config.get(ProducerConfigs.MAX_BLOCK_MS),
                deliveryTimeoutMs,
                requestTimeoutMs,
                retries,
                config.get(CommonClientConfigs.RETRY_BACKOFF_MS),
                Math.max(
                        config.get(CommonClientConfigs.RETRY_BACKOFF_MS),
                        config.get(CommonClientConfigs.RETRY_BACKOFF_MAX_MS)),
                maxInFlight,
                compression(config),
                config.get(ProducerConfigs.MAX_REQUEST_SIZE),
                config.get(ProducerConfigs.PARTITIONER_IGNORE_KEYS),
                config.get(ProducerConfigs.PARTITIONER_ADAPTIVE),
                config.get(ProducerConfigs.PARTITIONER_AVAILABILITY_TIMEOUT_MS),
                transactionalId,
                config.get(ProducerConfigs.TRANSACTION_TIMEOUT_MS));
    }

    /**
     * Whether the producer is transactional.
     *
     * @return true if {@code transactional.id} is set
     */
    public boolean transactional() {
        return transactionalId != null;
    }

    private static Compression compression(ParsedConfig config) {
        CompressionType type = CompressionType.forName(config.get(ProducerConfigs.COMPRESSION_TYPE));
        try {
            return switch (type) {
                case NONE, SNAPPY -> Compression.of(type);
                case GZIP -> Compression.gzip(config.get(ProducerConfigs.COMPRESSION_GZIP_LEVEL));
                case LZ4 -> Compression.lz4(config.get(ProducerConfigs.COMPRESSION_LZ4_LEVEL));
                case ZSTD -> Compression.zstd(config.get(ProducerConfigs.COMPRESSION_ZSTD_LEVEL));
            };
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigException("Invalid producer configuration: " + e.getMessage(), e);
        }
    }
}
