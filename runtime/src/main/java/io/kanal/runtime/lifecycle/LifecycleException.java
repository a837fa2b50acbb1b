package io.kanal.runtime.lifecycle;

/**
 * A start or stop failed with a checked exception, which is this exception's cause. Unchecked exceptions and errors
 * from {@code doStart}/{@code doStop} propagate as they are.
 */
public final class LifecycleException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what failed, naming the component
     * @param cause the checked exception
     */
    public LifecycleException(String message, Throwable cause) {
        super(message, cause);
    }
}
