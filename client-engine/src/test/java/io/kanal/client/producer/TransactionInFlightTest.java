package io.kanal.client.producer;

import static org.assertj.core.api.Assertions.assertThat;

import io.kanal.client.OffsetAndMetadata;
import io.kanal.client.TopicPartition;
import io.kanal.client.errors.ClientClosedException;
import io.kanal.client.errors.CommitFailedException;
import io.kanal.client.errors.Errors;
import io.kanal.client.errors.KafkaException;
import io.kanal.client.errors.NetworkException;
import io.kanal.client.errors.ProducerFencedException;
import io.kanal.client.errors.ProtocolException;
import io.kanal.client.errors.TransactionAbortableException;
import io.kanal.client.errors.TransactionAbortedException;
import io.kanal.client.producer.TransactionStateMachine.State;
import io.kanal.client.protocol.ApiKey;
import io.kanal.client.protocol.message.AddOffsetsToTxnResponse;
import io.kanal.client.protocol.message.AddPartitionsToTxnRequest;
import io.kanal.client.protocol.message.EndTxnRequest;
import io.kanal.client.protocol.message.TxnOffsetCommitRequest;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * The transactional producer when something happens while a request is in flight: an abort, a failed record, a
 * re-initialisation, a close, a send racing the commit; and the error codes of the less common paths.
 */
class TransactionInFlightTest extends TransactionFixture {
    private static final Map<TopicPartition, OffsetAndMetadata> OFFSETS =
            Map.of(SenderHarness.tp(1), OffsetAndMetadata.of(42));

    @Test
    void anAbortWhileAddOffsetsIsInFlightIgnoresItsLateAnswerAndEndsTheTransactionItStarted() {
        initialized(0);
        txn.begin(false);
        CompletableFuture<Void> offsets = txn.sendOffsets(OFFSETS, GROUP);
        SenderHarness.Sent addOffsets = stepTo(ApiKey.ADD_OFFSETS_TO_TXN);
        CompletableFuture<Void> abort = txn.abort();
        assertThat(offsets)
                .failsWithin(Duration.ZERO)
                .withThrowableThat()
                .havingCause()
                .isInstanceOf(TransactionAbortedException.class);
        addOffsets.respond(AddOffsetsToTxnResponse.builder().build());
        SenderHarness.Sent end = stepTo(ApiKey.END_TXN);
        assertThat(((EndTxnRequest) end.body()).committed())
                .as("the group joined the transaction at the coordinator: only an abort ends it")
                .isFalse();
        end.respond(endResponse(Errors.NONE, -1, -1));
        assertThat(abort).isCompleted();
        assertThat(txn.state()).isEqualTo(State.READY);
    }

    @Test
    void aV2TxnOffsetCommitWithAnUnknownOutcomeIsAbortedAtTheCoordinatorSoNoLaterCommitTakesItsOffsets() {
        initialized(0);
        txn.begin(true);
        CompletableFuture<Void> offsets = txn.sendOffsets(OFFSETS, GROUP);
        SenderHarness.Sent commitOffsets = stepTo(ApiKey.TXN_OFFSET_COMMIT);
        CompletableFuture<Void> abort = txn.abort();
        assertThat(offsets).isCompletedExceptionally();
        commitOffsets.future().completeExceptionally(new NetworkException("connection lost", true, null));
        h.time.advance(1_000);
        SenderHarness.Sent end = stepTo(ApiKey.END_TXN);
        assertThat(((EndTxnRequest) end.body()).committed()).isFalse();
        end.respond(endResponse(Errors.NONE, PID, 1));
        assertThat(abort).isCompleted();
    }

    @Test
    void aRecordFailingWhileTxnOffsetCommitIsInFlightFailsTheOffsetsAndTheirLateAnswerChangesNothing() {
        initialized(0);
        txn.begin(true);
        CompletableFuture<RecordMetadata> record = h.send(0, "r");
        SenderHarness.Sent produce = stepTo(ApiKey.PRODUCE);
        CompletableFuture<Void> offsets = txn.sendOffsets(OFFSETS, GROUP);
        SenderHarness.Sent commitOffsets = stepTo(ApiKey.TXN_OFFSET_COMMIT);
        produce.produceResponse(Errors.INVALID_RECORD, -1, 0);
        assertThat(record).isCompletedExceptionally();
        assertThat(txn.state()).isEqualTo(State.ABORTABLE_ERROR);
        assertThat(offsets)
                .failsWithin(Duration.ZERO)
                .withThrowableThat()
                .havingCause()
                .isInstanceOf(TransactionAbortableException.class);
        commitOffsets.respond(offsetsResponse((TxnOffsetCommitRequest) commitOffsets.body(), Errors.NONE));
        assertThat(txn.state()).isEqualTo(State.ABORTABLE_ERROR);
        txn.abort();
        stepTo(ApiKey.END_TXN).respond(endResponse(Errors.NONE, PID, 1));
        assertThat(txn.state()).isEqualTo(State.READY);
    }

    @Test
    void aResponseToTheFailedSessionIsIgnoredAfterReInitialising() {
        initialized(0);
        txn.begin(false);
        sendAddedAndAcked(0, 1);
        h.send(0, "second");
        h.send(1, "other");
        SenderHarness.Sent produce = stepTo(ApiKey.PRODUCE);
        SenderHarness.Sent add = h.next(ApiKey.ADD_PARTITIONS_TO_TXN);
        produce.produceResponse(Errors.INVALID_PRODUCER_EPOCH, -1, 0);
        assertThat(txn.state()).isEqualTo(State.FATAL_ERROR);

        CompletableFuture<Void> init = txn.initTransactions();
        SenderHarness.Sent reinit = stepTo(ApiKey.INIT_PRODUCER_ID);
        add.respond(addResponse((AddPartitionsToTxnRequest) add.body(), Errors.PRODUCER_FENCED));
        assertThat(init)
                .as("the old session's answer does not fail the new one")
                .isNotDone();
        assertThat(txn.state()).isEqualTo(State.INITIALIZING);
        reinit.respond(initResponse(Errors.NONE, PID, 1));
        assertThat(init).isCompleted();
    }

    @Test
    void closingInAnOpenTransactionAbortsItAndStopsOnlyOnceTheCoordinatorAnswered() {
        initialized(0);
        txn.begin(false);
        sendAddedAndAcked(0, 1);
        h.sender.initiateClose();
        SenderHarness.Sent end = stepTo(ApiKey.END_TXN);
        assertThat(((EndTxnRequest) end.body()).committed()).isFalse();
        assertThat(h.sender.terminated()).isNotDone();
        end.respond(endResponse(Errors.NONE, -1, -1));
        h.step();
        assertThat(h.sender.terminated()).isCompleted();
    }

    @Test
    void closingDuringACommitWaitsForItsOutcome() {
        initialized(0);
        txn.begin(false);
        sendAddedAndAcked(0, 1);
        CompletableFuture<Void> commit = txn.commit();
        SenderHarness.Sent end = stepTo(ApiKey.END_TXN);
        h.sender.initiateClose();
        h.step();
        assertThat(h.sender.terminated()).isNotDone();
        end.respond(endResponse(Errors.NONE, -1, -1));
        h.step();
        assertThat(commit).isCompleted();
        assertThat(h.sender.terminated()).isCompleted();
    }

    @Test
    void aForcedCloseFailsTheCommitInsteadOfLeavingItWaiting() {
        initialized(0);
        txn.begin(false);
        sendAddedAndAcked(0, 1);
        CompletableFuture<Void> commit = txn.commit();
        stepTo(ApiKey.END_TXN);
        h.sender.forceClose("test");
        h.step();
        assertThat(commit)
                .failsWithin(Duration.ZERO)
                .withThrowableThat()
                .havingCause()
                .isInstanceOf(ClientClosedException.class);
        assertThat(h.sender.terminated()).isCompleted();
    }

    @Test
    void aRecordAppendedAfterEndTxnWasSentFailsAndNeverJoinsTheNextTransaction() {
        initialized(0);
        txn.begin(false);
        sendAddedAndAcked(0, 1);
        CompletableFuture<Void> commit = txn.commit();
        SenderHarness.Sent end = stepTo(ApiKey.END_TXN);
        CompletableFuture<RecordMetadata> late = h.send(0, "late");
        h.step();
        assertThat(late)
                .failsWithin(Duration.ZERO)
                .withThrowableThat()
                .havingCause()
                .isInstanceOf(TransactionAbortedException.class);
        assertThat(h.sent).as("no Produce next to the EndTxn").isEmpty();
        end.respond(endResponse(Errors.NONE, -1, -1));
        assertThat(commit).isCompleted();
    }

    @Test
    void sendOffsetsCalledAgainAfterATimeOutWaitsForTheSameOperation() {
        initialized(0);
        txn.begin(true);
        CompletableFuture<Void> first = txn.sendOffsets(OFFSETS, GROUP);
        assertThat(txn.sendOffsets(Map.copyOf(OFFSETS), GROUP)).isSameAs(first);
        assertThat(txn.sendOffsets(Map.of(SenderHarness.tp(0), OffsetAndMetadata.of(1)), GROUP))
                .as("other offsets while the first are staged")
                .isCompletedExceptionally();
    }

    // ----- error codes of the less common paths -----

    @Test
    void aRefusedAbortIsRetriedAfterABackOffNotInALoop() {
        initialized(0);
        txn.begin(false);
        sendAddedAndAcked(0, 1);
        CompletableFuture<Void> abort = txn.abort();
        stepTo(ApiKey.END_TXN).respond(endResponse(Errors.TRANSACTION_ABORTABLE, -1, -1));
        h.step();
        assertThat(h.sent).as("not before the back-off").isEmpty();
        h.time.advance(100);
        stepTo(ApiKey.END_TXN).respond(endResponse(Errors.NONE, -1, -1));
        assertThat(abort).isCompleted();
    }

    @Test
    void concurrentTransactionsOnAddPartitionsRetriesAfterABackOff() {
        initialized(0);
        txn.begin(false);
        h.send(0, "r");
        SenderHarness.Sent add = stepTo(ApiKey.ADD_PARTITIONS_TO_TXN);
        add.respond(addResponse((AddPartitionsToTxnRequest) add.body(), Errors.CONCURRENT_TRANSACTIONS));
        h.step();
        assertThat(h.sent).isEmpty();
        h.time.advance(100);
        SenderHarness.Sent again = stepTo(ApiKey.ADD_PARTITIONS_TO_TXN);
        again.respond(addResponse((AddPartitionsToTxnRequest) again.body(), Errors.NONE));
        stepTo(ApiKey.PRODUCE);
        assertThat(txn.state()).isEqualTo(State.IN_TRANSACTION);
    }

    @Test
    void aMovedGroupCoordinatorIsFoundAgainAndAStaleMemberEpochFailsTheOffsets() {
        initialized(0);
        txn.begin(true);
        CompletableFuture<Void> offsets = txn.sendOffsets(OFFSETS, GROUP);
        SenderHarness.Sent first = stepTo(ApiKey.TXN_OFFSET_COMMIT);
        int lookups = h.coordinatorLookups;
        first.respond(offsetsResponse((TxnOffsetCommitRequest) first.body(), Errors.COORDINATOR_NOT_AVAILABLE));
        h.time.advance(100);
        SenderHarness.Sent second = stepTo(ApiKey.TXN_OFFSET_COMMIT);
        assertThat(h.coordinatorLookups).isEqualTo(lookups + 1);
        second.respond(offsetsResponse((TxnOffsetCommitRequest) second.body(), Errors.STALE_MEMBER_EPOCH));
        assertThat(offsets)
                .failsWithin(Duration.ZERO)
                .withThrowableThat()
                .havingCause()
                .isInstanceOf(TransactionAbortableException.class)
                .havingCause()
                .isInstanceOf(CommitFailedException.class);
    }

    @Test
    void anOutOfOrderSequenceInATransactionIsAbortableAndTheAbortBumpsTheEpoch() {
        initialized(0);
        txn.begin(false);
        sendAddedAndAcked(0, 1);
        h.send(0, "r");
        stepTo(ApiKey.PRODUCE).produceResponse(Errors.OUT_OF_ORDER_SEQUENCE_NUMBER, -1, 0);
        assertThat(txn.state()).isEqualTo(State.ABORTABLE_ERROR);
        txn.abort();
        stepTo(ApiKey.INIT_PRODUCER_ID);
    }

    @Test
    void anInvalidTransitionAtTheCoordinatorIsFatal() {
        initialized(0);
        txn.begin(false);
        sendAddedAndAcked(0, 1);
        CompletableFuture<Void> commit = txn.commit();
        stepTo(ApiKey.END_TXN).respond(endResponse(Errors.INVALID_TXN_STATE, -1, -1));
        assertThat(commit).isCompletedExceptionally();
        assertThat(txn.state()).isEqualTo(State.FATAL_ERROR);
    }

    @Test
    void aV2EndTxnWithoutTheNextEpochIsAProtocolError() {
        initialized(0);
        txn.begin(true);
        h.send(0, "r");
        stepTo(ApiKey.PRODUCE).ok(0);
        CompletableFuture<Void> commit = txn.commit();
        stepTo(ApiKey.END_TXN).respond(endResponse(Errors.NONE, -1, -1));
        assertThat(commit)
                .failsWithin(Duration.ZERO)
                .withThrowableThat()
                .havingCause()
                .isInstanceOf(ProtocolException.class);
    }

    @Test
    void aStoredErrorReachesEachCallerAsItsOwnExceptionOfTheSameKind() {
        initialized(0);
        txn.begin(false);
        sendAddedAndAcked(0, 1);
        h.send(0, "r");
        stepTo(ApiKey.PRODUCE).produceResponse(Errors.INVALID_PRODUCER_EPOCH, -1, 0);
        KafkaException first = txn.errorForCaller("commitTransaction()");
        KafkaException second = txn.errorForCaller("commitTransaction()");
        assertThat(first).isInstanceOf(ProducerFencedException.class).isNotSameAs(second);
        assertThat(first.getCause()).isSameAs(txn.error());
    }
}
