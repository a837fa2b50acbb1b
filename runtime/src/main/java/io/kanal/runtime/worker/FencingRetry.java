package io.kanal.runtime.worker;

import io.kanal.client.errors.AuthorizationException;
import io.kanal.client.errors.ErrorCategory;
import io.kanal.client.errors.KafkaException;
import io.kanal.client.errors.RetriableException;
import java.time.Duration;
import java.util.Objects;

/**
 * Whether a failed attempt of a zombie-fencing round is tried again and when, with no clock of its own: the caller
 * passes the time. A broker error Kafka calls retriable (a coordinator moving or loading, a timeout, a lost
 * connection) is retried after a pause that doubles from {@code firstPause} up to {@code maxPause}, until {@code
 * deadline} after the round started; an authorization failure (the worker's or the connector's admin principal may not
 * use the tasks' transactional ids) and any other error end the round at once.
 *
 * @param firstPause the first pause
 * @param maxPause the longest pause
 * @param deadline how long a round may keep retrying
 */
public record FencingRetry(Duration firstPause, Duration maxPause, Duration deadline) {

    /** What to do after a failed attempt. */
    public sealed interface Decision {}

    /**
     * Try again.
     *
     * @param atMs when, on the caller's clock
     */
    public record Retry(long atMs) implements Decision {}

    /**
     * Stop: the round failed.
     *
     * @param authorization whether the failure was an authorization failure (ACLs must change before a retry helps)
     * @param reason why, for the error the tasks fail with
     */
    public record GiveUp(boolean authorization, String reason) implements Decision {
        /**
         * Checks the decision.
         *
         * @param authorization whether it was an authorization failure
         * @param reason why
         */
        public GiveUp {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /**
     * Checks the settings.
     *
     * @param firstPause the first pause
     * @param maxPause the longest pause
     * @param deadline how long a round may keep retrying
     */
    public FencingRetry {
        Objects.requireNonNull(firstPause, "firstPause");
        Objects.requireNonNull(maxPause, "maxPause");
        Objects.requireNonNull(deadline, "deadline");
        if (firstPause.isNegative() || maxPause.compareTo(firstPause) < 0 || deadline.isNegative()) {
            throw new IllegalArgumentException("pauses and deadline must be positive, maxPause >= firstPause");
        }
    }

    /**
     * Decides after a failed attempt.
     *
     * @param failure why the attempt failed
     * @param attempt the number of the attempt that failed, from 1
     * @param startedMs when the round started, on the caller's clock
     * @param nowMs now, on the same clock
     * @return retry at a time, or give up
     */
    public Decision next(Throwable failure, int attempt, long startedMs, long nowMs) {
        Objects.requireNonNull(failure, "failure");
        if (attempt < 1) {
            throw new IllegalArgumentException("attempt must be >= 1: " + attempt);
        }
        if (failure instanceof AuthorizationException) {
            return new GiveUp(true, "not authorized: " + failure.getMessage());
        }
        if (!retriable(failure)) {
            return new GiveUp(false, String.valueOf(failure.getMessage()));
        }
        long pause = pause(attempt);
        long at = nowMs + pause;
        if (at - startedMs > deadline.toMillis()) {
            return new GiveUp(
                    false,
                    "still failing after " + attempt + " attempts in " + (nowMs - startedMs) + " ms: "
                            + failure.getMessage());
        }
        return new Retry(at);
    }

    private long pause(int attempt) {
        long pause = firstPause.toMillis();
        for (int i = 1; i < attempt && pause < maxPause.toMillis(); i++) {
            pause *= 2;
        }
        return Math.min(pause, maxPause.toMillis());
    }

    private static boolean retriable(Throwable failure) {
        if (failure instanceof RetriableException) {
            return true;
        }
        if (failure instanceof KafkaException k) {
            return k.category() == ErrorCategory.RETRIABLE || k.category() == ErrorCategory.REFRESH_RETRIABLE;
        }
        return false;
    }
}
