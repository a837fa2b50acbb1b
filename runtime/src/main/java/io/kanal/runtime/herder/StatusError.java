package io.kanal.runtime.herder;

import io.kanal.runtime.invoke.StageError;
import java.util.Objects;
import java.util.Optional;

/**
 * Why a connector or task failed, in a structured form: the stage that failed, the exception class and message, and
 * where there is one the record involved. {@link #trace()} is what Connect's REST {@code trace} field shows.
 *
 * @param stage what was being done, for example {@code start}, {@code poll}, {@code taskConfigs}, {@code put}
 * @param exceptionClass the exception's class name; empty when the failure was not an exception (a deadline)
 * @param message the exception's message; never a secret
 * @param trace the stack trace rendering, possibly empty
 * @param record where the record involved came from or went to, when there is one
 */
public record StatusError(
        String stage, String exceptionClass, String message, String trace, Optional<RecordLocation> record) {

    /**
     * The Kafka coordinates of the record a failure is about; a source record that was never written has a topic
     * only.
     *
     * @param topic the topic
     * @param partition the partition, or {@code null} when unknown
     * @param offset the offset, or {@code null} when unknown
     */
    public record RecordLocation(String topic, Integer partition, Long offset) {
        /**
         * Checks the location.
         *
         * @param topic the topic
         * @param partition the partition
         * @param offset the offset
         */
        public RecordLocation {
            Objects.requireNonNull(topic, "topic");
        }

        /**
         * The location in words, as logs show it.
         *
         * @return {@code topic t, partition p, offset o}, leaving out what is unknown
         */
        public String describe() {
            StringBuilder at = new StringBuilder("topic ").append(topic);
            if (partition != null) {
                at.append(", partition ").append(partition);
            }
            if (offset != null) {
                at.append(", offset ").append(offset);
            }
            return at.toString();
        }
    }

    /**
     * Checks the error.
     *
     * @param stage what was being done
     * @param exceptionClass the exception's class name
     * @param message the exception's message
     * @param trace the stack trace rendering
     * @param record the record involved, when there is one
     */
    public StatusError {
        Objects.requireNonNull(stage, "stage");
        Objects.requireNonNull(exceptionClass, "exceptionClass");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(trace, "trace");
        Objects.requireNonNull(record, "record");
    }

    /**
     * The record's coordinates in words.
     *
     * @return {@code topic t, partition p, offset o} when there is a record
     */
    public Optional<String> coordinates() {
        return record.map(RecordLocation::describe);
    }

    /**
     * The status form of a plugin call's structured error (already redacted by the invoker).
     *
     * @param error the invoker's error
     * @return the error, with the record's location when the error has a topic
     */
    public static StatusError from(StageError error) {
        Optional<RecordLocation> record = error.topic() == null
                ? Optional.empty()
                : Optional.of(new RecordLocation(error.topic(), error.partition(), error.offset()));
        return new StatusError(
                error.stage().label(),
                error.exceptionClass(),
                error.message() == null ? "" : error.message(),
                error.trace(),
                record);
    }

    /**
     * An error without a stack trace or record.
     *
     * @param stage what was being done
     * @param exceptionClass the exception's class name
     * @param message the message
     * @return the error
     */
    public static StatusError of(String stage, String exceptionClass, String message) {
        return new StatusError(stage, exceptionClass, message, "", Optional.empty());
    }
}
