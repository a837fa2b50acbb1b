package io.kanal.client.group.internals;

import io.kanal.client.common.ExponentialBackoff;

/**
 * Whether the group coordinator is known, and when to ask the driver to look it up (again): one lookup at a time,
 * retried after exponential back-off when it fails.
 *
 * <p>Pure logic with time passed in; owned by the machine's thread.
 */
final class CoordinatorTracker {
    private final ExponentialBackoff backoff;
    private boolean known;
    private boolean lookupInFlight;
    private int failures;
    private long retryAtMs;

    CoordinatorTracker(ExponentialBackoff backoff) {
        this.backoff = backoff;
    }

    boolean known() {
        return known;
    }

    boolean lookupDue(long nowMs) {
        return !known && !lookupInFlight && nowMs >= retryAtMs;
    }

    void onLookupStarted() {
        lookupInFlight = true;
    }

    void onFound() {
        known = true;
        lookupInFlight = false;
        failures = 0;
        retryAtMs = 0;
    }

    void onLookupFailed(long nowMs) {
        lookupInFlight = false;
        failures++;
        retryAtMs = nowMs + backoff.delayMs(failures);
    }

    void markUnknown() {
        known = false;
    }

    /** When a lookup is due; {@link Long#MAX_VALUE} if the coordinator is known or a lookup is in flight. */
    long nextLookupMs() {
        return known || lookupInFlight ? Long.MAX_VALUE : retryAtMs;
    }
}
