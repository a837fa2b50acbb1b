package io.kanal.client.consumer.internals;

import io.kanal.client.common.ExponentialBackoff;

/**
 * When the next heartbeat may go: every heartbeat interval (taken from every successful response), at once when the
 * state needs it, never while one is in flight, and after an exponential back-off following a failure.
 *
 * <p>Pure logic with time passed in; owned by the background thread.
 */
final class HeartbeatScheduler {
    private final ExponentialBackoff backoff;
    private long intervalMs;
    private long nextDueMs;
    private long backoffUntilMs;
    private int failures;
    private boolean inFlight;

    HeartbeatScheduler(ExponentialBackoff backoff) {
        this.backoff = backoff;
    }

    boolean canSend(long nowMs, boolean urgent) {
        return !inFlight && nowMs >= backoffUntilMs && (urgent || nowMs >= nextDueMs);
    }

    long nextWakeupMs(long nowMs, boolean urgent) {
        if (inFlight) {
            return Long.MAX_VALUE;
        }
        return Math.max(backoffUntilMs, urgent ? nowMs : nextDueMs);
    }

    void onSent(long nowMs) {
        inFlight = true;
        nextDueMs = nowMs + intervalMs;
    }

    void onSuccess(long nowMs, int responseIntervalMs) {
        inFlight = false;
        failures = 0;
        backoffUntilMs = 0;
        if (responseIntervalMs > 0) {
            intervalMs = responseIntervalMs;
        }
        nextDueMs = nowMs + intervalMs;
    }

    /**
     * A failed heartbeat.
     *
     * @param nowMs the time
     * @param withBackoff false to retry at once (coordinator moved, fenced)
     */
    void onFailure(long nowMs, boolean withBackoff) {
        inFlight = false;
        if (withBackoff) {
            failures++;
            backoffUntilMs = nowMs + backoff.delayMs(failures);
        } else {
            backoffUntilMs = 0;
        }
        nextDueMs = nowMs;
    }

    /** The next heartbeat may go at once (a new subscription, a rejoin). */
    void expedite() {
        nextDueMs = 0;
        backoffUntilMs = 0;
        failures = 0;
    }

    /** Forgets a request whose response will never come (the coordinator was replaced). */
    void clearInFlight() {
        inFlight = false;
    }

    boolean inFlight() {
        return inFlight;
    }

    long intervalMs() {
        return intervalMs;
    }
}
