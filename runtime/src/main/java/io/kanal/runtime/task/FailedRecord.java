package io.kanal.runtime.task;

import io.kanal.client.record.Header;
import io.kanal.runtime.invoke.Stage;
import java.util.List;

/**
 * A record that failed at a stage, as the error policy and the dead letter queue see it.
 *
 * @param stage the stage that failed
 * @param executingClass the class that ran it (converter, transform, task), for {@code __connect.errors.class.name}
 * @param error what it threw
 * @param topic the record's topic (a sink record's original topic), or {@code null}
 * @param partition its partition, or {@code null}
 * @param offset its offset (sink records), or {@code null}
 * @param timestamp its timestamp, kept on the dead letter queue record, or {@code null} for the time of writing
 * @param key the key bytes to write to the dead letter queue (a sink record's original bytes), may be {@code null}
 * @param value the value bytes to write to the dead letter queue, may be {@code null}
 * @param headers the headers to write to the dead letter queue, before the context headers
 * @param record the record in Connect form for {@code errors.log.include.messages}, or {@code null}
 */
public record FailedRecord(
        Stage stage,
        Class<?> executingClass,
        Throwable error,
        String topic,
        Integer partition,
        Long offset,
        Long timestamp,
        byte[] key,
        byte[] value,
        List<Header> headers,
        Object record) {

    /** Validates and copies. */
    public FailedRecord {
        if (stage == null || error == null) {
            throw new IllegalArgumentException("a failed record needs a stage and an error");
        }
        headers = headers == null ? List.of() : List.copyOf(headers);
    }
}
