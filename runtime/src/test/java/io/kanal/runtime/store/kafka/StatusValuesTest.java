package io.kanal.runtime.store.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.kanal.runtime.herder.Status;
import io.kanal.runtime.herder.StatusError;
import io.kanal.runtime.herder.StatusState;
import io.kanal.runtime.store.kafka.StatusRecord.StatusValue;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class StatusValuesTest {

    @Test
    void aPlainStatusKeepsStateAndWorker_andTakesTheGeneration() {
        StatusValue value = StatusValues.toValue(Status.of(StatusState.RUNNING, "w1:8083"), 7);

        assertThat(value)
                .isEqualTo(new StatusValue(StatusState.RUNNING, Optional.empty(), "w1:8083", 7, Optional.empty()));
        assertThat(StatusValues.toStatus(value)).isEqualTo(Status.of(StatusState.RUNNING, "w1:8083"));
    }

    @Test
    void aFailureIsWrittenAsItsTrace_andReadBackWithClassAndMessageFromItsFirstLine() {
        String trace = "java.lang.IllegalStateException: no such file\n\tat a.B.c(B.java:1)\n";
        Status failed = new Status(
                StatusState.FAILED,
                "w1",
                Optional.of(new StatusError(
                        "poll",
                        "java.lang.IllegalStateException",
                        "no such file",
                        trace,
                        Optional.of(new StatusError.RecordLocation("t", 0, 5L)))),
                Optional.of("slow"),
                3,
                OptionalLong.of(99));

        StatusValue value = StatusValues.toValue(failed, 2);
        Status read = StatusValues.toStatus(value);

        assertThat(value.trace()).contains(trace);
        assertThat(read.state()).isEqualTo(StatusState.FAILED);
        // stage, record location, note and restart schedule are not in Connect's format
        assertThat(read.error())
                .contains(new StatusError(
                        "", "java.lang.IllegalStateException", "no such file", trace, Optional.empty()));
        assertThat(read.note()).isEmpty();
        assertThat(read.restartAttempts()).isZero();
        assertThat(read.nextRestartAtMs()).isEmpty();
    }

    @Test
    void anErrorWithoutStackTraceIsWrittenAsClassAndMessage() {
        StatusValue value = StatusValues.toValue(
                Status.failed("w1", StatusError.of("taskConfigs", "java.util.concurrent.TimeoutException", "late")), 1);

        assertThat(value.trace()).contains("java.util.concurrent.TimeoutException: late");
    }

    @Test
    void aTraceThatIsNotAnExceptionLineBecomesTheMessage() {
        Status read = StatusValues.toStatus(
                new StatusValue(StatusState.FAILED, Optional.of("stuck in poll for 40 s"), "w1", 1, Optional.empty()));

        assertThat(read.error()).hasValueSatisfying(e -> {
            assertThat(e.exceptionClass()).isEmpty();
            assertThat(e.message()).isEqualTo("stuck in poll for 40 s");
        });
    }

    @Test
    void failedAndUnassignedAreSafeWritesAsInConnect() {
        assertThat(StatusValues.safeWrite(StatusState.FAILED)).isTrue();
        assertThat(StatusValues.safeWrite(StatusState.UNASSIGNED)).isTrue();
        assertThat(StatusValues.safeWrite(StatusState.RUNNING)).isFalse();
        assertThat(StatusValues.safeWrite(StatusState.PAUSED)).isFalse();
        assertThat(StatusValues.safeWrite(StatusState.STOPPED)).isFalse();
        assertThat(StatusValues.safeWrite(StatusState.RESTARTING)).isFalse();
    }
}
