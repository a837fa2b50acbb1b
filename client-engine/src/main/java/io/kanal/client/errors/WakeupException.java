package io.kanal.client.errors;

/** Thrown by a blocking consumer call that {@link Consumer#wakeup()} interrupted. */
public final class WakeupException extends KafkaException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception. */
    public WakeupException() {
        super("The consumer was woken up by wakeup()");
    }
}
