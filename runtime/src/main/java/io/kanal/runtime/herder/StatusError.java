package io.kanal.runtime.herder;

import io.kanal.runtime.invoke.StageError;
import java.util.Objects;
import java.util.Optional;

/**
 * Why a connector or task failed, in a structured form: the stage that failed, the exception class and message, and
 * where there is one the record coordinates. {@link #trace()} is what Connect's REST {@code trace} field shows.
 *
 * @param stage what was being done, for example {@code start}, {@code poll}, {@code taskConfigs}, {@code put}
 * @param exceptionClass the exception's class name; empty when the failure was not an exception (a deadline)
 * @param message the exception's message; never a secret
 * @param trace the stack trace rendering, possibly empty
 * @param coordinates topic/partition/offset of the record involved, when there is one
 */
public record StatusError(
        String stage, String exceptionClass, String message, String trace, Optional<String> coordinates) {

    /**
     * Checks the error.
     *
     * @param stage what was being done
     * @param exceptionClass the exception's class name
     * @param message the exception's message
     * @param trace the stack trace rendering
     * @param coordinates topic/partition/offset, when there is one
     */
    public StatusError {
        Objects.requireNonNull(stage, "stage");
        Objects.requireNonNull(exceptionClass, "exceptionClass");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(trace, "trace");
        Objects.requireNonNull(coordinates, "coordinates");
    }

    /**
     * The status form of a plugin call's structured error (already redacted by the invoker).
     *
     * @param error the invoker's error
     * @return the error, with {@code topic/partition/offset} coordinates when the error has a topic
     */
    public static StatusError from(StageError error) {
        Optional<String> coordinates = Optional.empty();
        if (error.topic() != null) {
            StringBuilder at = new StringBuilder("topic ").append(error.topic());
            if (error.partition() != null) {
                at.append(", partition ").append(error.partition());
            }
            if (error.offset() != null) {
                at.append(", offset ").append(error.offset());
            }
            coordinates = Optional.of(at.toString());
        }
        return new StatusError(
                error.stage().label(),
                error.exceptionClass(),
                error.message() == null ? "" : error.message(),
                error.trace(),
                coordinates);
    }

    /**
     * An error without a stack trace or record coordinates.
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
