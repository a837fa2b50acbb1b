package io.kanal.client.errors;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The generated KIP-1050 categories and the exception type each broker error becomes. */
class BrokerErrorsTest {
    @ParameterizedTest
    @CsvSource({
        "NOT_LEADER_OR_FOLLOWER, REFRESH_RETRIABLE",
        "NOT_COORDINATOR, REFRESH_RETRIABLE",
        "UNKNOWN_TOPIC_OR_PARTITION, REFRESH_RETRIABLE",
        "COORDINATOR_LOAD_IN_PROGRESS, RETRIABLE",
        "CONCURRENT_TRANSACTIONS, RETRIABLE",
        "REQUEST_TIMED_OUT, RETRIABLE",
        "TRANSACTION_ABORTABLE, ABORTABLE",
        "PRODUCER_FENCED, APPLICATION_RECOVERABLE",
        "INVALID_PRODUCER_EPOCH, APPLICATION_RECOVERABLE",
        "UNKNOWN_MEMBER_ID, APPLICATION_RECOVERABLE",
        "FENCED_INSTANCE_ID, APPLICATION_RECOVERABLE",
        "INVALID_CONFIG, INVALID_CONFIGURATION",
        "TOPIC_AUTHORIZATION_FAILED, INVALID_CONFIGURATION",
        "SASL_AUTHENTICATION_FAILED, INVALID_CONFIGURATION",
        "UNKNOWN_SERVER_ERROR, FATAL",
        "INVALID_TXN_STATE, FATAL"
    })
    void categoriesFollowKafkasExceptionHierarchy(Errors error, ErrorCategory category) {
        assertThat(error.category()).isEqualTo(category);
        assertThat(error.retriable())
                .isEqualTo(category == ErrorCategory.RETRIABLE || category == ErrorCategory.REFRESH_RETRIABLE);
    }

    @Test
    void everyCodeHasACategoryAndDecodes() {
        for (Errors e : Errors.values()) {
            assertThat(e.category()).as(e.name()).isNotNull();
            assertThat(Errors.forCode(e.code())).isEqualTo(e);
        }
        assertThat(Errors.forCode((short) 32_000)).isEqualTo(Errors.UNKNOWN_SERVER_ERROR);
    }

    @ParameterizedTest
    @CsvSource({
        "TOPIC_AUTHORIZATION_FAILED, AuthorizationException",
        "TRANSACTIONAL_ID_AUTHORIZATION_FAILED, AuthorizationException",
        "SASL_AUTHENTICATION_FAILED, AuthenticationException",
        "PRODUCER_FENCED, ProducerFencedException",
        "INVALID_PRODUCER_EPOCH, ProducerFencedException",
        "MESSAGE_TOO_LARGE, RecordTooLargeException",
        "RECORD_LIST_TOO_LARGE, RecordTooLargeException",
        "NOT_LEADER_OR_FOLLOWER, RetriableException",
        "INVALID_REPLICATION_FACTOR, InvalidConfigException",
        "TRANSACTION_ABORTABLE, BrokerErrorException",
        "UNKNOWN_SERVER_ERROR, BrokerErrorException"
    })
    void exceptionsCarryTheirTypeCodeAndCategory(Errors error, String type) {
        KafkaException e = BrokerErrors.exception(error, "broker says no");
        assertThat(e.getClass().getSimpleName()).isEqualTo(type);
        assertThat(e.error()).contains(error);
        assertThat(e.category()).isEqualTo(error.category());
        assertThat(e.getMessage()).isEqualTo(error.name() + ": broker says no");
    }

    @Test
    void theDefaultMessageStandsInForAnEmptyOne() {
        KafkaException e = BrokerErrors.exception(Errors.NOT_COORDINATOR, "");
        assertThat(e.getMessage()).isEqualTo("NOT_COORDINATOR: " + Errors.NOT_COORDINATOR.message());
    }

    @Test
    void theTreeIsSealedWithinThisPackage() {
        assertThat(KafkaException.class.isSealed()).isTrue();
        assertThat(Arrays.stream(KafkaException.class.getPermittedSubclasses()))
                .allSatisfy(c -> assertThat(c.getPackageName()).isEqualTo("io.kanal.client.errors"));
    }
}
