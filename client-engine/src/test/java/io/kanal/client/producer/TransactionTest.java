package io.kanal.client.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kanal.client.OffsetAndMetadata;
import io.kanal.client.errors.AuthorizationException;
import io.kanal.client.errors.CommitFailedException;
import io.kanal.client.errors.Errors;
import io.kanal.client.errors.NetworkException;
import io.kanal.client.errors.ProducerFencedException;
import io.kanal.client.errors.TimeoutException;
import io.kanal.client.errors.TransactionAbortableException;
import io.kanal.client.errors.TransactionAbortedException;
import io.kanal.client.producer.TransactionStateMachine.State;
import io.kanal.client.protocol.ApiKey;
import io.kanal.client.protocol.message.AddOffsetsToTxnResponse;
import io.kanal.client.protocol.message.AddPartitionsToTxnRequest;
import io.kanal.client.protocol.message.EndTxnRequest;
import io.kanal.client.protocol.message.InitProducerIdRequest;
import io.kanal.client.protocol.message.ProduceRequest;
import io.kanal.client.protocol.message.TxnOffsetCommitRequest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * The transactional producer's state machine, driven through the sender with a scripted broker: every error path of
 * the transaction protocol, under transactions V1 and V2.
 */
class TransactionTest extends TransactionFixture {
    // ----- initialisation -----

    @Test
    void initialisationRetriesALoadingCoordinatorAndFindsAMovedOneAgain() {
        CompletableFuture<Void> init = txn.initTransactions();
        stepTo(ApiKey.INIT_PRODUCER_ID).respond(initResponse(Errors.COORDINATOR_LOAD_IN_PROGRESS, -1, -1));
        h.step();
        assertThat(h.sent).as("not before the back-off").isEmpty();
        h.time.advance(100);
        stepTo(ApiKey.INIT_PRODUCER_ID).respond(initResponse(Errors.NOT_COORDINATOR, -1, -1));
        h.time.advance(200);
        stepTo(ApiKey.INIT_PRODUCER_ID).respond(initResponse(Errors.CONCURRENT_TRANSACTIONS, -1, -1));
        h.time.advance(400);
        stepTo(ApiKey.INIT_PRODUCER_ID).respond(initResponse(Errors.NONE, PID, 3));
        assertThat(init).isCompleted();
        assertThat(txn.state()).isEqualTo(State.READY);
        assertThat(h.coordinatorLookups)
                .as("a NOT_COORDINATOR answer looks the coordinator up again")
                .isEqualTo(2);
    }

    @Test
    void aFencedOrUnauthorizedInitialisationIsFatal() {
        CompletableFuture<Void> init = txn.initTransactions();
        stepTo(ApiKey.INIT_PRODUCER_ID).respond(initResponse(Errors.TRANSACTIONAL_ID_AUTHORIZATION_FAILED, -1, -1));
        assertThat(init)
                .failsWithin(Duration.ZERO)
                .withThrowableThat()
                .havingCause()
                .isInstanceOf(AuthorizationException.class);
        assertThat(txn.state()).isEqualTo(State.FATAL_ERROR);
        assertThatThrownBy(() -> txn.begin(false))
                .isInstanceOf(AuthorizationException.class)
                .hasMessageContaining("may not use transactional.id '" + txn.transactionalId() + "'")
                .hasMessageContaining("WRITE and DESCRIBE on TransactionalId")
                .hasCauseInstanceOf(AuthorizationException.class);
    }

    // ----- transactions V1 -----

    @Test
    void aV1TransactionAddsEachPartitionBeforeItsFirstBatchAndCommitsWithEndTxn() {
        initialized(0);
        txn.begin(false);
        CompletableFuture<RecordMetadata> record = h.send(0, "r");
        SenderHarness.Sent add = stepTo(ApiKey.ADD_PARTITIONS_TO_TXN);
        AddPartitionsToTxnRequest addBody = (AddPartitionsToTxnRequest) add.body();
        assertThat(addBody.v3AndBelowProducerId()).isEqualTo(PID);
        assertThat(addBody.v3AndBelowTopics()).hasSize(1);
        assertThat(add.request().maxVersion()).isEqualTo((short) 3);
        h.step();
        assertThat(h.sent)
                .as("no produce before the partition is in the transaction")
                .isEmpty();
        add.respond(addResponse(addBody, Errors.NONE));
        SenderHarness.Sent produce = stepTo(ApiKey.PRODUCE);
        assertThat(((ProduceRequest) produce.body()).transactionalId()).isEqualTo("tx-1");
        assertThat(produce.request().maxVersion())
                .as("V1 stays below Produce v12")
                .isLessThanOrEqualTo((short) 11);
        assertThat(produce.batch().isTransactional()).isTrue();
        produce.ok(10);
        assertThat(record).isCompletedWithValueMatching(m -> m.offset() == 10);

        CompletableFuture<Void> commit = txn.commit();
        SenderHarness.Sent end = stepTo(ApiKey.END_TXN);
        assertThat(((EndTxnRequest) end.body()).committed()).isTrue();
        assertThat(end.request().maxVersion()).isEqualTo((short) 4);
        end.respond(endResponse(Errors.CONCURRENT_TRANSACTIONS, -1, -1));
        h.time.advance(100);
        stepTo(ApiKey.END_TXN).respond(endResponse(Errors.NONE, -1, -1));
        assertThat(commit).isCompleted();
        assertThat(txn.state()).isEqualTo(State.READY);
    }

    @Test
    void theFirstAddPartitionsOfATransactionRefusedAsConcurrentIsRetriedWithin20MsLaterOnesAfterTheBackOff() {
        initialized(0);
        txn.begin(false);
        h.send(0, "r");
        SenderHarness.Sent add = stepTo(ApiKey.ADD_PARTITIONS_TO_TXN);
        // The coordinator still writes the previous transaction's markers.
        add.respond(addResponse((AddPartitionsToTxnRequest) add.body(), Errors.CONCURRENT_TRANSACTIONS));
        h.time.advance(TransactionResponses.FIRST_ADD_RETRY_CAP_MS - 1);
        h.step();
        assertThat(h.sent).as("not before the cap").isEmpty();
        h.time.advance(1);
        SenderHarness.Sent again = stepTo(ApiKey.ADD_PARTITIONS_TO_TXN);
        again.respond(addResponse((AddPartitionsToTxnRequest) again.body(), Errors.NONE));
        stepTo(ApiKey.PRODUCE).ok(0);

        // A partition in the transaction already: the usual back-off (retry.backoff.ms 100, jitter at most -20%).
        h.send(1, "r");
        SenderHarness.Sent second = stepTo(ApiKey.ADD_PARTITIONS_TO_TXN);
        second.respond(addResponse((AddPartitionsToTxnRequest) second.body(), Errors.CONCURRENT_TRANSACTIONS));
        h.time.advance(79);
        h.step();
        assertThat(h.sent).as("a later add waits the usual back-off").isEmpty();
        h.time.advance(41);
        stepTo(ApiKey.ADD_PARTITIONS_TO_TXN);
    }

    @Test
    void aTransactionWithNothingInItEndsWithoutEndTxn() {
        initialized(0);
        txn.begin(false);
        CompletableFuture<Void> commit = txn.commit();
        h.step();
        assertThat(h.sent).isEmpty();
        assertThat(commit).isCompleted();
        assertThat(txn.state()).isEqualTo(State.READY);
    }

    @Test
    void offsetsJoinAV1TransactionThroughAddOffsetsThenTxnOffsetCommitWithTheMembersGeneration() {
        initialized(0);
        txn.begin(false);
        CompletableFuture<Void> sent = txn.sendOffsets(Map.of(SenderHarness.tp(1), OffsetAndMetadata.of(42)), GROUP);
        stepTo(ApiKey.ADD_OFFSETS_TO_TXN)
                .respond(AddOffsetsToTxnResponse.builder().build());
        SenderHarness.Sent commit = stepTo(ApiKey.TXN_OFFSET_COMMIT);
        TxnOffsetCommitRequest body = (TxnOffsetCommitRequest) commit.body();
        assertThat(body.groupId()).isEqualTo("copy");
        assertThat(body.generationIdOrMemberEpoch()).isEqualTo(7);
        assertThat(body.memberId()).isEqualTo("member-1");
        assertThat(body.topics().get(0).partitions().get(0).committedOffset()).isEqualTo(42);
        assertThat(commit.request().minVersion()).isEqualTo((short) 3);
        assertThat(commit.request().maxVersion()).isEqualTo((short) 4);
        commit.respond(offsetsResponse(body, Errors.NONE));
        assertThat(sent).isCompleted();
        txn.commit();
        stepTo(ApiKey.END_TXN).respond(endResponse(Errors.NONE, -1, -1));
        assertThat(txn.state()).isEqualTo(State.READY);
    }

    @Test
    void offsetsOfAConsumerThatLeftItsGenerationMakeTheTransactionAbortable() {
        initialized(0);
        txn.begin(false);
        CompletableFuture<Void> sent = txn.sendOffsets(Map.of(SenderHarness.tp(1), OffsetAndMetadata.of(42)), GROUP);
        stepTo(ApiKey.ADD_OFFSETS_TO_TXN)
                .respond(AddOffsetsToTxnResponse.builder().build());
        SenderHarness.Sent commit = stepTo(ApiKey.TXN_OFFSET_COMMIT);
        commit.respond(offsetsResponse((TxnOffsetCommitRequest) commit.body(), Errors.ILLEGAL_GENERATION));
        assertThat(sent)
                .failsWithin(Duration.ZERO)
                .withThrowableThat()
                .havingCause()
                .isInstanceOf(TransactionAbortableException.class)
                .havingCause()
                .isInstanceOf(CommitFailedException.class);
        assertThat(txn.state()).isEqualTo(State.ABORTABLE_ERROR);
        assertThatThrownBy(txn::commit).isInstanceOf(TransactionAbortableException.class);

        CompletableFuture<Void> abort = txn.abort();
        SenderHarness.Sent end = stepTo(ApiKey.END_TXN);
        assertThat(((EndTxnRequest) end.body()).committed()).isFalse();
        end.respond(endResponse(Errors.NONE, -1, -1));
        assertThat(abort).isCompleted();
        assertThat(txn.state()).isEqualTo(State.READY);
    }

    @Test
    void aFailedRecordMakesTheTransactionAbortableAndTheAbortFailsTheRecordsNotSent() {
        initialized(0);
        txn.begin(false);
        sendAddedAndAcked(0, 5);
        CompletableFuture<RecordMetadata> bad = h.send(0, "bad");
        stepTo(ApiKey.PRODUCE).produceResponse(Errors.INVALID_RECORD, -1, 0);
        assertThat(bad).isCompletedExceptionally();
        assertThat(txn.state()).isEqualTo(State.ABORTABLE_ERROR);
        // A record sent now fails at once: the transaction can only abort.
        CompletableFuture<RecordMetadata> afterwards = h.send(1, "late");
        h.step();
        assertThat(afterwards)
                .failsWithin(Duration.ZERO)
                .withThrowableThat()
                .havingCause()
                .isInstanceOf(TransactionAbortedException.class);
        assertThat(h.sent).as("no AddPartitionsToTxn for a doomed transaction").isEmpty();

        CompletableFuture<Void> abort = txn.abort();
        h.step();
        // The refused batch left a gap in partition 0's sequences: the abort bumps the epoch, which restarts them.
        SenderHarness.Sent bump = h.next(ApiKey.INIT_PRODUCER_ID);
        assertThat(((InitProducerIdRequest) bump.body()).producerEpoch()).isEqualTo((short) 0);
        bump.respond(initResponse(Errors.NONE, PID, 1));
        assertThat(abort).isCompleted();
        assertThat(txn.state()).isEqualTo(State.READY);
    }

    @Test
    void aRecordWhoseOutcomeIsUnknownMakesTheAbortBumpTheEpochInsteadOfEndingTheTransaction() {
        initialized(2);
        txn.begin(false);
        sendAddedAndAcked(0, 5);
        CompletableFuture<RecordMetadata> lost = h.send(0, "lost");
        SenderHarness.Sent produce = stepTo(ApiKey.PRODUCE);
        h.time.advance(60_000);
        h.step();
        assertThat(lost)
                .failsWithin(Duration.ZERO)
                .withThrowableThat()
                .havingCause()
                .isInstanceOf(TimeoutException.class);
        assertThat(txn.state()).isEqualTo(State.ABORTABLE_ERROR);

        CompletableFuture<Void> abort = txn.abort();
        produce.future().completeExceptionally(new NetworkException("gone", true, null));
        SenderHarness.Sent bump = stepTo(ApiKey.INIT_PRODUCER_ID);
        InitProducerIdRequest body = (InitProducerIdRequest) bump.body();
        assertThat(body.producerId()).as("the epoch bump names the current id").isEqualTo(PID);
        assertThat(body.producerEpoch()).isEqualTo((short) 2);
        assertThat(bump.request().minVersion()).isEqualTo((short) 3);
        bump.respond(initResponse(Errors.NONE, PID, 3));
        assertThat(abort).isCompleted();
        assertThat(txn.state()).isEqualTo(State.READY);

        txn.begin(false);
        h.send(0, "next");
        SenderHarness.Sent add = stepTo(ApiKey.ADD_PARTITIONS_TO_TXN);
        assertThat(((AddPartitionsToTxnRequest) add.body()).v3AndBelowProducerEpoch())
                .isEqualTo((short) 3);
        add.respond(addResponse((AddPartitionsToTxnRequest) add.body(), Errors.NONE));
        h.step();
        RecordBatchAssert.stamp(h.next(ApiKey.PRODUCE).batch(), PID, 3, 0);
    }

    @Test
    void anUnknownProducerIdInATransactionFailsTheRecordAndTheAbortBumpsTheEpoch() {
        initialized(0);
        txn.begin(false);
        CompletableFuture<RecordMetadata> record = h.send(0, "r");
        SenderHarness.Sent add = stepTo(ApiKey.ADD_PARTITIONS_TO_TXN);
        add.respond(addResponse((AddPartitionsToTxnRequest) add.body(), Errors.NONE));
        stepTo(ApiKey.PRODUCE).produceResponse(Errors.UNKNOWN_PRODUCER_ID, -1, 100);
        assertThat(record).isCompletedExceptionally();
        assertThat(txn.state()).isEqualTo(State.ABORTABLE_ERROR);
        txn.abort();
        h.step();
        assertThat(((InitProducerIdRequest) h.next(ApiKey.INIT_PRODUCER_ID).body()).producerId())
                .isEqualTo(PID);
    }

    @Test
    void aTopicThePrincipalMayNotWriteMakesTheTransactionAbortableAndAFencedEndIsFatal() {
        initialized(0);
        txn.begin(false);
        sendAddedAndAcked(0, 1);
        h.send(1, "r");
        SenderHarness.Sent add = stepTo(ApiKey.ADD_PARTITIONS_TO_TXN);
        add.respond(addResponse((AddPartitionsToTxnRequest) add.body(), Errors.TOPIC_AUTHORIZATION_FAILED));
        assertThat(txn.state()).isEqualTo(State.ABORTABLE_ERROR);
        assertThat(txn.error()).hasCauseInstanceOf(AuthorizationException.class);

        // Partition 0 is in the transaction: the abort must reach the coordinator.
        CompletableFuture<Void> abort = txn.abort();
        stepTo(ApiKey.END_TXN).respond(endResponse(Errors.PRODUCER_FENCED, -1, -1));
        assertThat(abort)
                .failsWithin(Duration.ZERO)
                .withThrowableThat()
                .havingCause()
                .isInstanceOf(ProducerFencedException.class);
        assertThat(txn.state()).isEqualTo(State.FATAL_ERROR);

        // Initialising again names the current id and epoch (KIP-588): a coordinator that gave the id to another
        // instance says fenced again, so a zombie never fences its successor.
        CompletableFuture<Void> again = txn.initTransactions();
        SenderHarness.Sent init = stepTo(ApiKey.INIT_PRODUCER_ID);
        InitProducerIdRequest reinit = (InitProducerIdRequest) init.body();
        assertThat(reinit.producerId()).isEqualTo(PID);
        assertThat(reinit.producerEpoch()).isEqualTo((short) 0);
        assertThat(init.request().minVersion()).isEqualTo((short) 3);
        init.respond(initResponse(Errors.PRODUCER_FENCED, -1, -1));
        assertThat(again)
                .failsWithin(Duration.ZERO)
                .withThrowableThat()
                .havingCause()
                .isInstanceOf(ProducerFencedException.class);
        assertThat(txn.state()).isEqualTo(State.FATAL_ERROR);

        // Still never a blind InitProducerId: the coordinator accepts the old epoch only after a time-out.
        CompletableFuture<Void> third = txn.initTransactions();
        SenderHarness.Sent last = stepTo(ApiKey.INIT_PRODUCER_ID);
        assertThat(((InitProducerIdRequest) last.body()).producerId()).isEqualTo(PID);
        last.respond(initResponse(Errors.NONE, PID, 2));
        assertThat(third).isCompleted();
        assertThat(txn.state()).isEqualTo(State.READY);
    }

    @Test
    void anAbortBeforeAnythingReachedTheCoordinatorEndsWithoutARequest() {
        initialized(0);
        txn.begin(false);
        h.send(0, "r");
        SenderHarness.Sent add = stepTo(ApiKey.ADD_PARTITIONS_TO_TXN);
        add.respond(addResponse((AddPartitionsToTxnRequest) add.body(), Errors.TOPIC_AUTHORIZATION_FAILED));
        assertThat(txn.state()).isEqualTo(State.ABORTABLE_ERROR);

        CompletableFuture<Void> abort = txn.abort();
        h.step();
        assertThat(abort).isCompleted();
        assertThat(h.sent).as("no partition and no offsets joined: no EndTxn").isEmpty();
        assertThat(txn.state()).isEqualTo(State.READY);
    }

    @Test
    void aTransactionAbortableErrorFromTheCoordinatorIsAbortableAndAMovedCoordinatorIsFoundAgain() {
        initialized(0);
        txn.begin(false);
        h.send(0, "r");
        SenderHarness.Sent add = stepTo(ApiKey.ADD_PARTITIONS_TO_TXN);
        add.respond(addResponse((AddPartitionsToTxnRequest) add.body(), Errors.NOT_COORDINATOR));
        int lookups = h.coordinatorLookups;
        h.time.advance(100);
        SenderHarness.Sent again = stepTo(ApiKey.ADD_PARTITIONS_TO_TXN);
        assertThat(h.coordinatorLookups).isEqualTo(lookups + 1);
        again.respond(addResponse((AddPartitionsToTxnRequest) again.body(), Errors.TRANSACTION_ABORTABLE));
        assertThat(txn.state()).isEqualTo(State.ABORTABLE_ERROR);
    }

    @Test
    void aProduceAnswerThatTheEpochIsOldIsFatal() {
        initialized(0);
        txn.begin(false);
        h.send(0, "r");
        SenderHarness.Sent add = stepTo(ApiKey.ADD_PARTITIONS_TO_TXN);
        add.respond(addResponse((AddPartitionsToTxnRequest) add.body(), Errors.NONE));
        stepTo(ApiKey.PRODUCE).produceResponse(Errors.INVALID_PRODUCER_EPOCH, -1, 0);
        assertThat(txn.state()).isEqualTo(State.FATAL_ERROR);
        assertThat(txn.error()).isInstanceOf(ProducerFencedException.class);
    }

    // ----- transactions V2 -----

    @Test
    void aV2TransactionAddsPartitionsAndTheGroupImplicitlyAndTakesANewEpochFromEveryEndTxn() {
        initialized(0);
        h.transactionsV2 = true;
        txn.begin(h.sender.transactions().v2Available());
        CompletableFuture<RecordMetadata> record = h.send(0, "r");
        SenderHarness.Sent produce = stepTo(ApiKey.PRODUCE);
        assertThat(produce.request().minVersion())
                .as("Produce v12+ adds the partition")
                .isEqualTo((short) 12);
        RecordBatchAssert.stamp(produce.batch(), PID, 0, 0);
        produce.ok(3);
        assertThat(record).isCompleted();

        CompletableFuture<Void> offsets = txn.sendOffsets(Map.of(SenderHarness.tp(1), OffsetAndMetadata.of(9)), GROUP);
        SenderHarness.Sent commitOffsets = stepTo(ApiKey.TXN_OFFSET_COMMIT);
        assertThat(commitOffsets.request().minVersion()).isEqualTo((short) 5);
        commitOffsets.respond(offsetsResponse((TxnOffsetCommitRequest) commitOffsets.body(), Errors.NONE));
        assertThat(offsets).isCompleted();

        txn.commit();
        SenderHarness.Sent end = stepTo(ApiKey.END_TXN);
        assertThat(end.request().minVersion()).isEqualTo((short) 5);
        end.respond(endResponse(Errors.NONE, PID, 1));
        assertThat(txn.state()).isEqualTo(State.READY);

        txn.begin(true);
        h.send(0, "next");
        h.step();
        RecordBatchAssert.stamp(h.next(ApiKey.PRODUCE).batch(), PID, 1, 0);
    }

    @Test
    void aV2AbortAfterAnUnknownOutcomeEndsWithEndTxnWhichBumpsTheEpochOnTheCoordinator() {
        initialized(0);
        txn.begin(true);
        CompletableFuture<RecordMetadata> lost = h.send(0, "lost");
        SenderHarness.Sent produce = stepTo(ApiKey.PRODUCE);
        h.time.advance(60_000);
        h.step();
        assertThat(lost).isCompletedExceptionally();
        txn.abort();
        produce.future().completeExceptionally(new NetworkException("gone", true, null));
        SenderHarness.Sent end = stepTo(ApiKey.END_TXN);
        assertThat(((EndTxnRequest) end.body()).committed()).isFalse();
        end.respond(endResponse(Errors.NONE, PID + 1, 0));
        assertThat(txn.state()).isEqualTo(State.READY);
        txn.begin(true);
        h.send(0, "next");
        h.step();
        RecordBatchAssert.stamp(h.next(ApiKey.PRODUCE).batch(), PID + 1, 0, 0);
    }

    @Test
    void misuseIsAnIllegalStateNotABrokerError() {
        assertThatThrownBy(() -> txn.begin(false)).isInstanceOf(IllegalStateException.class);
        initialized(0);
        assertThatThrownBy(txn::commit).isInstanceOf(IllegalStateException.class);
        assertThat(txn.initTransactions()).isCompletedExceptionally();
        txn.begin(false);
        assertThatThrownBy(() -> txn.begin(false)).isInstanceOf(IllegalStateException.class);
        assertThat(List.of(txn.state())).containsExactly(State.IN_TRANSACTION);
    }
}
