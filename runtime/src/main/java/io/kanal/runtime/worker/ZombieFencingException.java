package io.kanal.runtime.worker;

/**
 * A round of zombie fencing failed for good: the connector's exactly-once tasks must not start, because tasks of its
 * previous generation may still be writing.
 */
public final class ZombieFencingException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final boolean authorization;
    private final boolean stopping;

    /**
     * @param message what failed, naming the connector
     * @param authorization whether the principal lacks a permission (a retry helps only once the ACLs change)
     * @param cause the last failure
     */
    public ZombieFencingException(String message, boolean authorization, Throwable cause) {
        this(message, authorization, false, cause);
    }

    private ZombieFencingException(String message, boolean authorization, boolean stopping, Throwable cause) {
        super(message, cause);
        this.authorization = authorization;
        this.stopping = stopping;
    }

    /**
     * The round was not run, or was ended, because the worker is stopping: another worker can run it.
     *
     * @param connector the connector
     * @return the exception
     */
    public static ZombieFencingException stopping(String connector) {
        return new ZombieFencingException(
                "The worker is stopping: the zombie tasks of connector '" + connector + "' were not fenced",
                false,
                true,
                null);
    }

    /**
     * Whether the round failed because the worker is stopping (a retry on the next leader helps).
     *
     * @return true when stopping
     */
    public boolean stopping() {
        return stopping;
    }

    /**
     * Whether the round failed on an authorization error.
     *
     * @return true when the ACLs must change
     */
    public boolean authorization() {
        return authorization;
    }
}
