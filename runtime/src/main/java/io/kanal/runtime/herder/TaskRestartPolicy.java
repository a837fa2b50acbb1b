package io.kanal.runtime.herder;

import io.kanal.config.ConfigKey;
import io.kanal.config.ConfigType;
import io.kanal.config.Importance;
import io.kanal.config.Validators;

/**
 * How failed tasks come back: Kanal restarts them automatically with exponential back-off ({@code exponential}, the
 * default), or leaves them {@code FAILED} until a REST restart, as Kafka Connect does ({@code none}). Set per worker
 * and overridable per connector with the same keys.
 *
 * <p>The n-th consecutive automatic restart waits {@code min(initial * 2^(n-1), max)}. The count starts again when a
 * task fails after having run for at least {@code max} milliseconds: it was healthy, so its next failure is a new
 * incident, not a continuation.
 *
 * @param kind whether failed tasks restart automatically
 * @param initialBackoffMs the wait before the first restart
 * @param maxBackoffMs the longest wait, and how long a task must run to reset the count
 */
public record TaskRestartPolicy(Kind kind, long initialBackoffMs, long maxBackoffMs) {

    /** {@code kanal.task.restart.policy}. */
    public static final ConfigKey<String> POLICY = ConfigKey.builder("kanal.task.restart.policy", ConfigType.STRING)
            .defaultValue("exponential")
            .validator(Validators.oneOfIgnoringCase("exponential", "none"))
            .importance(Importance.MEDIUM)
            .documentation("Kanal only. How failed tasks restart: 'exponential' restarts them automatically with"
                    + " exponential back-off; 'none' leaves them FAILED until restarted through REST, as Kafka"
                    + " Connect does.")
            .build();

    /** {@code kanal.task.restart.backoff.initial.ms}. */
    public static final ConfigKey<Long> INITIAL_BACKOFF_MS = ConfigKey.builder(
                    "kanal.task.restart.backoff.initial.ms", ConfigType.LONG)
            .defaultValue(1_000L)
            .validator(Validators.atLeast(0L))
            .importance(Importance.LOW)
            .documentation("Kanal only. How long to wait before the first automatic restart of a failed task; each"
                    + " further consecutive restart waits twice as long, up to kanal.task.restart.backoff.max.ms.")
            .build();

    /** {@code kanal.task.restart.backoff.max.ms}. */
    public static final ConfigKey<Long> MAX_BACKOFF_MS = ConfigKey.builder(
                    "kanal.task.restart.backoff.max.ms", ConfigType.LONG)
            .defaultValue(60_000L)
            .validator(Validators.atLeast(0L))
            .importance(Importance.LOW)
            .documentation("Kanal only. The longest wait between automatic restarts of a failed task. A task that"
                    + " ran at least this long before failing starts again from the initial back-off.")
            .build();

    /** The default: exponential from 1 s to 60 s. */
    public static final TaskRestartPolicy DEFAULT = new TaskRestartPolicy(Kind.EXPONENTIAL, 1_000L, 60_000L);

    /** Kafka Connect's behaviour: no automatic restart. */
    public static final TaskRestartPolicy NONE = new TaskRestartPolicy(Kind.NONE, 1_000L, 60_000L);

    /** Whether failed tasks restart automatically. */
    public enum Kind {
        /** Restart with exponential back-off. */
        EXPONENTIAL,
        /** Leave failed tasks failed. */
        NONE
    }

    /**
     * Checks the policy.
     *
     * @param kind whether failed tasks restart automatically
     * @param initialBackoffMs the first wait
     * @param maxBackoffMs the longest wait
     */
    public TaskRestartPolicy {
        if (kind == null) {
            throw new IllegalArgumentException("kind must not be null");
        }
        if (initialBackoffMs < 0 || maxBackoffMs < 0) {
            throw new IllegalArgumentException("back-off must be >= 0");
        }
    }

    /**
     * The wait before the given consecutive restart.
     *
     * @param attempt 1 for the first restart
     * @return milliseconds, at most {@link #maxBackoffMs()}
     */
    public long backoffMs(int attempt) {
        long delay = initialBackoffMs;
        for (int i = 1; i < attempt && delay < maxBackoffMs; i++) {
            delay = delay > Long.MAX_VALUE / 2 ? Long.MAX_VALUE : delay * 2;
        }
        return Math.min(delay, maxBackoffMs);
    }
}
