package io.kanal.client.consumer;

import io.kanal.client.config.CommonClientConfigs;
import io.kanal.config.ConfigKey;
import io.kanal.config.ConfigSpec;
import io.kanal.config.ConfigType;
import io.kanal.config.Importance;
import io.kanal.config.Validators;

/**
 * The consumer's settings: Kafka's key names and defaults, except {@code group.protocol}, which defaults to
 * {@code consumer} (KIP-848) because that is the only group protocol Kanal's consumer speaks.
 */
public final class ConsumerConfig {
    /** {@code group.id}. */
    public static final ConfigKey<String> GROUP_ID = ConfigKey.builder("group.id", ConfigType.STRING)
            .importance(Importance.HIGH)
            .documentation("The consumer group. Needed for subscribe() and for committing offsets; manual assign()"
                    + " without it never commits.")
            .build();

    /** {@code group.protocol}. */
    public static final ConfigKey<String> GROUP_PROTOCOL = ConfigKey.builder("group.protocol", ConfigType.STRING)
            .defaultValue("consumer")
            .validator(Validators.oneOfIgnoringCase("consumer", "classic"))
            .importance(Importance.HIGH)
            .documentation("The group protocol. Kanal implements only 'consumer' (KIP-848); 'classic' is rejected.")
            .build();

    /** {@code group.instance.id}. */
    public static final ConfigKey<String> GROUP_INSTANCE_ID = ConfigKey.builder("group.instance.id", ConfigType.STRING)
            .importance(Importance.MEDIUM)
            .documentation("A stable id for static membership: a restart within the session timeout keeps the"
                    + " partitions.")
            .build();

    /** {@code group.remote.assignor}. */
    public static final ConfigKey<String> GROUP_REMOTE_ASSIGNOR = ConfigKey.builder(
                    "group.remote.assignor", ConfigType.STRING)
            .importance(Importance.LOW)
            .documentation("The server-side assignor to use (uniform, range); the broker's default when unset.")
            .build();

    /** {@code enable.auto.commit}. */
    public static final ConfigKey<Boolean> ENABLE_AUTO_COMMIT = ConfigKey.builder(
                    "enable.auto.commit", ConfigType.BOOLEAN)
            .defaultValue(true)
            .importance(Importance.MEDIUM)
            .documentation("Commit the positions of the records returned by poll() periodically, before every"
                    + " revocation and on close.")
            .build();

    /** {@code auto.commit.interval.ms}. */
    public static final ConfigKey<Integer> AUTO_COMMIT_INTERVAL_MS = ConfigKey.builder(
                    "auto.commit.interval.ms", ConfigType.INT)
            .defaultValue(5_000)
            .validator(Validators.atLeast(0))
            .importance(Importance.LOW)
            .documentation("How often to auto-commit.")
            .build();

    /** {@code auto.offset.reset}. */
    public static final ConfigKey<String> AUTO_OFFSET_RESET = ConfigKey.builder("auto.offset.reset", ConfigType.STRING)
            .defaultValue("latest")
            .validator(Validators.oneOfIgnoringCase("earliest", "latest", "none"))
            .importance(Importance.MEDIUM)
            .documentation("Where to start when there is no committed offset or it is out of range: earliest,"
                    + " latest, or none (fail with NoOffsetForPartitionException).")
            .build();

    /** {@code isolation.level}. */
    public static final ConfigKey<String> ISOLATION_LEVEL = ConfigKey.builder("isolation.level", ConfigType.STRING)
            .defaultValue("read_uncommitted")
            .validator(Validators.oneOfIgnoringCase("read_uncommitted", "read_committed"))
            .importance(Importance.MEDIUM)
            .documentation("read_committed hides records of aborted transactions and waits for open ones.")
            .build();

    /** {@code max.poll.records}. */
    public static final ConfigKey<Integer> MAX_POLL_RECORDS = ConfigKey.builder("max.poll.records", ConfigType.INT)
            .defaultValue(500)
            .validator(Validators.atLeast(1))
            .importance(Importance.MEDIUM)
            .documentation("The most records one poll() returns.")
            .build();

    /** {@code max.poll.interval.ms}. */
    public static final ConfigKey<Integer> MAX_POLL_INTERVAL_MS = ConfigKey.builder(
                    "max.poll.interval.ms", ConfigType.INT)
            .defaultValue(300_000)
            .validator(Validators.atLeast(1))
            .importance(Importance.MEDIUM)
            .documentation("The longest the application may go between polls before the consumer leaves the group"
                    + " so that its partitions move; also the rebalance timeout sent to the broker.")
            .build();

    /** {@code fetch.min.bytes}. */
    public static final ConfigKey<Integer> FETCH_MIN_BYTES = ConfigKey.builder("fetch.min.bytes", ConfigType.INT)
            .defaultValue(1)
            .validator(Validators.atLeast(0))
            .importance(Importance.LOW)
            .documentation("The broker waits for this much data, up to fetch.max.wait.ms, before answering a fetch.")
            .build();

    /** {@code fetch.max.bytes}. */
    public static final ConfigKey<Integer> FETCH_MAX_BYTES = ConfigKey.builder("fetch.max.bytes", ConfigType.INT)
            .defaultValue(52_428_800)
            .validator(Validators.atLeast(0))
            .importance(Importance.MEDIUM)
            .documentation("The most data one fetch response carries. Kanal also uses it as the bound of all"
                    + " prefetched data across partitions, counted decoded (decompressed).")
            .build();

    /** {@code fetch.max.wait.ms}. */
    public static final ConfigKey<Integer> FETCH_MAX_WAIT_MS = ConfigKey.builder("fetch.max.wait.ms", ConfigType.INT)
            .defaultValue(500)
            .validator(Validators.atLeast(0))
            .importance(Importance.LOW)
            .documentation("How long the broker may hold a fetch waiting for fetch.min.bytes.")
            .build();

    /** {@code max.partition.fetch.bytes}. */
    public static final ConfigKey<Integer> MAX_PARTITION_FETCH_BYTES = ConfigKey.builder(
                    "max.partition.fetch.bytes", ConfigType.INT)
            .defaultValue(1_048_576)
            .validator(Validators.atLeast(0))
            .importance(Importance.MEDIUM)
            .documentation("The most data per partition in one fetch response.")
            .build();

    /** {@code client.rack}. */
    public static final ConfigKey<String> CLIENT_RACK = ConfigKey.builder("client.rack", ConfigType.STRING)
            .defaultValue("")
            .importance(Importance.LOW)
            .documentation(
                    "The rack of this client, so the broker can point it to a replica in the same rack" + " (KIP-392).")
            .build();

    /** {@code check.crcs}. */
    public static final ConfigKey<Boolean> CHECK_CRCS = ConfigKey.builder("check.crcs", ConfigType.BOOLEAN)
            .defaultValue(true)
            .importance(Importance.LOW)
            .documentation("Verify the CRC-32C of every fetched batch; a mismatch fails poll() with"
                    + " CorruptRecordException and the batch is never delivered.")
            .build();

    /** Every consumer key, the common client keys included. */
    public static final ConfigSpec SPEC = ConfigSpec.builder()
            .include(CommonClientConfigs.SPEC)
            .define(GROUP_ID)
            .define(GROUP_PROTOCOL)
            .define(GROUP_INSTANCE_ID)
            .define(GROUP_REMOTE_ASSIGNOR)
            .define(ENABLE_AUTO_COMMIT)
            .define(AUTO_COMMIT_INTERVAL_MS)
            .define(AUTO_OFFSET_RESET)
            .define(ISOLATION_LEVEL)
            .define(MAX_POLL_RECORDS)
            .define(MAX_POLL_INTERVAL_MS)
            .define(FETCH_MIN_BYTES)
            .define(FETCH_MAX_BYTES)
            .define(FETCH_MAX_WAIT_MS)
            .define(MAX_PARTITION_FETCH_BYTES)
            .define(CLIENT_RACK)
            .define(CHECK_CRCS)
            .build();

    private ConsumerConfig() {}
}
