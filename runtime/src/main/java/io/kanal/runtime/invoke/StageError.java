package io.kanal.runtime.invoke;

/**
 * The structured error a failed task's (or connector's) status carries: which stage failed, with what exception,
 * and on which record when there is one. Built from the throwable the stage threw (the plugin's own, not a wrapper
 * of the runtime's), with its message and trace passed through a {@link Redactor} so that PASSWORD values never
 * appear.
 *
 * @param stage where it failed
 * @param exceptionClass the throwable's class name
 * @param message its message, masked; {@code null} when it has none
 * @param trace its stack trace with causes, masked: Connect's {@code trace} status field
 * @param topic the record's topic, or {@code null}
 * @param partition the record's partition, or {@code null}
 * @param offset the record's offset (a sink record's Kafka offset), or {@code null}
 */
public record StageError(
        Stage stage,
        String exceptionClass,
        String message,
        String trace,
        String topic,
        Integer partition,
        Long offset) {

    /**
     * Validates the components.
     *
     * @throws IllegalArgumentException when the stage or class is missing, or the location is negative
     */
    public StageError {
        if (stage == null || exceptionClass == null || exceptionClass.isBlank()) {
            throw new IllegalArgumentException("a stage error needs a stage and an exception class");
        }
        if (partition != null && partition < 0) {
            throw new IllegalArgumentException("partition must be >= 0, got " + partition);
        }
        if (offset != null && offset < 0) {
            throw new IllegalArgumentException("offset must be >= 0, got " + offset);
        }
        if (trace == null) {
            trace = "";
        }
    }

    /**
     * The error of a stage that threw, without a record location.
     *
     * @param stage where it failed
     * @param error what it threw
     * @param redactor masks the secrets of the connector's configuration
     * @return the error
     */
    public static StageError of(Stage stage, Throwable error, Redactor redactor) {
        if (error == null || redactor == null) {
            throw new IllegalArgumentException("error and redactor are required");
        }
        return new StageError(
                stage,
                error.getClass().getName(),
                redactor.message(error),
                redactor.stackTrace(error),
                null,
                null,
                null);
    }

    /**
     * The error of a call that failed, as its outcome tells it.
     *
     * @param failed the outcome
     * @param redactor masks the secrets of the connector's configuration
     * @return the error
     */
    public static StageError of(CallOutcome.Failed<?> failed, Redactor redactor) {
        return of(failed.stage(), failed.error(), redactor);
    }

    /**
     * This error at a record's location.
     *
     * @param topic the topic
     * @param partition the partition, or {@code null}
     * @param offset the offset, or {@code null}
     * @return a copy with the location
     */
    public StageError at(String topic, Integer partition, Long offset) {
        return new StageError(stage, exceptionClass, message, trace, topic, partition, offset);
    }

    /**
     * One line for a status or a log: {@code put failed: com.acme.Boom: disk full (topic t, partition 0, offset
     * 42)}.
     *
     * @return the summary
     */
    public String summary() {
        StringBuilder text =
                new StringBuilder(stage.label()).append(" failed: ").append(exceptionClass);
        if (message != null) {
            text.append(": ").append(message);
        }
        if (topic != null) {
            text.append(" (topic ").append(topic);
            if (partition != null) {
                text.append(", partition ").append(partition);
            }
            if (offset != null) {
                text.append(", offset ").append(offset);
            }
            text.append(')');
        }
        return text.toString();
    }
}
