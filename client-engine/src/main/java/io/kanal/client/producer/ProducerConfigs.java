package io.kanal.client.producer;

import io.kanal.client.config.CommonClientConfigs;
import io.kanal.config.ConfigKey;
import io.kanal.config.ConfigSpec;
import io.kanal.config.ConfigType;
import io.kanal.config.Importance;
import io.kanal.config.Validators;

/**
 * The producer's settings: Kafka's key names and defaults, plus {@link CommonClientConfigs#SPEC}. Cross-key rules
 * (idempotence needs {@code acks=all} ...) are checked by {@link ProducerSettings#from}.
 */
public final class ProducerConfigs {
    /** {@code acks}: all, -1, 1 or 0. */
    public static final ConfigKey<String> ACKS = ConfigKey.builder("acks", ConfigType.STRING)
            .defaultValue("all")
            .validator(Validators.oneOfIgnoringCase("all", "-1", "1", "0"))
            .importance(Importance.HIGH)
            .documentation("How many replicas must have a record before it is acknowledged: 0 (none: the send"
                    + " completes once written to the socket), 1 (the leader) or all (every in-sync replica).")
            .build();

    /** {@code enable.idempotence}. */
    public static final ConfigKey<Boolean> ENABLE_IDEMPOTENCE = ConfigKey.builder(
                    "enable.idempotence", ConfigType.BOOLEAN)
            .defaultValue(true)
            .importance(Importance.LOW)
            .documentation("Write each record exactly once per partition, in order, despite retries (producer id and"
                    + " sequence numbers). Needs acks=all, retries > 0 and at most 5 requests in flight.")
            .build();

    /** {@code linger.ms}. */
    public static final ConfigKey<Long> LINGER_MS = ConfigKey.builder("linger.ms", ConfigType.LONG)
            .defaultValue(5L)
            .validator(Validators.atLeast(0L))
            .importance(Importance.MEDIUM)
            .documentation("How long a batch waits for more records before it is sent, unless it is full first.")
            .build();

    /** {@code batch.size}. */
    public static final ConfigKey<Integer> BATCH_SIZE = ConfigKey.builder("batch.size", ConfigType.INT)
            .defaultValue(16_384)
            .validator(Validators.atLeast(0))
            .importance(Importance.MEDIUM)
            .documentation("The size in bytes a per-partition batch is filled to before it is sent.")
            .build();

    /** {@code buffer.memory}. */
    public static final ConfigKey<Long> BUFFER_MEMORY = ConfigKey.builder("buffer.memory", ConfigType.LONG)
            .defaultValue(33_554_432L)
            .validator(Validators.atLeast(0L))
            .importance(Importance.HIGH)
            .documentation("Bytes of records the producer may hold before send waits (up to max.block.ms).")
            .build();

    /** {@code max.block.ms}. */
    public static final ConfigKey<Long> MAX_BLOCK_MS = ConfigKey.builder("max.block.ms", ConfigType.LONG)
            .defaultValue(60_000L)
            .validator(Validators.atLeast(0L))
            .importance(Importance.MEDIUM)
            .documentation("How long send may wait for buffer memory or topic metadata before it fails the record.")
            .build();

    /** {@code delivery.timeout.ms}. */
    public static final ConfigKey<Integer> DELIVERY_TIMEOUT_MS = ConfigKey.builder(
                    "delivery.timeout.ms", ConfigType.INT)
            .defaultValue(120_000)
            .validator(Validators.atLeast(0))
            .importance(Importance.MEDIUM)
            .documentation("The bound on the time from send to success or failure, retries included. Should be at"
                    + " least linger.ms + request.timeout.ms.")
            .build();

    /** {@code retries}. */
    public static final ConfigKey<Integer> RETRIES = ConfigKey.builder("retries", ConfigType.INT)
            .defaultValue(Integer.MAX_VALUE)
            .validator(Validators.atLeast(0))
            .importance(Importance.HIGH)
            .documentation("How often a batch is retried after a retriable error, within delivery.timeout.ms.")
            .build();

    /** {@code max.in.flight.requests.per.connection}. */
    public static final ConfigKey<Integer> MAX_IN_FLIGHT = ConfigKey.builder(
                    "max.in.flight.requests.per.connection", ConfigType.INT)
            .defaultValue(5)
            .validator(Validators.atLeast(1))
            .importance(Importance.LOW)
            .documentation("Produce requests in flight per broker connection; at most 5 with idempotence.")
            .build();

    /** {@code compression.type}. */
    public static final ConfigKey<String> COMPRESSION_TYPE = ConfigKey.builder("compression.type", ConfigType.STRING)
            .defaultValue("none")
            .validator(Validators.oneOfIgnoringCase("none", "gzip", "snappy", "lz4", "zstd"))
            .importance(Importance.HIGH)
            .documentation("The codec of every batch: none, gzip, snappy, lz4 or zstd.")
            .build();

    /** {@code compression.gzip.level}. */
    public static final ConfigKey<Integer> COMPRESSION_GZIP_LEVEL = ConfigKey.builder(
                    "compression.gzip.level", ConfigType.INT)
            .defaultValue(-1)
            .importance(Importance.MEDIUM)
            .documentation("The gzip level, 1 to 9, or -1 for zlib's default.")
            .build();

    /** {@code compression.lz4.level}. */
    public static final ConfigKey<Integer> COMPRESSION_LZ4_LEVEL = ConfigKey.builder(
                    "compression.lz4.level", ConfigType.INT)
            .defaultValue(9)
            .importance(Importance.MEDIUM)
            .documentation("The lz4 level, 1 to 17.")
            .build();

    /** {@code compression.zstd.level}. */
    public static final ConfigKey<Integer> COMPRESSION_ZSTD_LEVEL = ConfigKey.builder(
                    "compression.zstd.level", ConfigType.INT)
            .defaultValue(3)
            .importance(Importance.MEDIUM)
            .documentation("The zstd level, -131072 to 22.")
            .build();

    /** {@code max.request.size}. */
    public static final ConfigKey<Integer> MAX_REQUEST_SIZE = ConfigKey.builder("max.request.size", ConfigType.INT)
            .defaultValue(1_048_576)
            .validator(Validators.atLeast(0))
            .importance(Importance.MEDIUM)
            .documentation("The largest Produce request, and so the largest record, the producer sends.")
            .build();

    /** {@code partitioner.ignore.keys}. */
    public static final ConfigKey<Boolean> PARTITIONER_IGNORE_KEYS = ConfigKey.builder(
                    "partitioner.ignore.keys", ConfigType.BOOLEAN)
            .defaultValue(false)
            .importance(Importance.MEDIUM)
            .documentation("Partition keyed records like keyless ones (sticky) instead of by key hash.")
            .build();

    /** {@code partitioner.adaptive.partitioning.enable}. */
    public static final ConfigKey<Boolean> PARTITIONER_ADAPTIVE = ConfigKey.builder(
                    "partitioner.adaptive.partitioning.enable", ConfigType.BOOLEAN)
            .defaultValue(true)
            .importance(Importance.LOW)
            .documentation("Send keyless records more often to partitions whose brokers have less queued (KIP-794).")
            .build();

    /** {@code partitioner.availability.timeout.ms}. */
    public static final ConfigKey<Long> PARTITIONER_AVAILABILITY_TIMEOUT_MS = ConfigKey.builder(
                    "partitioner.availability.timeout.ms", ConfigType.LONG)
            .defaultValue(0L)
            .validator(Validators.atLeast(0L))
            .importance(Importance.LOW)
            .documentation("Keyless records avoid a partition whose broker has not taken a batch for this long; 0"
                    + " disables the check.")
            .build();

    /** {@code transactional.id}: makes the producer transactional. */
    public static final ConfigKey<String> TRANSACTIONAL_ID = ConfigKey.builder("transactional.id", ConfigType.STRING)
            .importance(Importance.LOW)
            .documentation("The id that identifies this producer's transactions across restarts: a new producer with"
                    + " the same id fences the old one and finishes or aborts its open transaction. Requires"
                    + " idempotence (acks=all). Unset: the producer is not transactional.")
            .build();

    /** {@code transaction.timeout.ms}. */
    public static final ConfigKey<Integer> TRANSACTION_TIMEOUT_MS = ConfigKey.builder(
                    "transaction.timeout.ms", ConfigType.INT)
            .defaultValue(60_000)
            .validator(Validators.atLeast(1))
            .importance(Importance.LOW)
            .documentation("How long the transaction coordinator lets a transaction stay open before it aborts it on"
                    + " its own; at most the broker's transaction.max.timeout.ms.")
            .build();

    /** Every producer key, common ones included. */
    public static final ConfigSpec SPEC = ConfigSpec.builder()
            .include(CommonClientConfigs.SPEC)
            .define(ACKS)
            .define(ENABLE_IDEMPOTENCE)
            .define(LINGER_MS)
            .define(BATCH_SIZE)
            .define(BUFFER_MEMORY)
            .define(MAX_BLOCK_MS)
            .define(DELIVERY_TIMEOUT_MS)
            .define(RETRIES)
            .define(MAX_IN_FLIGHT)
            .define(COMPRESSION_TYPE)
            .define(COMPRESSION_GZIP_LEVEL)
            .define(COMPRESSION_LZ4_LEVEL)
            .define(COMPRESSION_ZSTD_LEVEL)
            .define(MAX_REQUEST_SIZE)
            .define(PARTITIONER_IGNORE_KEYS)
            .define(PARTITIONER_ADAPTIVE)
            .define(PARTITIONER_AVAILABILITY_TIMEOUT_MS)
            .define(TRANSACTIONAL_ID)
            .define(TRANSACTION_TIMEOUT_MS)
            .build();

    private ProducerConfigs() {}
}
