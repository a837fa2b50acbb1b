package io.kanal.runtime.worker;

/**
 * A round of zombie fencing failed for good: the connector's exactly-once tasks must not start, because tasks of its
 * previous generation may still be writing.
 */
public final class ZombieFencingException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final boolean authorization;

    /**
     * @param message what failed, naming the connector
     * @param authorization whether the principal lacks a permission (a retry helps only once the ACLs change)
     * @param cause the last failure
     */
    public ZombieFencingException(String message, boolean authorization, Throwable cause) {
        super(message, cause);
        this.authorization = authorization;
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
