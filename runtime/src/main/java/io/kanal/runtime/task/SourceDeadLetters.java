package io.kanal.runtime.task;

import io.kanal.api.data.Schema;
import io.kanal.api.data.Values;
import io.kanal.api.source.SourceRecord;
import io.kanal.client.record.Header;
import io.kanal.runtime.invoke.Stage;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * How a failed source record goes to Kanal's source dead letter queue ({@value
 * ErrorSettings#SOURCE_DLQ_TOPIC_NAME}): it has no bytes yet (the converter may be what failed), so its key and value
 * are written as text ({@link Values#convertToString}), and its source partition and offset travel in {@value
 * #SOURCE_PARTITION_HEADER} and {@value #SOURCE_OFFSET_HEADER}. Stateless.
 */
public final class SourceDeadLetters {

    /** Kanal's header on source dead letter queue records: the record's source partition. */
    public static final String SOURCE_PARTITION_HEADER = "__kanal.errors.source.partition";
    /** Kanal's header on source dead letter queue records: the record's source offset. */
    public static final String SOURCE_OFFSET_HEADER = "__kanal.errors.source.offset";

    private SourceDeadLetters() {}

    /**
     * The dead letter queue form of a failed source record.
     *
     * @param original the record as the task returned it
     * @param stage where it failed
     * @param executing the class that failed
     * @param error what it threw
     * @return the failed record
     */
    static FailedRecord failedRecord(SourceRecord original, Stage stage, Class<?> executing, Throwable error) {
        List<Header> headers = List.of(
                Header.of(SOURCE_PARTITION_HEADER, String.valueOf(original.sourcePartition())),
                Header.of(SOURCE_OFFSET_HEADER, String.valueOf(original.sourceOffset())));
        return new FailedRecord(
                stage,
                executing,
                error,
                null,
                null,
                null,
                original.timestamp(),
                text(original.keySchema(), original.key()),
                text(original.valueSchema(), original.value()),
                headers,
                original);
    }

    private static byte[] text(Schema schema, Object value) {
        if (value == null) {
            return null;
        }
        try {
            return Values.convertToString(schema, value).getBytes(StandardCharsets.UTF_8);
        } catch (RuntimeException e) { // a value that does not match its schema: still keep something
            return String.valueOf(value).getBytes(StandardCharsets.UTF_8);
        }
    }
}
