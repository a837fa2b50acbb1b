package io.kanal.runtime.herder;

import static org.assertj.core.api.Assertions.assertThat;

import io.kanal.runtime.invoke.Stage;
import io.kanal.runtime.invoke.StageError;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StatusErrorTest {

    @Test
    void fromTheInvokersStageError() {
        StageError put = new StageError(Stage.PUT, "org.x.BadRecord", "bad", "trace", "orders", 3, 42L);

        assertThat(StatusError.from(put))
                .isEqualTo(new StatusError(
                        "put",
                        "org.x.BadRecord",
                        "bad",
                        "trace",
                        Optional.of(new StatusError.RecordLocation("orders", 3, 42L))));
        assertThat(StatusError.from(put).coordinates()).hasValue("topic orders, partition 3, offset 42");
        assertThat(StatusError.from(new StageError(Stage.START, "E", null, null, null, null, null)))
                .isEqualTo(new StatusError("start", "E", "", "", Optional.empty()));
    }
}
