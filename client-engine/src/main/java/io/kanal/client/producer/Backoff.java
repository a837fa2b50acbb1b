package io.kanal.client.producer;

import java.util.concurrent.ThreadLocalRandom;

/** Exponential back-off with ±20% jitter, as {@code retry.backoff.ms} and {@code retry.backoff.max.ms} define it. */
final class Backoff {
    private Backoff() {}

    /**
     * The wait before attempt {@code attempt + 1}.
     *
     * @param baseMs {@code retry.backoff.ms}
     * @param maxMs {@code retry.backoff.max.ms}
     * @param attempt failed attempts so far, from 1
     * @return milliseconds
     */
    static long delay(long baseMs, long maxMs, int attempt) {
        double exp = baseMs * Math.pow(2, Math.max(0, Math.min(attempt - 1, 30)));
        double jitter = 0.8 + 0.4 * ThreadLocalRandom.current().nextDouble();
        return Math.max(0, Math.round(Math.min(exp, maxMs) * jitter));
    }
}
