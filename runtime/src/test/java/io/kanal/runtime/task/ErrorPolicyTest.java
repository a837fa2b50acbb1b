package io.kanal.runtime.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kanal.api.errors.DataException;
import io.kanal.api.errors.RetriableException;
import io.kanal.config.ConfigValidationException;
import io.kanal.runtime.invoke.CallInfo;
import io.kanal.runtime.invoke.CallOutcome;
import io.kanal.runtime.invoke.Owner;
import io.kanal.runtime.invoke.Redactor;
import io.kanal.runtime.invoke.Stage;
import io.kanal.runtime.invoke.StageError;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ErrorPolicyTest {

    private static final Owner OWNER = Owner.task("c", 0);

    @Test
    void backoffDoublesFrom300MsThenJittersBelowTheMaximum() {
        assertThat(ErrorPolicy.backoffMs(1, 60_000, b -> -1)).isEqualTo(300);
        assertThat(ErrorPolicy.backoffMs(2, 60_000, b -> -1)).isEqualTo(600);
        assertThat(ErrorPolicy.backoffMs(8, 60_000, b -> -1)).isEqualTo(38_400);
        // 300 << 8 = 76800 > 60000: a random delay below the maximum, as Connect's.
        assertThat(ErrorPolicy.backoffMs(9, 60_000, b -> b - 1)).isEqualTo(59_999);
        assertThat(ErrorPolicy.backoffMs(9, 60_000, b -> 0)).isZero();
        assertThat(ErrorPolicy.backoffMs(100, 1_000, b -> 7)).isEqualTo(7);
    }

    @Test
    void settingsKeepConnectsKeysDefaultsAndValidation() {
        ErrorSettings d = ErrorSettings.DEFAULTS;
        assertThat(d.tolerance()).isEqualTo(ErrorSettings.Tolerance.NONE);
        assertThat(d.retryTimeoutMs()).isZero();
        assertThat(d.retryDelayMaxMs()).isEqualTo(60_000);
        assertThat(d.dlqReplicationFactor()).isEqualTo((short) 3);
        assertThat(d.dlqContextHeaders()).isFalse();
        ErrorSettings all = ErrorSettings.parse(Map.of("errors.tolerance", "ALL", "errors.retry.timeout", "-1"));
        assertThat(all.toleratesAll()).isTrue();
        assertThat(all.retryTimeoutMs()).isEqualTo(-1);
        assertThatThrownBy(() -> ErrorSettings.parse(Map.of("errors.tolerance", "some")))
                .isInstanceOf(ConfigValidationException.class)
                .hasMessageContaining("errors.tolerance");
    }

    /** A clock that moves only when the policy pauses, through a stop signal that never waits for real. */
    private static final class Clock {
        final AtomicLong now = new AtomicLong(1_000);
        final List<Long> pauses = new ArrayList<>();
    }

    private static ErrorPolicy policy(ErrorSettings settings, Clock clock, StopSignal stop) {
        return new ErrorPolicy(OWNER, settings, Redactor.NONE, null, stop, clock.now::get, b -> b / 2);
    }

    private static CallOutcome<String> failedWith(Throwable error) {
        return new CallOutcome.Failed<>(
                new CallInfo(1, OWNER, Stage.TRANSFORMATION, Duration.ofSeconds(1), Duration.ZERO), error);
    }

    private static CallOutcome<String> completed(String value) {
        return new CallOutcome.Completed<>(
                new CallInfo(1, OWNER, Stage.TRANSFORMATION, Duration.ofSeconds(1), Duration.ZERO), value);
    }

    @Test
    void retriesRetriableFailuresUntilTheRetryTimeoutWithBackoff() {
        Clock clock = new Clock();
        ErrorSettings settings = ErrorSettings.parse(Map.of("errors.retry.timeout", "1000"));
        RecordingStop recording = new RecordingStop(clock);
        ErrorPolicy policy =
                new ErrorPolicy(OWNER, settings, Redactor.NONE, null, recording, clock.now::get, b -> b / 2);
        AtomicInteger attempts = new AtomicInteger();
        CallOutcome<String> outcome = policy.retry(() -> {
            attempts.incrementAndGet();
            return failedWith(new RetriableException("busy"));
        });
        assertThat(outcome).isInstanceOf(CallOutcome.Failed.class);
        // 300, 600, then capped by the deadline (1000 - 900 = 100).
        assertThat(recording.pauses).containsExactly(300L, 600L, 100L);
        assertThat(attempts).hasValue(4);
        assertThat(policy.stats().retries()).isEqualTo(3);
    }

    @Test
    void aRetrySucceedsAndNonRetriableFailuresAreNotRetried() {
        Clock clock = new Clock();
        RecordingStop stop = new RecordingStop(clock);
        ErrorPolicy policy = new ErrorPolicy(
                OWNER,
                ErrorSettings.parse(Map.of("errors.retry.timeout", "-1")),
                Redactor.NONE,
                null,
                stop,
                clock.now::get,
                b -> 0);
        AtomicInteger attempts = new AtomicInteger();
        CallOutcome<String> ok = policy.retry(
                () -> attempts.incrementAndGet() < 3 ? failedWith(new RetriableException("again")) : completed("done"));
        assertThat(ok.valueOrThrow()).isEqualTo("done");
        AtomicInteger once = new AtomicInteger();
        policy.retry(() -> {
            once.incrementAndGet();
            return failedWith(new DataException("bad"));
        });
        assertThat(once).hasValue(1);
    }

    @Test
    void noRetriesByDefaultAndAStopEndsTheBackoff() {
        Clock clock = new Clock();
        StopSignal stop = new StopSignal();
        ErrorPolicy none = policy(ErrorSettings.DEFAULTS, clock, stop);
        AtomicInteger attempts = new AtomicInteger();
        none.retry(() -> {
            attempts.incrementAndGet();
            return failedWith(new RetriableException("x"));
        });
        assertThat(attempts).hasValue(1);
        stop.stop();
        ErrorPolicy forever = policy(ErrorSettings.parse(Map.of("errors.retry.timeout", "-1")), clock, stop);
        forever.retry(() -> {
            attempts.incrementAndGet();
            return failedWith(new RetriableException("x"));
        });
        assertThat(attempts).hasValue(2);
    }

    @Test
    void toleranceNoneFailsTheTaskWithAStructuredError() {
        ErrorPolicy policy = policy(ErrorSettings.DEFAULTS, new Clock(), new StopSignal());
        FailedRecord failure = new FailedRecord(
                Stage.VALUE_CONVERTER,
                String.class,
                new DataException("not json"),
                "in",
                2,
                41L,
                null,
                null,
                null,
                List.of(),
                null);
        assertThatThrownBy(() -> policy.handle(failure)).isInstanceOfSatisfying(TaskFailedException.class, e -> {
            StageError error = e.error();
            assertThat(error.stage()).isEqualTo(Stage.VALUE_CONVERTER);
            assertThat(error.exceptionClass()).isEqualTo(DataException.class.getName());
            assertThat(error.message()).isEqualTo("not json");
            assertThat(error.topic()).isEqualTo("in");
            assertThat(error.partition()).isEqualTo(2);
            assertThat(error.offset()).isEqualTo(41L);
        });
    }

    @Test
    void toleranceAllSkipsWritesToTheDeadLetterQueueAndCounts() {
        List<StageError> written = new ArrayList<>();
        ErrorPolicy policy = new ErrorPolicy(
                OWNER,
                ErrorSettings.parse(Map.of("errors.tolerance", "all", "errors.log.enable", "true")),
                Redactor.of(List.of("s3cret")),
                (f, e) -> {
                    written.add(e);
                    return CompletableFuture.completedFuture(null);
                },
                new StopSignal(),
                () -> 0,
                null);
        CompletableFuture<Void> done = policy.handle(new FailedRecord(
                Stage.TRANSFORMATION,
                String.class,
                new DataException("password s3cret rejected"),
                "in",
                0,
                7L,
                null,
                null,
                null,
                List.of(),
                "rec"));
        assertThat(done).isCompleted();
        assertThat(written).singleElement().satisfies(e -> assertThat(e.message())
                .isEqualTo("password [hidden] rejected"));
        assertThat(policy.stats().skipped()).isEqualTo(1);
        assertThat(policy.stats().deadLettered()).isEqualTo(1);
    }

    /** A stop signal that records pauses and moves the clock instead of waiting. */
    private static final class RecordingStop extends StopSignal {
        final List<Long> pauses = new ArrayList<>();
        private final Clock clock;

        RecordingStop(Clock clock) {
            this.clock = clock;
        }

        @Override
        public boolean pause(long ms) {
            pauses.add(ms);
            clock.now.addAndGet(ms);
            return true;
        }
    }
}
