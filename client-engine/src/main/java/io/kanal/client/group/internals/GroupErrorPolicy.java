package io.kanal.client.group.internals;

import io.kanal.client.errors.BrokerErrors;
import io.kanal.client.errors.Causes;
import io.kanal.client.errors.ErrorCategory;
import io.kanal.client.errors.Errors;
import io.kanal.client.errors.KafkaException;
import java.nio.ByteBuffer;
import java.util.Map;

/**
 * What an error code in a JoinGroup, SyncGroup or Heartbeat response means for the member, as Kafka's
 * {@code AbstractCoordinator} (4.4) decides it. Codes not listed: retriable ones are retried after back-off,
 * others are fatal for JoinGroup and SyncGroup (Kafka raises them to the application) and retried for Heartbeat
 * (Kafka's heartbeat thread backs off).
 */
final class GroupErrorPolicy {
    /** The outcomes. */
    enum Outcome {
        /** Rejoin at once, keeping member id and generation (REBALANCE_IN_PROGRESS on JoinGroup or SyncGroup). */
        REJOIN,
        /** Retry after back-off (COORDINATOR_LOAD_IN_PROGRESS, other retriable codes). */
        RETRY,
        /** Take the member id the broker gave and rejoin at once (KIP-394). */
        MEMBER_ID_REQUIRED,
        /** The generation is gone but the member id is still valid (ILLEGAL_GENERATION): lost, rejoin at once. */
        RESET_GENERATION,
        /** The member is unknown (UNKNOWN_MEMBER_ID): lost, rejoin at once with an empty member id. */
        RESET_MEMBER,
        /** The coordinator moved or is down: look it up again, then retry after back-off. */
        FIND_COORDINATOR,
        /** A Heartbeat says the group rebalances: rejoin if STABLE, else ignore. */
        REBALANCE,
        /** Retrying cannot help. */
        FATAL
    }

    private GroupErrorPolicy() {}

    static Outcome forJoinGroup(Errors error) {
        return switch (error) {
            case MEMBER_ID_REQUIRED -> Outcome.MEMBER_ID_REQUIRED;
            case REBALANCE_IN_PROGRESS -> Outcome.REJOIN;
            case UNKNOWN_MEMBER_ID -> Outcome.RESET_MEMBER;
            case NOT_COORDINATOR, COORDINATOR_NOT_AVAILABLE -> Outcome.FIND_COORDINATOR;
            case COORDINATOR_LOAD_IN_PROGRESS -> Outcome.RETRY;
            case FENCED_INSTANCE_ID,
                    INCONSISTENT_GROUP_PROTOCOL,
                    INVALID_SESSION_TIMEOUT,
                    INVALID_GROUP_ID,
                    GROUP_AUTHORIZATION_FAILED,
                    GROUP_MAX_SIZE_REACHED,
                    UNSUPPORTED_VERSION -> Outcome.FATAL;
            default -> error.retriable() ? Outcome.RETRY : Outcome.FATAL;
        };
    }

    static Outcome forSyncGroup(Errors error) {
        return switch (error) {
            case REBALANCE_IN_PROGRESS -> Outcome.REJOIN;
            case UNKNOWN_MEMBER_ID -> Outcome.RESET_MEMBER;
            case ILLEGAL_GENERATION -> Outcome.RESET_GENERATION;
            case NOT_COORDINATOR, COORDINATOR_NOT_AVAILABLE -> Outcome.FIND_COORDINATOR;
            case FENCED_INSTANCE_ID, GROUP_AUTHORIZATION_FAILED -> Outcome.FATAL;
            default -> error.retriable() ? Outcome.RETRY : Outcome.FATAL;
        };
    }

    /**
     * The Heartbeat outcome. GROUP_AUTHORIZATION_FAILED is fatal here, where Kafka's heartbeat thread only backs off
     * and lets the session run out: without the permission the member cannot rejoin either.
     */
    static Outcome forHeartbeat(Errors error) {
        return switch (error) {
            case REBALANCE_IN_PROGRESS -> Outcome.REBALANCE;
            case UNKNOWN_MEMBER_ID -> Outcome.RESET_MEMBER;
            case ILLEGAL_GENERATION -> Outcome.RESET_GENERATION;
            case NOT_COORDINATOR, COORDINATOR_NOT_AVAILABLE -> Outcome.FIND_COORDINATOR;
            case FENCED_INSTANCE_ID, GROUP_AUTHORIZATION_FAILED -> Outcome.FATAL;
            default -> Outcome.RETRY;
        };
    }

    /**
     * The failure of a request or of user code as a {@link KafkaException}: completion wrappers are taken off, other
     * throwables are wrapped (and so count as fatal).
     */
    static KafkaException asKafkaException(Throwable failure) {
        Throwable t = Causes.unwrap(failure);
        return t instanceof KafkaException k ? k : new KafkaException(String.valueOf(t), t);
    }

    /** Whether retrying after back-off (and a coordinator lookup) can help: lost connections and timeouts. */
    static boolean isRetriable(KafkaException error) {
        return error.category() == ErrorCategory.RETRIABLE || error.category() == ErrorCategory.REFRESH_RETRIABLE;
    }

    /** Whether the coordinator named a protocol type or name (v5+/v7+) other than this member's (KIP-559). */
    static boolean differs(String fromCoordinator, String own) {
        return fromCoordinator != null && !fromCoordinator.equals(own);
    }

    static KafkaException inconsistent(String api, String fromCoordinator, String own) {
        return BrokerErrors.exception(
                Errors.INCONSISTENT_GROUP_PROTOCOL,
                api + " answered protocol " + fromCoordinator + " where this member uses " + own);
    }

    /** Whether a leader's assignment map has no null key or value. */
    static boolean isComplete(Map<String, ByteBuffer> assignments) {
        if (assignments == null) {
            return false;
        }
        for (Map.Entry<String, ByteBuffer> e : assignments.entrySet()) {
            if (e.getKey() == null || e.getValue() == null) {
                return false;
            }
        }
        return true;
    }
}
