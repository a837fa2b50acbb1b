package io.kanal.runtime.task;

import static org.assertj.core.api.Assertions.assertThat;

import io.kanal.api.errors.DataException;
import io.kanal.client.record.Header;
import io.kanal.runtime.invoke.Owner;
import io.kanal.runtime.invoke.Redactor;
import io.kanal.runtime.invoke.Stage;
import io.kanal.runtime.invoke.StageError;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.connect.runtime.errors.DeadLetterQueueReporter;
import org.junit.jupiter.api.Test;

class DeadLetterWriterTest {

    @Test
    void headerNamesAreConnects() {
        assertThat(DeadLetterWriter.HEADER_PREFIX).isEqualTo(DeadLetterQueueReporter.HEADER_PREFIX);
        assertThat(DeadLetterWriter.ORIGINAL_TOPIC).isEqualTo(DeadLetterQueueReporter.ERROR_HEADER_ORIG_TOPIC);
        assertThat(DeadLetterWriter.ORIGINAL_PARTITION).isEqualTo(DeadLetterQueueReporter.ERROR_HEADER_ORIG_PARTITION);
        assertThat(DeadLetterWriter.ORIGINAL_OFFSET).isEqualTo(DeadLetterQueueReporter.ERROR_HEADER_ORIG_OFFSET);
        assertThat(DeadLetterWriter.CONNECTOR_NAME).isEqualTo(DeadLetterQueueReporter.ERROR_HEADER_CONNECTOR_NAME);
        assertThat(DeadLetterWriter.TASK_ID).isEqualTo(DeadLetterQueueReporter.ERROR_HEADER_TASK_ID);
        assertThat(DeadLetterWriter.STAGE).isEqualTo(DeadLetterQueueReporter.ERROR_HEADER_STAGE);
        assertThat(DeadLetterWriter.EXECUTING_CLASS).isEqualTo(DeadLetterQueueReporter.ERROR_HEADER_EXECUTING_CLASS);
        assertThat(DeadLetterWriter.EXCEPTION).isEqualTo(DeadLetterQueueReporter.ERROR_HEADER_EXCEPTION);
        assertThat(DeadLetterWriter.EXCEPTION_MESSAGE)
                .isEqualTo(DeadLetterQueueReporter.ERROR_HEADER_EXCEPTION_MESSAGE);
        assertThat(DeadLetterWriter.EXCEPTION_STACK_TRACE)
                .isEqualTo(DeadLetterQueueReporter.ERROR_HEADER_EXCEPTION_STACK_TRACE);
    }

    @Test
    void stageNamesAreConnectsErrorStages() {
        for (Stage stage : List.of(
                Stage.KEY_CONVERTER,
                Stage.VALUE_CONVERTER,
                Stage.HEADER_CONVERTER,
                Stage.TRANSFORMATION,
                Stage.PUT,
                Stage.POLL,
                Stage.KAFKA_PRODUCE,
                Stage.KAFKA_CONSUME)) {
            String connect = stage.connectErrorStage().orElseThrow();
            assertThat(org.apache.kafka.connect.runtime.errors.Stage.valueOf(connect)
                            .name())
                    .isEqualTo(connect);
        }
        assertThat(Stage.PREDICATE.connectErrorStage()).contains("TRANSFORMATION");
    }

    @Test
    void contextHeadersInConnectsOrderAndEncoding() {
        List<Header> headers = new ArrayList<>(List.of(Header.of("original", "kept")));
        FailedRecord failure = new FailedRecord(
                Stage.VALUE_CONVERTER,
                String.class,
                new DataException("bad"),
                "t",
                3,
                42L,
                null,
                null,
                null,
                List.of(),
                null);
        StageError error = StageError.of(Stage.VALUE_CONVERTER, failure.error(), Redactor.NONE)
                .at("t", 3, 42L);
        DeadLetterWriter.addContextHeaders(headers, failure, error, Owner.task("conn", 7));
        assertThat(headers)
                .extracting(Header::key)
                .containsExactly(
                        "original",
                        "__connect.errors.topic",
                        "__connect.errors.partition",
                        "__connect.errors.offset",
                        "__connect.errors.connector.name",
                        "__connect.errors.task.id",
                        "__connect.errors.stage",
                        "__connect.errors.class.name",
                        "__connect.errors.exception.class.name",
                        "__connect.errors.exception.message",
                        "__connect.errors.exception.stacktrace");
        assertThat(headers)
                .extracting(h -> new String(h.valueBytes(), StandardCharsets.UTF_8))
                .startsWith(
                        "kept",
                        "t",
                        "3",
                        "42",
                        "conn",
                        "7",
                        "VALUE_CONVERTER",
                        "java.lang.String",
                        DataException.class.getName(),
                        "bad");
    }
}
