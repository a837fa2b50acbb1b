package io.kanal.client.producer;

import static org.assertj.core.api.Assertions.assertThat;

import io.kanal.client.errors.AuthorizationException;
import io.kanal.client.errors.BrokerErrors;
import io.kanal.client.errors.Errors;
import io.kanal.client.errors.KafkaException;
import io.kanal.client.errors.TransactionAbortableException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** What an application thread gets from a transactional producer that a broker refused. */
class TransactionErrorsTest {

    @ParameterizedTest
    @EnumSource(
            value = Errors.class,
            names = {"TOPIC_AUTHORIZATION_FAILED", "CLUSTER_AUTHORIZATION_FAILED", "GROUP_AUTHORIZATION_FAILED"})
    void everyRefusalStaysAnAuthorizationExceptionWithItsCode(Errors code) {
        KafkaException stored = BrokerErrors.exception(code, null);

        KafkaException thrown = TransactionErrors.forCaller(stored, "commitTransaction", "g-c-0");

        assertThat(thrown)
                .isInstanceOf(AuthorizationException.class)
                .hasCause(stored)
                .hasMessageStartingWith("commitTransaction: ")
                .hasMessageContaining(code.name())
                .hasMessageNotContaining("transactional.id");
        assertThat(thrown.error()).contains(code);
    }

    @ParameterizedTest
    @EnumSource(value = Errors.class, names = "TRANSACTIONAL_ID_AUTHORIZATION_FAILED")
    void aRefusedTransactionalIdSaysWhichIdAndWhatItNeeds(Errors code) {
        KafkaException stored = BrokerErrors.exception(code, null);

        KafkaException thrown = TransactionErrors.forCaller(stored, "beginTransaction", "g-c-0");

        assertThat(thrown)
                .isInstanceOf(AuthorizationException.class)
                .hasMessageContaining("may not use transactional.id 'g-c-0'")
                .hasMessageContaining("WRITE and DESCRIBE on TransactionalId 'g-c-0'");
        assertThat(thrown.error()).contains(code);
    }

    @Test
    void aRefusalWithoutACodeStaysTyped() {
        KafkaException thrown =
                TransactionErrors.forCaller(new AuthorizationException("denied"), "sendOffsetsToTransaction", "t");

        assertThat(thrown).isInstanceOf(AuthorizationException.class).hasMessageContaining("denied");
        assertThat(thrown.error()).isEmpty();
    }

    @Test
    void aRefusalStoredWrappedIsStillAnAuthorizationException() {
        // A group refusal outside a transaction ends the producer wrapped in a KafkaException.
        KafkaException stored = new KafkaException(
                "Transactional producer t failed outside a transaction (READY)",
                BrokerErrors.exception(Errors.GROUP_AUTHORIZATION_FAILED, null));

        assertThat(TransactionErrors.forCaller(stored, "sendOffsetsToTransaction", "t"))
                .isInstanceOfSatisfying(AuthorizationException.class, a -> assertThat(a.error())
                        .contains(Errors.GROUP_AUTHORIZATION_FAILED));
        assertThat(TransactionErrors.queuedRecordRefused(TransactionStateMachine.State.FATAL_ERROR, stored, "t"))
                .isInstanceOfSatisfying(AuthorizationException.class, a -> assertThat(a.error())
                        .contains(Errors.GROUP_AUTHORIZATION_FAILED));
    }

    @Test
    void anAbortableRefusalStaysAbortableWithTheRefusalAsItsCause() {
        KafkaException refusal = BrokerErrors.exception(Errors.TOPIC_AUTHORIZATION_FAILED, null);
        KafkaException stored = new TransactionAbortableException("must abort", refusal);

        assertThat(TransactionErrors.forCaller(stored, "commitTransaction", "t"))
                .isInstanceOf(TransactionAbortableException.class)
                .hasRootCause(refusal);
    }
}
