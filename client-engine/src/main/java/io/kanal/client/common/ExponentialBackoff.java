package io.kanal.client.common;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential back-off between retries, used for every retry in the engine: requests ({@code retry.backoff.ms},
 * {@code retry.backoff.max.ms}) and reconnections ({@code reconnect.backoff.ms}, {@code reconnect.backoff.max.ms}): the first wait is the initial value, each further failure doubles it up to the
 * maximum, and a jitter of ±20% keeps many clients that failed together from retrying in step. The jittered wait never
 * exceeds the maximum.
 *
 * <p>Immutable and thread-safe.
 *
 * @param initialMs the wait after the first failure ({@code retry.backoff.ms})
 * @param maxMs the longest wait ({@code retry.backoff.max.ms}); raised to {@code initialMs} if lower, as Kafka does
 */
public record ExponentialBackoff(long initialMs, long maxMs) {
    /** Validates the components and raises the maximum to the initial wait if it is lower. */
    public ExponentialBackoff {
        if (initialMs < 0) {
            throw new IllegalArgumentException("the initial back-off must not be negative: " + initialMs);
        }
        maxMs = Math.max(initialMs, maxMs);
    }

    /**
     * The wait before the next attempt, with a random jitter.
     *
     * @param failures how many attempts have failed so far; 0 or less means no wait
     * @return the wait in milliseconds
     */
    public long delayMs(int failures) {
        return delayMs(failures, ThreadLocalRandom.current().nextDouble());
    }

    /**
     * The wait before the next attempt, with the jitter drawn from {@code random}; for tests that need exact values.
     *
     * @param failures how many attempts have failed so far; 0 or less means no wait
     * @param random a number in [0, 1): 0 gives the shortest jitter (-20%), 0.5 none, close to 1 the longest (+20%)
     * @return the wait in milliseconds
     */
    public long delayMs(int failures, double random) {
        if (failures <= 0) {
            return 0;
        }
        int doublings = Math.max(0, Math.min(failures - 1, 30));
        double base = Math.min((double) initialMs * (1L << doublings), (double) maxMs);
        double jittered = base * (0.8 + 0.4 * random);
        return Math.min(maxMs, Math.round(jittered));
    }
}
