package io.kanal.plugins.http;

import java.time.Duration;
import java.util.Optional;

/**
 * When a failed request is tried again: exponential back-off from {@code initial}, doubled per retry and capped at
 * {@code max}, unless the server said when with {@code Retry-After}, which then wins (capped at {@link
 * #RETRY_AFTER_CAP}, so that a broken header cannot stall a task for days).
 *
 * @param initial the wait before the first retry
 * @param max the longest computed wait
 * @param maxRetries the retries before giving up; -1 for no bound
 */
public record RetryPolicy(Duration initial, Duration max, int maxRetries) {

    /** The longest {@code Retry-After} honoured. */
    public static final Duration RETRY_AFTER_CAP = Duration.ofMinutes(15);

    /**
     * Checks the values.
     *
     * @param initial the wait before the first retry
     * @param max the longest computed wait
     * @param maxRetries the retries before giving up; -1 for no bound
     */
    public RetryPolicy {
        if (initial.isNegative() || max.isNegative() || maxRetries < -1) {
            throw new IllegalArgumentException("negative retry settings");
        }
    }

    /**
     * Whether another retry is allowed.
     *
     * @param retriesSoFar the retries already made for this request
     * @return true when one more may be made
     */
    public boolean allows(int retriesSoFar) {
        return maxRetries < 0 || retriesSoFar < maxRetries;
    }

    /**
     * The wait before a retry.
     *
     * @param retriesSoFar the retries already made for this request (0 before the first retry)
     * @param retryAfter what the server asked for, if anything
     * @return the wait
     */
    public Duration delay(int retriesSoFar, Optional<Duration> retryAfter) {
        if (retryAfter.isPresent()) {
            Duration asked = retryAfter.get();
            return asked.compareTo(RETRY_AFTER_CAP) > 0 ? RETRY_AFTER_CAP : asked;
        }
        // Doubling without overflow: past 2^20 the cap has long been reached.
        long factor = 1L << Math.min(retriesSoFar, 20);
        long millis = initial.toMillis() > max.toMillis() / factor ? max.toMillis() : initial.toMillis() * factor;
        return Duration.ofMillis(Math.min(millis, max.toMillis()));
    }
}
