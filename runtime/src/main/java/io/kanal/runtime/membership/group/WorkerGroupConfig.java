package io.kanal.runtime.membership.group;

import io.kanal.client.config.CommonClientConfigs;
import io.kanal.client.group.ClassicGroupConfig;
import io.kanal.runtime.membership.protocol.ConnectProtocolCompatibility;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The worker group settings of a distributed worker, with Kafka Connect's key names. Kanal's defaults aim at failover
 * in seconds rather than Connect's minutes ({@code session.timeout.ms} 6 s instead of 10 s, {@code
 * heartbeat.interval.ms} 2 s instead of 3 s, {@code scheduled.rebalance.max.delay.ms} 5 s instead of 5 min); a user
 * who sets Connect's values gets Connect's behaviour.
 *
 * @param groupId {@code group.id}
 * @param advertisedUrl this worker's advertised REST URL, sent in the join metadata and keying it in the assignor
 * @param compatibility {@code connect.protocol}: which subprotocols are offered
 * @param sessionTimeoutMs {@code session.timeout.ms}
 * @param heartbeatIntervalMs {@code heartbeat.interval.ms}
 * @param rebalanceTimeoutMs {@code rebalance.timeout.ms}
 * @param requestTimeoutMs {@code request.timeout.ms}
 * @param scheduledRebalanceMaxDelayMs {@code scheduled.rebalance.max.delay.ms}: how long a dead worker's work waits
 * @param workerSyncTimeoutMs {@code worker.sync.timeout.ms}: how long the leader (and a member told {@code
 *     CONFIG_MISMATCH}) reads the config topic to catch up before giving up on this rebalance
 * @param clientSettings the common client settings ({@code bootstrap.servers}, {@code security.protocol}, ...) from
 *     the worker's top-level keys
 */
public record WorkerGroupConfig(
        String groupId,
        String advertisedUrl,
        ConnectProtocolCompatibility compatibility,
        int sessionTimeoutMs,
        int heartbeatIntervalMs,
        int rebalanceTimeoutMs,
        int requestTimeoutMs,
        int scheduledRebalanceMaxDelayMs,
        int workerSyncTimeoutMs,
        Map<String, Object> clientSettings) {

    /** Kanal's {@code session.timeout.ms} for workers (Connect: 10000). */
    public static final int DEFAULT_SESSION_TIMEOUT_MS = 6_000;
    /** Kanal's {@code heartbeat.interval.ms} for workers (Connect: 3000). */
    public static final int DEFAULT_HEARTBEAT_INTERVAL_MS = 2_000;
    /** Connect's {@code rebalance.timeout.ms}. */
    public static final int DEFAULT_REBALANCE_TIMEOUT_MS = 60_000;
    /** Connect's worker {@code request.timeout.ms}. */
    public static final int DEFAULT_REQUEST_TIMEOUT_MS = 40_000;
    /** Kanal's {@code scheduled.rebalance.max.delay.ms} (Connect: 300000). */
    public static final int DEFAULT_SCHEDULED_REBALANCE_MAX_DELAY_MS = 5_000;

    /** Connect's {@code worker.sync.timeout.ms}. */
    public static final int DEFAULT_WORKER_SYNC_TIMEOUT_MS = 3_000;

    /** Validates the settings and copies the client settings. */
    public WorkerGroupConfig {
        Objects.requireNonNull(groupId, "groupId");
        Objects.requireNonNull(advertisedUrl, "advertisedUrl");
        Objects.requireNonNull(compatibility, "compatibility");
        clientSettings = Map.copyOf(clientSettings);
        if (groupId.isEmpty()) {
            throw new IllegalArgumentException("distributed mode needs a non-empty group.id");
        }
        if (scheduledRebalanceMaxDelayMs < 0) {
            throw new IllegalArgumentException("scheduled.rebalance.max.delay.ms must be >= 0");
        }
        if (workerSyncTimeoutMs <= 0) {
            throw new IllegalArgumentException("worker.sync.timeout.ms must be positive");
        }
        if (!clientSettings.containsKey("bootstrap.servers")) {
            throw new IllegalArgumentException("distributed mode needs bootstrap.servers");
        }
        workerId(advertisedUrl);
        // Validates the timeouts together (heartbeat below session, all positive).
        groupConfig(groupId, sessionTimeoutMs, heartbeatIntervalMs, rebalanceTimeoutMs, requestTimeoutMs);
    }

    /**
     * Reads the settings from a worker config. Every top-level key the engine's common client spec knows ({@code
     * bootstrap.servers}, {@code security.protocol}, {@code client.id}, back-offs, ...) goes to the group member's
     * connections; {@code client.id} defaults to {@code connect-<host:port>}.
     *
     * @param workerConfig the worker's properties
     * @param advertisedUrl this worker's advertised REST URL, e.g. {@code http://host:8083/}
     * @return the settings
     * @throws IllegalArgumentException naming the key when a value is missing or malformed
     */
    public static WorkerGroupConfig fromWorkerConfig(Map<String, String> workerConfig, String advertisedUrl) {
        String groupId = workerConfig.get("group.id");
        if (groupId == null || groupId.isBlank()) {
            throw new IllegalArgumentException("distributed mode needs group.id");
        }
        Map<String, Object> client = new LinkedHashMap<>();
        workerConfig.forEach((key, value) -> {
            if (CommonClientConfigs.SPEC.key(key).isPresent()) {
                client.put(key, value);
            }
        });
        client.putIfAbsent("client.id", "connect-" + workerId(advertisedUrl));
        return new WorkerGroupConfig(
                groupId,
                advertisedUrl,
                ConnectProtocolCompatibility.fromSetting(workerConfig.getOrDefault("connect.protocol", "sessioned")),
                intSetting(workerConfig, "session.timeout.ms", DEFAULT_SESSION_TIMEOUT_MS),
                intSetting(workerConfig, "heartbeat.interval.ms", DEFAULT_HEARTBEAT_INTERVAL_MS),
                intSetting(workerConfig, "rebalance.timeout.ms", DEFAULT_REBALANCE_TIMEOUT_MS),
                intSetting(workerConfig, "request.timeout.ms", DEFAULT_REQUEST_TIMEOUT_MS),
                intSetting(workerConfig, "scheduled.rebalance.max.delay.ms", DEFAULT_SCHEDULED_REBALANCE_MAX_DELAY_MS),
                intSetting(workerConfig, "worker.sync.timeout.ms", DEFAULT_WORKER_SYNC_TIMEOUT_MS),
                client);
    }

    /**
     * This worker's id as Connect forms it: {@code host:port} of the advertised URL.
     *
     * @return the id
     */
    public String workerId() {
        return workerId(advertisedUrl);
    }

    /**
     * The settings of the engine's group member.
     *
     * @return the classic group settings
     */
    public ClassicGroupConfig groupConfig() {
        return groupConfig(groupId, sessionTimeoutMs, heartbeatIntervalMs, rebalanceTimeoutMs, requestTimeoutMs);
    }

    /**
     * The worker id of an advertised URL: {@code host:port}, the scheme's default port when the URL has none.
     *
     * @param url the advertised URL
     * @return the id
     * @throws IllegalArgumentException if the URL has no host
     */
    static String workerId(String url) {
        try {
            URI uri = new URI(url);
            if (uri.getHost() == null) {
                throw new IllegalArgumentException("the advertised URL has no host: " + url);
            }
            int port = uri.getPort() >= 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
            return uri.getHost() + ":" + port;
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("the advertised URL is malformed: " + url, e);
        }
    }

    private static ClassicGroupConfig groupConfig(
            String groupId,
            int sessionTimeoutMs,
            int heartbeatIntervalMs,
            int rebalanceTimeoutMs,
            int requestTimeoutMs) {
        return ClassicGroupConfig.builder(groupId)
                .sessionTimeoutMs(sessionTimeoutMs)
                .heartbeatIntervalMs(heartbeatIntervalMs)
                .rebalanceTimeoutMs(rebalanceTimeoutMs)
                .requestTimeoutMs(requestTimeoutMs)
                .backoff(ClassicGroupConfig.DEFAULT_BACKOFF)
                .build();
    }

    private static int intSetting(Map<String, String> config, String key, int defaultValue) {
        String value = config.get(key);
        if (value == null || value.isBlank()) {
            return defaultValue;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be an integer", e);
        }
    }
}
