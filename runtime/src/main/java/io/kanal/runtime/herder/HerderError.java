package io.kanal.runtime.herder;

import java.util.Objects;

/**
 * Why the herder refused or could not complete a REST command. REST maps {@link Kind} to an HTTP status.
 *
 * @param kind the category, which decides the HTTP status
 * @param message what to tell the user
 */
public record HerderError(Kind kind, String message) {

    /** Categories of refusal, each with Connect's HTTP status. */
    public enum Kind {
        /** The connector or task does not exist: 404. */
        NOT_FOUND,
        /** A connector with that name exists already: 409. */
        ALREADY_EXISTS,
        /** A rebalance is under way; try again: 409. */
        REBALANCE_IN_PROGRESS,
        /** The command makes no sense in the current state: 400. */
        BAD_REQUEST,
        /** The store could not persist the change: 500. */
        STORE_FAILED,
        /** The herder's queue is full or the herder is stopping; try again: 503. */
        UNAVAILABLE
    }

    /**
     * Checks the error.
     *
     * @param kind the category
     * @param message what to tell the user
     */
    public HerderError {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(message, "message");
    }

    static HerderError notFound(String connector) {
        return new HerderError(Kind.NOT_FOUND, "Connector " + connector + " not found");
    }
}
