package io.kanal.client.consumer.internals;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential back-off with jitter, as retry.backoff.ms / retry.backoff.max.ms describe: the first wait is the base,
 * each further attempt doubles it up to the cap, and ±20 % jitter keeps clients from retrying in lockstep.
 *
 * @param baseMs the first wait
 * @param maxMs the cap
 */
public record Backoff(long baseMs, long maxMs) {
    /**
     * The wait before an attempt.
     *
     * @param failures consecutive failures so far (1 for the first retry)
     * @return milliseconds
     */
    public long delayMs(int failures) {
        if (failures <= 0) {
            return 0;
        }
        double exp = baseMs * Math.pow(2, Math.min(failures - 1, 30));
        double jitter = 0.8 + 0.4 * ThreadLocalRandom.current().nextDouble();
        return Math.round(Math.min(exp, maxMs) * jitter);
    }
}
