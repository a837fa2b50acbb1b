package io.kanal.testkit.postgres;

/** A private PostgreSQL server could not be found, started or stopped. */
public final class PostgresServerException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed
     */
    public PostgresServerException(String message) {
        super(message);
    }

    /**
     * @param message what failed
     * @param cause the underlying failure
     */
    public PostgresServerException(String message, Throwable cause) {
        super(message, cause);
    }
}
