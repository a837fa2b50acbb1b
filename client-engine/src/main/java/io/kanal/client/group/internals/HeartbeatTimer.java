package io.kanal.client.group.internals;

import io.kanal.client.common.ExponentialBackoff;

/**
 * When the next Heartbeat may go and when the session runs out, following Kafka's classic {@code Heartbeat}: started
 * when the member enters a state that heartbeats (which resets both timers), a heartbeat is due
 * {@code heartbeat.interval.ms} after the previous one was sent, a failed one is retried after exponential back-off,
 * and the session expires {@code session.timeout.ms} after the last successful heartbeat (or the start). Unlike
 * Kafka's client, at most one heartbeat is in flight.
 *
 * <p>Pure logic with time passed in; owned by the machine's thread.
 */
final class HeartbeatTimer {
    private final int intervalMs;
    private final int sessionTimeoutMs;
    private final ExponentialBackoff backoff;
    private boolean running;
    private boolean inFlight;
    private long requestId;
    private long nextDueMs;
    private long sessionDeadlineMs;
    private int failures;

    HeartbeatTimer(int intervalMs, int sessionTimeoutMs, ExponentialBackoff backoff) {
        this.intervalMs = intervalMs;
        this.sessionTimeoutMs = sessionTimeoutMs;
        this.backoff = backoff;
    }

    void start(long nowMs) {
        running = true;
        forgetInFlight();
        failures = 0;
        nextDueMs = nowMs + intervalMs;
        sessionDeadlineMs = nowMs + sessionTimeoutMs;
    }

    void stop() {
        running = false;
        forgetInFlight();
    }

    boolean running() {
        return running;
    }

    boolean due(long nowMs) {
        return running && !inFlight && nowMs >= nextDueMs;
    }

    void onSent(long nowMs, long id) {
        inFlight = true;
        requestId = id;
        nextDueMs = nowMs + intervalMs;
    }

    /** Whether {@code id} is the heartbeat in flight, whose outcome counts. */
    boolean awaits(long id) {
        return inFlight && id == requestId;
    }

    /** A heartbeat was answered without error, or with REBALANCE_IN_PROGRESS: the coordinator knows the member. */
    void onSuccess(long nowMs) {
        forgetInFlight();
        failures = 0;
        sessionDeadlineMs = nowMs + sessionTimeoutMs;
    }

    void onFailure(long nowMs) {
        forgetInFlight();
        failures++;
        nextDueMs = nowMs + backoff.delayMs(failures);
    }

    /** Forgets a heartbeat whose outcome will not be looked at (the coordinator was lost). */
    void forgetInFlight() {
        inFlight = false;
        requestId = 0;
    }

    boolean sessionExpired(long nowMs) {
        return running && nowMs >= sessionDeadlineMs;
    }

    long sessionDeadlineMs() {
        return running ? sessionDeadlineMs : Long.MAX_VALUE;
    }

    /** When the next heartbeat is due; {@link Long#MAX_VALUE} while one is in flight or when stopped. */
    long nextDueMs() {
        return running && !inFlight ? nextDueMs : Long.MAX_VALUE;
    }
}
