package io.kanal.runtime.store;

/**
 * A store could not read or persist its state. Unchecked; the message says which file or topic and why, and never
 * contains a config value.
 */
public class StoreException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed
     */
    public StoreException(String message) {
        super(message);
    }

    /**
     * @param message what failed
     * @param cause the underlying failure
     */
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * Whether the write was refused for now, as expected in the normal course (this worker is not the config topic's
     * leader at the moment), rather than failed: the caller retries elsewhere or later, and it is no error to log.
     *
     * @return false unless a subclass says so
     */
    public boolean refusedForNow() {
        return false;
    }
}
