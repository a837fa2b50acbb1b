package io.kanal.runtime.api;

import java.util.Objects;

/**
 * A refused or failed API call, with the HTTP status Connect answers for it ({@code error_code}) and the message
 * Connect's error body carries. Immutable; thrown on the caller's thread.
 */
public final class ApiException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** An unknown connector or task. */
    public static final int NOT_FOUND = 404;
    /** A duplicate connector, or a rebalance in progress. */
    public static final int CONFLICT = 409;
    /** Bad input: a missing name, an invalid config, a command that makes no sense now. */
    public static final int BAD_REQUEST = 400;
    /** The worker could not complete the call. */
    public static final int INTERNAL = 500;
    /** A feature the worker config turned off (Connect's topic tracking). */
    public static final int FORBIDDEN = 403;
    /** The worker is stopping or overloaded; try again. */
    public static final int UNAVAILABLE = 503;

    private final int errorCode;

    /**
     * Creates the exception.
     *
     * @param errorCode the HTTP status
     * @param message what to tell the user
     */
    public ApiException(int errorCode, String message) {
        super(Objects.requireNonNull(message, "message"));
        if (errorCode < 400 || errorCode > 599) {
            throw new IllegalArgumentException("an error code is an HTTP 4xx or 5xx status: " + errorCode);
        }
        this.errorCode = errorCode;
    }

    /**
     * @return the HTTP status, which Connect's error body repeats as {@code error_code}
     */
    public int errorCode() {
        return errorCode;
    }

    /**
     * An unknown connector.
     *
     * @param connector the connector's name
     * @return the exception
     */
    static ApiException unknownConnector(String connector) {
        return new ApiException(NOT_FOUND, "Connector " + connector + " not found");
    }
}
