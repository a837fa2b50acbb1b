package io.kanal.client.errors;

/**
 * Turns broker error codes into typed exceptions. What a caller can do about a code is its generated
 * {@link Errors#category()} (KIP-1050); this class only picks the exception type, by family and for the few codes
 * that have a type of their own.
 */
public final class BrokerErrors {
    private BrokerErrors() {}

    /**
     * Creates the exception for an error code.
     *
     * @param error the error code (not NONE)
     * @param brokerMessage the message the broker sent, or null
     * @return an exception of the most specific type, carrying the code and its category
     */
    public static KafkaException exception(Errors error, String brokerMessage) {
        String message = error.name() + ": "
                + (brokerMessage == null || brokerMessage.isEmpty() ? error.message() : brokerMessage);
        switch (error.family()) {
            case AUTHENTICATION -> {
                return new AuthenticationException(message, error);
            }
            case AUTHORIZATION -> {
                return new AuthorizationException(message, error);
            }
            case GENERAL -> {
                // by code below
            }
        }
        return switch (error) {
            case PRODUCER_FENCED, INVALID_PRODUCER_EPOCH -> new ProducerFencedException(message, error);
            case MESSAGE_TOO_LARGE, RECORD_LIST_TOO_LARGE -> new RecordTooLargeException(message, error);
            default ->
                switch (error.category()) {
                    case RETRIABLE, REFRESH_RETRIABLE -> new RetriableException(message, error);
                    case INVALID_CONFIGURATION -> new InvalidConfigException(message, error);
                    default -> new BrokerErrorException(message, error);
                };
        };
    }
}
