package io.kanal.runtime.store.kafka;

import java.util.List;
import java.util.Objects;

/**
 * Which config-topic writes belong to the group's leader, and how they are made, when the worker's {@code
 * exactly.once.source.support} is {@code preparing} or {@code enabled} (KIP-618), as Kafka Connect's {@code
 * KafkaConfigBackingStore} decides it:
 *
 * <ul>
 *   <li>the leader's writes (connector configs and deletions, task configs and their commit, restart requests, task
 *       count records, session keys) go through one transactional producer whose {@code transactional.id} is {@link
 *       #transactionalId Connect's} {@code connect-cluster-<group.id>}, one transaction per write; the leader takes the
 *       id when it is elected, which fences the producer of any earlier leader, so a zombie leader can no longer write;
 *   <li>target states (pause, resume) and cluster-wide logger levels may be written by any worker, with the plain
 *       idempotent producer, as in Connect.
 * </ul>
 *
 * <p>Stateless; any thread.
 */
public final class LeaderWriteRules {

    /** Connect's prefix of the leader's transactional id ({@code DistributedConfig.transactionalProducerId}). */
    public static final String TRANSACTIONAL_ID_PREFIX = "connect-cluster-";

    /** How a write goes, before it is made. */
    public enum Decision {
        /** The idempotent producer: the worker has no transactional leader, or anyone may write these records. */
        PLAIN,
        /** In a transaction of the producer this worker holds as leader. */
        TRANSACTIONAL,
        /** This worker is the leader but does not hold the id yet: take it (fencing any other holder), then write. */
        CLAIM_THEN_TRANSACTIONAL,
        /** A leader's write on a worker that is not the leader (or gave leadership up after being fenced): refused. */
        REFUSE
    }

    private LeaderWriteRules() {}

    /**
     * The transactional id of the leader's config-topic producer, Connect's, so that Kanal and Apache leaders of one
     * group fence each other.
     *
     * @param groupId the worker group's {@code group.id}
     * @return {@code connect-cluster-<group.id>}
     */
    public static String transactionalId(String groupId) {
        return TRANSACTIONAL_ID_PREFIX + Objects.requireNonNull(groupId, "groupId");
    }

    /**
     * Whether a record is the leader's to write.
     *
     * @param record the record
     * @return false only for target states and logger levels, which any worker writes
     */
    public static boolean privileged(ConfigRecord record) {
        return !(record instanceof ConfigRecord.TargetStateChange || record instanceof ConfigRecord.LoggerLevel);
    }

    /**
     * Whether one write (records that go together) is the leader's: it is when any of its records is.
     *
     * @param records the records of the write
     * @return true when one of them is {@link #privileged}
     */
    public static boolean privileged(List<? extends ConfigRecord> records) {
        return records.stream().anyMatch(LeaderWriteRules::privileged);
    }

    /**
     * How a write goes.
     *
     * @param transactionalLeader whether the worker's mode is {@code preparing} or {@code enabled}
     * @param privileged whether the write is the leader's ({@link #privileged(List)})
     * @param held whether this worker holds the transactional producer now
     * @param leader whether this worker is the leader of its current generation and was not fenced since
     * @return the decision
     */
    public static Decision decide(boolean transactionalLeader, boolean privileged, boolean held, boolean leader) {
        if (!transactionalLeader || !privileged) {
            return Decision.PLAIN;
        }
        if (!leader) {
            return Decision.REFUSE;
        }
        return held ? Decision.TRANSACTIONAL : Decision.CLAIM_THEN_TRANSACTIONAL;
    }
}
