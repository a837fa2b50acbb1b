package io.kanal.client.admin;

import io.kanal.client.errors.BrokerErrors;
import io.kanal.client.errors.ErrorCategory;
import io.kanal.client.errors.Errors;
import io.kanal.client.errors.KafkaException;

/**
 * What became of one item of an admin request in one attempt: done, to be retried (after some recovery), or failed
 * for good. Values only; the decisions are made by the operation's response mapping.
 *
 * @param <V> the item's value type
 */
sealed interface Outcome<V> {
    /** What to do before a retry. */
    enum Recovery {
        /** Nothing: retry the same routing after the back-off (e.g. COORDINATOR_LOAD_IN_PROGRESS). */
        NONE,
        /** The route is stale: refresh metadata or look the coordinator up again. */
        REROUTE
    }

    /**
     * The item succeeded.
     *
     * @param value its value
     * @param <V> the value type
     */
    record Done<V>(V value) implements Outcome<V> {}

    /**
     * The item failed in a way that may go away.
     *
     * @param cause the failure, kept as the cause of a final timeout
     * @param recovery what to do before retrying
     * @param <V> the value type
     */
    record Retry<V>(KafkaException cause, Recovery recovery) implements Outcome<V> {}

    /**
     * The item failed for good.
     *
     * @param error the typed exception for the caller
     * @param <V> the value type
     */
    record Fail<V>(KafkaException error) implements Outcome<V> {}

    /**
     * The outcome for a broker error code: retriable codes are retried (rerouted first when they mean stale metadata or
     * a moved coordinator), the rest fail with the typed exception carrying the broker's message.
     *
     * @param error the error code, not NONE
     * @param brokerMessage the broker's message, or null
     * @param <V> the value type
     * @return the outcome
     */
    static <V> Outcome<V> ofError(Errors error, String brokerMessage) {
        KafkaException e = BrokerErrors.exception(error, brokerMessage);
        ErrorCategory category = error.category();
        if (category == ErrorCategory.REFRESH_RETRIABLE) {
            return new Retry<>(e, Recovery.REROUTE);
        }
        if (category == ErrorCategory.RETRIABLE) {
            return new Retry<>(e, Recovery.NONE);
        }
        return new Fail<>(e);
    }

    /**
     * The outcome for a broker error code, or success with a value when the code is NONE.
     *
     * @param code the error code
     * @param brokerMessage the broker's message, or null
     * @param value the value if the code is NONE
     * @param <V> the value type
     * @return the outcome
     */
    static <V> Outcome<V> of(short code, String brokerMessage, V value) {
        Errors error = Errors.forCode(code);
        return error == Errors.NONE ? new Done<>(value) : ofError(error, brokerMessage);
    }
}
