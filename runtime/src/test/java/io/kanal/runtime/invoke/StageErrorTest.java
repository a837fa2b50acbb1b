package io.kanal.runtime.invoke;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kanal.api.errors.DataException;
import io.kanal.api.errors.PluginException;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StageErrorTest {

    private final Redactor redactor = Redactor.of(Set.of("hunter2"));

    @Test
    void carriesStageClassMessageAndLocationWithSecretsMasked() {
        Exception cause = new IllegalStateException("jdbc:postgresql://db?password=hunter2 refused");
        DataException error = new DataException("cannot write row with password hunter2", cause);

        StageError stageError = StageError.of(Stage.PUT, error, redactor).at("orders", 3, 42L);

        assertThat(stageError.stage()).isEqualTo(Stage.PUT);
        assertThat(stageError.exceptionClass()).isEqualTo(DataException.class.getName());
        assertThat(stageError.message()).isEqualTo("cannot write row with password [hidden]");
        assertThat(stageError.topic()).isEqualTo("orders");
        assertThat(stageError.partition()).isEqualTo(3);
        assertThat(stageError.offset()).isEqualTo(42L);
        assertThat(stageError.trace())
                .contains("Caused by: java.lang.IllegalStateException: jdbc:postgresql://db?password=[hidden] refused")
                .contains("at io.kanal.runtime.invoke.StageErrorTest")
                .doesNotContain("hunter2");
        assertThat(stageError.summary())
                .isEqualTo("put failed: io.kanal.api.errors.DataException: cannot write row with password [hidden]"
                        + " (topic orders, partition 3, offset 42)");
    }

    @Test
    void isBuiltFromAFailedOutcome() {
        CallInfo call = new CallInfo(7, Owner.task("orders", 1), Stage.POLL, Duration.ofSeconds(1), Duration.ZERO);
        StageError stageError =
                StageError.of(new CallOutcome.Failed<>(call, new PluginException("no route to hunter2")), redactor);
        assertThat(stageError.summary())
                .isEqualTo("poll failed: io.kanal.api.errors.PluginException: no route to [hidden]");
        assertThat(stageError.topic()).isNull();
    }

    @Test
    void aThrowableWithoutMessageHasNone() {
        StageError stageError = StageError.of(Stage.TRANSFORMATION, new NullPointerException(), Redactor.NONE);
        assertThat(stageError.message()).isNull();
        assertThat(stageError.summary()).isEqualTo("transformation failed: java.lang.NullPointerException");
        assertThat(stageError.at("t", null, null).summary()).endsWith("(topic t)");
    }

    @Test
    void validatesItsComponents() {
        assertThatThrownBy(() -> new StageError(null, "x", null, null, null, null, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new StageError(Stage.PUT, "x", null, null, "t", -1, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> StageError.of(Stage.PUT, null, Redactor.NONE))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(new StageError(Stage.KAFKA_PRODUCE, "x", null, null, null, null, null).trace())
                .isEmpty();
    }
}
