package io.kanal.runtime.task;

import io.kanal.runtime.invoke.CallOutcome;
import io.kanal.runtime.invoke.Owner;
import io.kanal.runtime.invoke.Redactor;
import io.kanal.runtime.invoke.StageError;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import java.util.function.LongUnaryOperator;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A task's error handling, as Kafka Connect's {@code errors.*} settings define it: retriable failures are retried
 * with exponential back-off for up to {@code errors.retry.timeout}; a failure that remains is either fatal ({@code
 * errors.tolerance=none}: the task fails with a {@link StageError}) or skipped ({@code all}: logged if {@code
 * errors.log.enable}, written to the dead letter queue if there is one, and counted). Nothing is dropped silently.
 *
 * <p>Back-off between attempts is Connect's: 300 ms doubled per attempt, and once that exceeds {@code
 * errors.retry.delay.max.ms}, a uniformly random delay below it (the jitter that spreads a herd of tasks), never
 * past the retry deadline. Waits end early when the task is stopped.
 *
 * <p>Threading: used by the task thread only; the counters may be read from any thread.
 */
public final class ErrorPolicy {

    private static final Logger LOG = LoggerFactory.getLogger(ErrorPolicy.class);

    /** The first back-off, as Connect's. */
    public static final long RETRY_DELAY_MIN_MS = 300;

    private final Owner owner;
    private final ErrorSettings settings;
    private final Redactor redactor;
    private final DeadLetterSink deadLetters;
    private final StopSignal stop;
    private final LongSupplier clockMs;
    private final LongUnaryOperator random;

    private final LongAdder failures = new LongAdder();
    private final LongAdder retries = new LongAdder();
    private final LongAdder skipped = new LongAdder();
    private final LongAdder deadLettered = new LongAdder();
    private final LongAdder errors = new LongAdder();
    private final LongAdder logged = new LongAdder();
    private final LongAdder deadLetterFailures = new LongAdder();
    /** Wall-clock time of the last record error, 0 when none: Connect's {@code last-error-timestamp}. */
    private volatile long lastErrorMs;

    /**
     * Creates the policy.
     *
     * @param owner the task, in logs and dead letter queue headers
     * @param settings the connector's {@code errors.*} settings
     * @param redactor masks the connector's secrets in errors
     * @param deadLetters where skipped records go, or {@code null} for no dead letter queue
     * @param stop ends back-off waits early
     * @param clockMs a monotonic millisecond clock
     * @param random {@code bound -> uniformly random value in [0, bound)}, for the jitter
     */
    public ErrorPolicy(
            Owner owner,
            ErrorSettings settings,
            Redactor redactor,
            DeadLetterSink deadLetters,
            StopSignal stop,
            LongSupplier clockMs,
            LongUnaryOperator random) {
        if (owner == null || settings == null || redactor == null || stop == null || clockMs == null) {
            throw new IllegalArgumentException("owner, settings, redactor, stop and clock are required");
        }
        this.owner = owner;
        this.settings = settings;
        this.redactor = redactor;
        this.deadLetters = deadLetters;
        this.stop = stop;
        this.clockMs = clockMs;
        this.random = random == null ? bound -> ThreadLocalRandom.current().nextLong(bound) : random;
    }

    /**
     * A policy with the system clock and random jitter.
     *
     * @param owner the task
     * @param settings the settings
     * @param redactor masks secrets
     * @param deadLetters the dead letter queue, or {@code null}
     * @param stop ends back-off waits early
     * @return the policy
     */
    public static ErrorPolicy create(
            Owner owner, ErrorSettings settings, Redactor redactor, DeadLetterSink deadLetters, StopSignal stop) {
        return new ErrorPolicy(
                owner, settings, redactor, deadLetters, stop, () -> System.nanoTime() / 1_000_000L, null);
    }

    /**
     * Connect's back-off before the attempt after {@code attempt}: {@code 300 << (attempt - 1)} ms, or a random delay
     * below {@code maxDelayMs} once that is larger.
     *
     * @param attempt the attempt that just failed, from 1
     * @param maxDelayMs {@code errors.retry.delay.max.ms}
     * @param random {@code bound -> [0, bound)}
     * @return the delay in ms
     */
    public static long backoffMs(int attempt, long maxDelayMs, LongUnaryOperator random) {
        int shift = Math.max(0, attempt - 1);
        long delay = shift >= 62 - 9 ? Long.MAX_VALUE : RETRY_DELAY_MIN_MS << shift;
        if (delay > maxDelayMs) {
            delay = random.applyAsLong(maxDelayMs);
        }
        return delay;
    }

    /**
     * Runs a call, and runs it again while it fails with a retriable exception and {@code errors.retry.timeout} has not
     * passed since the first attempt. Anything else than a retriable failure ends the loop at once, and so does a stop.
     *
     * @param call one attempt, through the invoker
     * @param <T> the call's value
     * @return the last attempt's outcome
     */
    public <T> CallOutcome<T> retry(Supplier<CallOutcome<T>> call) {
        long start = clockMs.getAsLong();
        long timeout = settings.retryTimeoutMs();
        long deadline = timeout < 0 ? Long.MAX_VALUE : start + timeout;
        for (int attempt = 1; ; attempt++) {
            CallOutcome<T> outcome = call.get();
            if (!(outcome instanceof CallOutcome.Failed<T> failed) || !isRetriable(failed.error())) {
                return outcome;
            }
            failures.increment();
            long now = clockMs.getAsLong();
            if (now >= deadline || stop.isStopped()) {
                return outcome;
            }
            long delay = Math.min(backoffMs(attempt, settings.retryDelayMaxMs(), random), Math.max(0, deadline - now));
            if (LOG.isDebugEnabled()) {
                LOG.debug(
                        "[{}] {} failed with a retriable error, attempt {}: retrying in {} ms",
                        owner,
                        outcome.stage().label(),
                        attempt,
                        delay);
            }
            if (!stop.pause(delay)) {
                return outcome;
            }
            retries.increment();
        }
    }

    /**
     * Whether a failure may be retried: Kanal's (and through the bridge, Connect's) {@code RetriableException}, and
     * the client engine's retriable errors (which it already retried up to its own timeout).
     *
     * @param error the failure
     * @return {@code true} when retriable
     */
    public static boolean isRetriable(Throwable error) {
        return error instanceof io.kanal.api.errors.RetriableException
                || error instanceof io.kanal.client.errors.RetriableException;
    }

    /**
     * Decides what happens to a record that failed after its retries: under {@code errors.tolerance=none} the task
     * fails; under {@code all} the failure is logged (if enabled), the record is written to the dead letter queue (if
     * there is one) and counted as skipped.
     *
     * @param failure the record and its failure
     * @return completes when the record is settled (written to the dead letter queue, or at once without one);
     *     completes exceptionally with {@link TaskFailedException} if the dead letter queue write failed
     * @throws TaskFailedException when the failure is not tolerated
     */
    public CompletableFuture<Void> handle(FailedRecord failure) {
        failures.increment();
        errors.increment();
        lastErrorMs = System.currentTimeMillis();
        StageError error = stageError(failure);
        if (!settings.toleratesAll()) {
            throw new TaskFailedException(error, failure.error());
        }
        skipped.increment();
        if (settings.logEnable()) {
            logged.increment();
            log(failure, error);
        }
        if (deadLetters == null) {
            return CompletableFuture.completedFuture(null);
        }
        deadLettered.increment();
        return deadLetters.write(failure, error).handle((ok, e) -> {
            if (e != null) {
                deadLetterFailures.increment();
                StageError dlq = StageError.of(io.kanal.runtime.invoke.Stage.KAFKA_PRODUCE, e, redactor);
                throw new TaskFailedException(dlq, e);
            }
            return null;
        });
    }

    /**
     * The structured error of a failed record: stage, exception and the record's location.
     *
     * @param failure the failure
     * @return the error, secrets masked
     */
    public StageError stageError(FailedRecord failure) {
        return StageError.of(failure.stage(), failure.error(), redactor)
                .at(failure.topic(), failure.partition(), failure.offset());
    }

    /**
     * Fails the task with a stage's error unless tolerated: for failures that have no record to skip (a whole batch
     * call failed with an {@link Error}), always fatal.
     *
     * @param error the structured error
     * @param cause what was thrown
     * @return never returns
     * @throws TaskFailedException always
     */
    public TaskFailedException fatal(StageError error, Throwable cause) {
        failures.increment();
        throw new TaskFailedException(error, cause);
    }

    private void log(FailedRecord failure, StageError error) {
        String where = failure.topic() == null
                ? ""
                : ", where the record is {topic='" + failure.topic() + "', partition=" + failure.partition()
                        + ", offset=" + failure.offset() + "}";
        String record = settings.logIncludeMessages() && failure.record() != null
                ? ". Record: " + redactor.redact(String.valueOf(failure.record()))
                : "";
        LOG.error(
                "[{}] Error encountered in task {}. Executing stage '{}' with class '{}'{}: {}{}",
                owner,
                owner,
                error.stage().connectErrorStage().orElse(error.stage().label()),
                failure.executingClass() == null ? "" : failure.executingClass().getName(),
                where,
                error.exceptionClass() + (error.message() == null ? "" : ": " + error.message()),
                record);
    }

    /**
     * The settings.
     *
     * @return the settings
     */
    public ErrorSettings settings() {
        return settings;
    }

    /**
     * The counters: failed attempts, retries, skipped records, records sent to the dead letter queue, and more.
     *
     * @return a snapshot
     */
    public Stats stats() {
        return new Stats(
                failures.sum(),
                retries.sum(),
                skipped.sum(),
                deadLettered.sum(),
                errors.sum(),
                logged.sum(),
                deadLetterFailures.sum(),
                lastErrorMs);
    }

    /**
     * Error-handling counters of a task, as Connect's task error metrics ({@code task-error-metrics}).
     *
     * @param failures failed attempts (every failed try, retried or not): {@code total-record-failures}
     * @param retries attempts made again after a retriable failure: {@code total-retries}
     * @param skipped records skipped under {@code errors.tolerance=all}: {@code total-records-skipped}
     * @param deadLettered records handed to the dead letter queue: {@code deadletterqueue-produce-requests}
     * @param errors records that failed after their retries: {@code total-record-errors}
     * @param logged errors written to the log: {@code total-errors-logged}
     * @param deadLetterFailures dead letter queue writes that failed: {@code deadletterqueue-produce-failures}
     * @param lastErrorMs wall-clock time of the last record error, 0 when none: {@code last-error-timestamp}
     */
    public record Stats(
            long failures,
            long retries,
            long skipped,
            long deadLettered,
            long errors,
            long logged,
            long deadLetterFailures,
            long lastErrorMs) {}

    /** Where the policy writes skipped records: the dead letter queue. */
    @FunctionalInterface
    public interface DeadLetterSink {
        /**
         * Writes a skipped record.
         *
         * @param failure the record and its failure
         * @param error its structured error, secrets masked
         * @return completes once the write is acknowledged
         */
        CompletableFuture<Void> write(FailedRecord failure, StageError error);
    }
}
