package io.kanal.client;

import io.kanal.client.protocol.Errors;
import java.util.EnumSet;
import java.util.Set;

/**
 * Turns broker error codes into categories (KIP-1050) and typed exceptions. The retriable flag comes from the
 * generated {@link Errors} table; this class adds which errors need a metadata refresh first and which belong to the
 * application, the transaction or the configuration.
 */
public final class BrokerErrors {
    private static final Set<Errors> REFRESH_FIRST = EnumSet.of(
            Errors.NOT_LEADER_OR_FOLLOWER,
            Errors.UNKNOWN_TOPIC_OR_PARTITION,
            Errors.UNKNOWN_TOPIC_ID,
            Errors.INCONSISTENT_TOPIC_ID,
            Errors.FENCED_LEADER_EPOCH,
            Errors.UNKNOWN_LEADER_EPOCH,
            Errors.LEADER_NOT_AVAILABLE,
            Errors.REPLICA_NOT_AVAILABLE,
            Errors.KAFKA_STORAGE_ERROR,
            Errors.NOT_COORDINATOR,
            Errors.COORDINATOR_NOT_AVAILABLE,
            Errors.NOT_CONTROLLER);

    private static final Set<Errors> APPLICATION = EnumSet.of(
            Errors.PRODUCER_FENCED,
            Errors.INVALID_PRODUCER_EPOCH,
            Errors.FENCED_INSTANCE_ID,
            Errors.UNKNOWN_MEMBER_ID,
            Errors.FENCED_MEMBER_EPOCH,
            Errors.STALE_MEMBER_EPOCH,
            Errors.ILLEGAL_GENERATION,
            Errors.UNKNOWN_PRODUCER_ID,
            Errors.OUT_OF_ORDER_SEQUENCE_NUMBER);

    private static final Set<Errors> CONFIGURATION = EnumSet.of(
            Errors.INVALID_CONFIG,
            Errors.INVALID_REPLICATION_FACTOR,
            Errors.INVALID_PARTITIONS,
            Errors.INVALID_REPLICA_ASSIGNMENT,
            Errors.INVALID_REQUIRED_ACKS,
            Errors.INVALID_TRANSACTION_TIMEOUT,
            Errors.INVALID_SESSION_TIMEOUT,
            Errors.POLICY_VIOLATION,
            Errors.UNSUPPORTED_COMPRESSION_TYPE);

    private static final Set<Errors> AUTHENTICATION =
            EnumSet.of(Errors.SASL_AUTHENTICATION_FAILED, Errors.ILLEGAL_SASL_STATE, Errors.UNSUPPORTED_SASL_MECHANISM);

    private BrokerErrors() {}

    /**
     * What a caller can do about an error.
     *
     * @param error the error code (not NONE)
     * @return the category
     */
    public static ErrorCategory category(Errors error) {
        if (REFRESH_FIRST.contains(error)) {
            return ErrorCategory.REFRESH_RETRIABLE;
        }
        if (error == Errors.TRANSACTION_ABORTABLE) {
            return ErrorCategory.ABORTABLE;
        }
        if (APPLICATION.contains(error)) {
            return ErrorCategory.APPLICATION_RECOVERABLE;
        }
        if (CONFIGURATION.contains(error)) {
            return ErrorCategory.INVALID_CONFIGURATION;
        }
        return error.retriable() ? ErrorCategory.RETRIABLE : ErrorCategory.FATAL;
    }

    /**
     * Creates the exception for an error code.
     *
     * @param error the error code (not NONE)
     * @param brokerMessage the message the broker sent, or null
     * @return an exception of the most specific type, carrying the code
     */
    public static KafkaException exception(Errors error, String brokerMessage) {
        String message = error.name() + ": "
                + (brokerMessage == null || brokerMessage.isEmpty() ? error.message() : brokerMessage);
        ErrorCategory category = category(error);
        if (error.name().endsWith("_AUTHORIZATION_FAILED")) {
            return new AuthorizationException(message, error);
        }
        if (AUTHENTICATION.contains(error)) {
            return new AuthenticationException(message, error);
        }
        if (error == Errors.PRODUCER_FENCED || error == Errors.INVALID_PRODUCER_EPOCH) {
            return new ProducerFencedException(message, error);
        }
        if (error == Errors.MESSAGE_TOO_LARGE || error == Errors.RECORD_LIST_TOO_LARGE) {
            return new RecordTooLargeException(message, error);
        }
        if (category == ErrorCategory.INVALID_CONFIGURATION) {
            return new InvalidConfigException(message, error);
        }
        if (category == ErrorCategory.RETRIABLE || category == ErrorCategory.REFRESH_RETRIABLE) {
            return new RetriableException(message, error, category);
        }
        return new BrokerErrorException(message, error, category);
    }
}
