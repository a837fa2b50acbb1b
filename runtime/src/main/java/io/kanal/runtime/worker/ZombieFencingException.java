package io.kanal.runtime.worker;

import java.time.Duration;

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
     * The round decided again and again, because the connector's task configs kept changing while it fenced, and ran
     * out of its deadline: the tasks fail (their restart asks for a new round).
     *
     * @param connector the connector
     * @param deadline the round's deadline
     * @param decisions how many times it decided
     * @return the exception
     */
    public static ZombieFencingException unsettled(String connector, Duration deadline, int decisions) {
        return new ZombieFencingException(
                "The zombie fencing round of connector '" + connector + "' did not settle within "
                        + deadline.toMillis() + " ms: new task configs were committed while it fenced, " + decisions
                        + " times; the previous task generations may not all be fenced, so the tasks do not start."
                        + " Restart them once the connector's task configs stop changing",
                false,
                false,
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
