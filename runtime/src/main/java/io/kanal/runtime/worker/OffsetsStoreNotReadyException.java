package io.kanal.runtime.worker;

import io.kanal.runtime.store.StoreException;

/**
 * A connector's offsets store did not start (its topic read to its end) within the caller's wait, {@code
 * rest.request.timeout} for a REST request; the store goes on starting, so the request may be retried. Its message
 * names the topic and the wait, never an offset or a setting.
 */
public final class OffsetsStoreNotReadyException extends StoreException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what was waited for, and how long
     * @param cause the timeout
     */
    public OffsetsStoreNotReadyException(String message, Throwable cause) {
        super(message, cause);
    }
}
