package io.kanal.client.consumer.internals;

import io.kanal.client.IsolationLevel;
import io.kanal.client.config.CommonClientConfigs;
import io.kanal.client.consumer.ConsumerConfig;
import io.kanal.client.errors.InvalidConfigException;
import io.kanal.config.ParsedConfig;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The consumer's settings, typed, read once from the parsed configuration.
 *
 * @param groupId the group, empty for manual assignment without commits
 * @param instanceId the static member id, if any
 * @param remoteAssignor the server assignor, if any
 * @param autoCommit whether to auto-commit
 * @param autoCommitIntervalMs the auto-commit period
 * @param resetPolicy what to do without a valid position
 * @param readCommitted whether isolation.level is read_committed
 * @param maxPollRecords the most records per poll
 * @param maxPollIntervalMs the longest gap between polls, also the rebalance timeout
 * @param fetchMinBytes fetch.min.bytes
 * @param fetchMaxBytes fetch.max.bytes, also the prefetch budget
 * @param fetchMaxWaitMs fetch.max.wait.ms
 * @param maxPartitionFetchBytes max.partition.fetch.bytes
 * @param clientRack the rack, empty if unset
 * @param checkCrcs whether to verify batch CRCs
 * @param defaultApiTimeoutMs default.api.timeout.ms
 * @param requestTimeoutMs request.timeout.ms
 * @param retryBackoffMs retry.backoff.ms
 * @param retryBackoffMaxMs retry.backoff.max.ms
 */
record ConsumerSettings(
        Optional<String> groupId,
        Optional<String> instanceId,
        Optional<String> remoteAssignor,
        boolean autoCommit,
        int autoCommitIntervalMs,
        ResetPolicy resetPolicy,
        boolean readCommitted,
        int maxPollRecords,
        int maxPollIntervalMs,
        int fetchMinBytes,
        int fetchMaxBytes,
        int fetchMaxWaitMs,
        int maxPartitionFetchBytes,
        String clientRack,
        boolean checkCrcs,
        int defaultApiTimeoutMs,
        int requestTimeoutMs,
        long retryBackoffMs,
        long retryBackoffMaxMs) {

    /** Where to go when a partition has no valid position. */
    public enum ResetPolicy {
        /** The log start offset. */
        EARLIEST,
        /** The end offset. */
        LATEST,
        /** Fail with NoOffsetForPartitionException. */
        NONE
    }

    private static final Set<String> CLASSIC_ONLY =
            Set.of("partition.assignment.strategy", "session.timeout.ms", "heartbeat.interval.ms");

    /**
     * Reads the settings and checks the combinations Kafka also rejects.
     *
     * @param config the parsed settings
     * @param raw the user's map, to spot classic-protocol keys
     * @return the settings
     * @throws InvalidConfigException for 'classic', classic-only keys, or a static member without a group
     */
    public static ConsumerSettings from(ParsedConfig config, Map<String, ?> raw) {
        if (config.get(ConsumerConfig.GROUP_PROTOCOL).equalsIgnoreCase("classic")) {
            throw new InvalidConfigException("group.protocol=classic is not supported by Kanal's consumer: it speaks"
                    + " the KIP-848 'consumer' protocol only (brokers 4.0+); remove the setting or set it to"
                    + " 'consumer'");
        }
        for (String key : CLASSIC_ONLY) {
            if (raw.containsKey(key)) {
                throw new InvalidConfigException(key + " is a classic group protocol setting and is not allowed with"
                        + " group.protocol=consumer; the broker's group.consumer.* settings control it instead");
            }
        }
        Optional<String> group = config.find(ConsumerConfig.GROUP_ID).filter(s -> !s.isEmpty());
        Optional<String> instance =
                config.find(ConsumerConfig.GROUP_INSTANCE_ID).filter(s -> !s.isEmpty());
        if (instance.isPresent() && group.isEmpty()) {
            throw new InvalidConfigException("group.instance.id needs group.id");
        }
        return new ConsumerSettings(
                group,
                instance,
                config.find(ConsumerConfig.GROUP_REMOTE_ASSIGNOR).filter(s -> !s.isEmpty()),
                config.get(ConsumerConfig.ENABLE_AUTO_COMMIT) && group.isPresent(),
                config.get(ConsumerConfig.AUTO_COMMIT_INTERVAL_MS),
                ResetPolicy.valueOf(config.get(ConsumerConfig.AUTO_OFFSET_RESET).toUpperCase(Locale.ROOT)),
                config.get(ConsumerConfig.ISOLATION_LEVEL).equalsIgnoreCase("read_committed"),
                config.get(ConsumerConfig.MAX_POLL_RECORDS),
                config.get(ConsumerConfig.MAX_POLL_INTERVAL_MS),
                config.get(ConsumerConfig.FETCH_MIN_BYTES),
                config.get(ConsumerConfig.FETCH_MAX_BYTES),
                config.get(ConsumerConfig.FETCH_MAX_WAIT_MS),
                config.get(ConsumerConfig.MAX_PARTITION_FETCH_BYTES),
                config.get(ConsumerConfig.CLIENT_RACK),
                config.get(ConsumerConfig.CHECK_CRCS),
                config.get(CommonClientConfigs.DEFAULT_API_TIMEOUT_MS),
                config.get(CommonClientConfigs.REQUEST_TIMEOUT_MS),
                config.get(CommonClientConfigs.RETRY_BACKOFF_MS),
                Math.max(
                        config.get(CommonClientConfigs.RETRY_BACKOFF_MS),
                        config.get(CommonClientConfigs.RETRY_BACKOFF_MAX_MS)));
    }

    /**
     * The isolation level of Fetch and ListOffsets.
     *
     * @return READ_COMMITTED for read_committed, else READ_UNCOMMITTED
     */
    public IsolationLevel isolationLevel() {
        return readCommitted ? IsolationLevel.READ_COMMITTED : IsolationLevel.READ_UNCOMMITTED;
    }
}
