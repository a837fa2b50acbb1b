package io.kanal.client.group;

import io.kanal.client.common.ExponentialBackoff;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The settings of a classic group member, with Kafka's names and, by default, Kafka Connect's values.
 *
 * @param groupId {@code group.id}
 * @param groupInstanceId {@code group.instance.id} for static membership (KIP-345), or null for a dynamic member
 * @param sessionTimeoutMs {@code session.timeout.ms}: the coordinator removes a member it has not heard from for this
 *     long; the member considers its session expired after as long without a successful heartbeat
 * @param rebalanceTimeoutMs {@code rebalance.timeout.ms} ({@code max.poll.interval.ms} for a consumer): how long the
 *     coordinator waits for every member to rejoin
 * @param heartbeatIntervalMs {@code heartbeat.interval.ms}, lower than the session timeout
 * @param requestTimeoutMs {@code request.timeout.ms} for SyncGroup, Heartbeat and LeaveGroup; a JoinGroup waits
 *     longer (see {@link #joinGroupTimeoutMs()})
 * @param backoff {@code retry.backoff.ms} / {@code retry.backoff.max.ms}, for every retry
 */
public record ClassicGroupConfig(
        String groupId,
        String groupInstanceId,
        int sessionTimeoutMs,
        int rebalanceTimeoutMs,
        int heartbeatIntervalMs,
        int requestTimeoutMs,
        ExponentialBackoff backoff) {
    /** Kafka Connect's {@code session.timeout.ms}. */
    public static final int DEFAULT_SESSION_TIMEOUT_MS = 10_000;
    /** Kafka Connect's {@code rebalance.timeout.ms}. */
    public static final int DEFAULT_REBALANCE_TIMEOUT_MS = 60_000;
    /** Kafka's {@code heartbeat.interval.ms}. */
    public static final int DEFAULT_HEARTBEAT_INTERVAL_MS = 3_000;
    /** Kafka Connect's {@code request.timeout.ms}. */
    public static final int DEFAULT_REQUEST_TIMEOUT_MS = 40_000;
    /** Kafka's {@code retry.backoff.ms} and {@code retry.backoff.max.ms}. */
    public static final ExponentialBackoff DEFAULT_BACKOFF = new ExponentialBackoff(100, 1_000);

    /** What the coordinator adds to the rebalance timeout for a JoinGroup's own timeout, as Kafka's client does. */
    static final int JOIN_GROUP_TIMEOUT_LAPSE_MS = 5_000;

    private static final Pattern LEGAL_INSTANCE_ID = Pattern.compile("[a-zA-Z0-9._-]+");

    /** Validates the settings together. */
    public ClassicGroupConfig {
        Objects.requireNonNull(groupId, "groupId");
        Objects.requireNonNull(backoff, "backoff");
        if (groupId.isEmpty()) {
            throw new IllegalArgumentException("group membership needs a non-empty group.id");
        }
        if (groupInstanceId != null) {
            validateInstanceId(groupInstanceId);
        }
        if (sessionTimeoutMs <= 0 || rebalanceTimeoutMs <= 0 || heartbeatIntervalMs <= 0 || requestTimeoutMs <= 0) {
            throw new IllegalArgumentException("session, rebalance, heartbeat and request timeouts must be positive");
        }
        if (heartbeatIntervalMs >= sessionTimeoutMs) {
            throw new IllegalArgumentException("heartbeat.interval.ms (" + heartbeatIntervalMs
                    + ") must be lower than session.timeout.ms (" + sessionTimeoutMs + ")");
        }
    }

    /** The rules Kafka applies to {@code group.instance.id} (those of a topic name). */
    private static void validateInstanceId(String id) {
        if (id.isEmpty() || id.equals(".") || id.equals("..") || id.length() > 249) {
            throw new IllegalArgumentException("group.instance.id must be 1 to 249 characters and not '.' or '..'");
        }
        if (!LEGAL_INSTANCE_ID.matcher(id).matches()) {
            throw new IllegalArgumentException(
                    "group.instance.id '" + id + "' may only contain ASCII letters, digits, '.', '_' and '-'");
        }
    }

    /**
     * Starts settings for a group with the default values.
     *
     * @param groupId the group
     * @return a builder
     */
    public static Builder builder(String groupId) {
        return new Builder(groupId);
    }

    /**
     * A builder starting from these settings.
     *
     * @return a builder
     */
    public Builder toBuilder() {
        return new Builder(groupId)
                .groupInstanceId(groupInstanceId)
                .sessionTimeoutMs(sessionTimeoutMs)
                .rebalanceTimeoutMs(rebalanceTimeoutMs)
                .heartbeatIntervalMs(heartbeatIntervalMs)
                .requestTimeoutMs(requestTimeoutMs)
                .backoff(backoff);
    }

    /**
     * Whether this is a static member.
     *
     * @return true if a {@code group.instance.id} is set
     */
    public boolean isStatic() {
        return groupInstanceId != null;
    }

    /**
     * The timeout of a JoinGroup request: the coordinator may hold it for the whole rebalance timeout, so it is that
     * plus 5 s, and never less than the request timeout (Kafka's {@code AbstractCoordinator} does the same).
     *
     * @return milliseconds
     */
    public int joinGroupTimeoutMs() {
        long join = (long) rebalanceTimeoutMs + JOIN_GROUP_TIMEOUT_LAPSE_MS;
        return (int) Math.min(Integer.MAX_VALUE, Math.max(requestTimeoutMs, join));
    }

    /** Builds {@link ClassicGroupConfig}s. Not thread-safe. */
    public static final class Builder {
        private final String groupId;
        private String groupInstanceId;
        private int sessionTimeoutMs = DEFAULT_SESSION_TIMEOUT_MS;
        private int rebalanceTimeoutMs = DEFAULT_REBALANCE_TIMEOUT_MS;
        private int heartbeatIntervalMs = DEFAULT_HEARTBEAT_INTERVAL_MS;
        private int requestTimeoutMs = DEFAULT_REQUEST_TIMEOUT_MS;
        private ExponentialBackoff backoff = DEFAULT_BACKOFF;

        private Builder(String groupId) {
            this.groupId = groupId;
        }

        /**
         * Sets {@code group.instance.id}.
         *
         * @param value the instance id, or null for a dynamic member
         * @return this
         */
        public Builder groupInstanceId(String value) {
            this.groupInstanceId = value;
            return this;
        }

        /**
         * Sets {@code session.timeout.ms}.
         *
         * @param value milliseconds
         * @return this
         */
        public Builder sessionTimeoutMs(int value) {
            this.sessionTimeoutMs = value;
            return this;
        }

        /**
         * Sets {@code rebalance.timeout.ms}.
         *
         * @param value milliseconds
         * @return this
         */
        public Builder rebalanceTimeoutMs(int value) {
            this.rebalanceTimeoutMs = value;
            return this;
        }

        /**
         * Sets {@code heartbeat.interval.ms}.
         *
         * @param value milliseconds
         * @return this
         */
        public Builder heartbeatIntervalMs(int value) {
            this.heartbeatIntervalMs = value;
            return this;
        }

        /**
         * Sets {@code request.timeout.ms}.
         *
         * @param value milliseconds
         * @return this
         */
        public Builder requestTimeoutMs(int value) {
            this.requestTimeoutMs = value;
            return this;
        }

        /**
         * Sets the retry back-off.
         *
         * @param value the back-off
         * @return this
         */
        public Builder backoff(ExponentialBackoff value) {
            this.backoff = value;
            return this;
        }

        /**
         * Validates and creates the settings.
         *
         * @return the settings
         */
        public ClassicGroupConfig build() {
            return new ClassicGroupConfig(
                    groupId,
                    groupInstanceId,
                    sessionTimeoutMs,
                    rebalanceTimeoutMs,
                    heartbeatIntervalMs,
                    requestTimeoutMs,
                    backoff);
        }
    }
}
