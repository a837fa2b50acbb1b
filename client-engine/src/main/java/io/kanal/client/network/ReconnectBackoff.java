package io.kanal.client.network;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential back-off with jitter between connection attempts: {@code reconnect.backoff.ms} doubled per consecutive
 * failure up to {@code reconnect.backoff.max.ms}, then ±20% at random so that many clients do not reconnect in step.
 *
 * @param initialMs the first back-off
 * @param maxMs the cap
 */
record ReconnectBackoff(long initialMs, long maxMs) {
    private static final double JITTER = 0.2;

    long backoffMs(int failures) {
        if (failures <= 0 || initialMs == 0) {
            return 0;
        }
        double exp = initialMs * Math.pow(2, Math.min(failures - 1, 30));
        double capped = Math.min(exp, maxMs);
        double jitter = 1 + JITTER * (2 * ThreadLocalRandom.current().nextDouble() - 1);
        return Math.max(0, Math.round(capped * jitter));
    }
}
