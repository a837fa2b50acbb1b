package io.kanal.client.producer;

import static org.assertj.core.api.Assertions.assertThat;

import io.kanal.client.errors.AuthorizationException;
import io.kanal.client.errors.Errors;
import io.kanal.client.errors.NetworkException;
import io.kanal.client.errors.RecordTooLargeException;
import io.kanal.client.errors.TimeoutException;
import io.kanal.client.protocol.ApiKey;
import io.kanal.client.protocol.message.InitProducerIdResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The idempotent producer's sequence bookkeeping, KIP-360 epoch bumps and batch splitting, driven through the sender
 * with broker errors a real broker will not produce on demand.
 */
class SenderIdempotenceTest {
    private SenderHarness h = new SenderHarness(2, Map.of());

    @AfterEach
    void close() {
        h.close();
    }

    @Test
    void sequencesStartAtZeroPerPartitionAndFollowEachOther() {
        h.grantProducerId(7, (short) 0);
        CompletableFuture<RecordMetadata> first = h.send(0, "a");
        h.step();
        SenderHarness.Sent request = h.next(ApiKey.PRODUCE);
        RecordBatchAssert.stamp(request.batch(), 7, 0, 0, 1);

        // Until the broker has acknowledged once, it has no state to reject a later batch that overtakes.
        CompletableFuture<RecordMetadata> second = h.send(0, "b");
        h.step();
        assertThat(h.sent)
                .as("nothing more in flight before the first acknowledgement")
                .isEmpty();

        request.ok(100);
        assertThat(first).isCompletedWithValueMatching(m -> m.offset() == 100);
        h.step();
        SenderHarness.Sent next = h.next(ApiKey.PRODUCE);
        RecordBatchAssert.stamp(next.batch(), 7, 0, 1, 1);

        // Acknowledged once, the partition may have several batches in flight.
        CompletableFuture<RecordMetadata> third = h.send(0, "c");
        h.step();
        RecordBatchAssert.stamp(h.next(ApiKey.PRODUCE).batch(), 7, 0, 2, 1);
        CompletableFuture<RecordMetadata> otherPartition = h.send(1, "x");
        h.step();
        RecordBatchAssert.stamp(h.next(ApiKey.PRODUCE).batch(), 7, 0, 0, 1);
        next.ok(101);
        assertThat(second).isCompletedWithValueMatching(m -> m.offset() == 101);
        assertThat(third).isNotDone();
        assertThat(otherPartition).isNotDone();
    }

    @Test
    void outOfOrderRightAfterTheLastAcknowledgedBatchBumpsTheEpochAndResendsFromSequenceZero() {
        h.grantProducerId(7, (short) 0);
        h.send(0, "a");
        h.step();
        h.next(ApiKey.PRODUCE).ok(0);
        CompletableFuture<RecordMetadata> lost = h.send(0, "b");
        h.step();
        SenderHarness.Sent request = h.next(ApiKey.PRODUCE);
        RecordBatchAssert.stamp(request.batch(), 7, 0, 1, 1);

        // The broker lost the acknowledged batch's state: sequence 1 can never follow under epoch 0 (KIP-360).
        request.produceResponse(Errors.OUT_OF_ORDER_SEQUENCE_NUMBER, -1, 0);
        assertThat(lost).isNotDone();
        h.time.advance(100);
        h.step();
        SenderHarness.Sent retry = h.next(ApiKey.PRODUCE);
        RecordBatchAssert.stamp(retry.batch(), 7, 1, 0, 1);
        retry.ok(5);
        assertThat(lost).isCompletedWithValueMatching(m -> m.offset() == 5);
    }

    @Test
    void outOfOrderBehindABatchStillInFlightIsRetriedInOrderUnderTheSameEpoch() {
        h.grantProducerId(7, (short) 0);
        h.send(0, "a");
        h.step();
        h.next(ApiKey.PRODUCE).ok(0);
        CompletableFuture<RecordMetadata> b = h.send(0, "b");
        h.step();
        SenderHarness.Sent first = h.next(ApiKey.PRODUCE);
        CompletableFuture<RecordMetadata> c = h.send(0, "c");
        h.step();
        SenderHarness.Sent second = h.next(ApiKey.PRODUCE);
        RecordBatchAssert.stamp(second.batch(), 7, 0, 2, 1);

        first.produceResponse(Errors.NOT_LEADER_OR_FOLLOWER, -1, 0);
        second.produceResponse(Errors.OUT_OF_ORDER_SEQUENCE_NUMBER, -1, 0);
        h.time.advance(100);
        h.step();
        SenderHarness.Sent retryB = h.next(ApiKey.PRODUCE);
        RecordBatchAssert.stamp(retryB.batch(), 7, 0, 1, 1);
        h.step();
        assertThat(h.sent).as("a retried batch goes alone until it is through").isEmpty();
        retryB.ok(1);
        h.step();
        SenderHarness.Sent retryC = h.next(ApiKey.PRODUCE);
        RecordBatchAssert.stamp(retryC.batch(), 7, 0, 2, 1);
        retryC.ok(2);
        assertThat(b).isCompletedWithValueMatching(m -> m.offset() == 1);
        assertThat(c).isCompletedWithValueMatching(m -> m.offset() == 2);
    }

    @Test
    void outOfOrderForABatchBehindOneTheBrokerAlreadyTookStartsANewEpoch() {
        h.grantProducerId(7, (short) 0);
        h.send(0, "a");
        h.step();
        h.next(ApiKey.PRODUCE).ok(0);
        CompletableFuture<RecordMetadata> b = h.send(0, "b");
        h.step();
        SenderHarness.Sent first = h.next(ApiKey.PRODUCE);
        h.send(0, "c");
        h.step();
        SenderHarness.Sent second = h.next(ApiKey.PRODUCE);
        // The broker took sequence 2 and then refuses sequence 1: under epoch 0 it can never be written.
        second.ok(1);
        first.produceResponse(Errors.OUT_OF_ORDER_SEQUENCE_NUMBER, -1, 0);
        h.time.advance(100);
        h.step();
        SenderHarness.Sent retry = h.next(ApiKey.PRODUCE);
        RecordBatchAssert.stamp(retry.batch(), 7, 1, 0, 1);
        retry.ok(2);
        assertThat(b).isCompletedWithValueMatching(m -> m.offset() == 2);
    }

    @Test
    void unknownProducerIdAfterRetentionRemovedTheStateStartsANewEpoch() {
        h.grantProducerId(7, (short) 3);
        CompletableFuture<RecordMetadata> record = h.send(0, "a");
        h.step();
        h.next(ApiKey.PRODUCE).produceResponse(Errors.UNKNOWN_PRODUCER_ID, -1, 500);
        h.time.advance(100);
        h.step();
        SenderHarness.Sent retry = h.next(ApiKey.PRODUCE);
        RecordBatchAssert.stamp(retry.batch(), 7, 4, 0, 1);
        retry.ok(500);
        assertThat(record).isCompletedWithValueMatching(m -> m.offset() == 500);
    }

    @Test
    void anExhaustedEpochAsksForANewProducerId() {
        h.grantProducerId(7, Short.MAX_VALUE);
        CompletableFuture<RecordMetadata> record = h.send(0, "a");
        h.step();
        h.next(ApiKey.PRODUCE).produceResponse(Errors.UNKNOWN_PRODUCER_ID, -1, 500);
        h.time.advance(100);
        h.grantProducerId(8, (short) 0);
        h.step();
        SenderHarness.Sent retry = h.next(ApiKey.PRODUCE);
        RecordBatchAssert.stamp(retry.batch(), 8, 0, 0, 1);
        retry.ok(9);
        assertThat(record).isCompletedWithValueMatching(m -> m.offset() == 9);
    }

    @Test
    void aConnectionLostAfterSendingIsRetriedWithTheSameSequenceAndADuplicateCountsAsDelivered() {
        h.grantProducerId(7, (short) 0);
        CompletableFuture<RecordMetadata> record = h.send(0, "a");
        h.step();
        SenderHarness.Sent request = h.next(ApiKey.PRODUCE);
        request.future().completeExceptionally(new NetworkException("connection reset", true, null));
        h.time.advance(100);
        h.step();
        SenderHarness.Sent retry = h.next(ApiKey.PRODUCE);
        RecordBatchAssert.stamp(retry.batch(), 7, 0, 0, 1);
        // The first attempt had reached the log: the broker recognises the sequence.
        retry.produceResponse(Errors.DUPLICATE_SEQUENCE_NUMBER, -1, 0);
        assertThat(record).isCompletedWithValueMatching(m -> m.offset() == -1);
        h.send(0, "b");
        h.step();
        RecordBatchAssert.stamp(h.next(ApiKey.PRODUCE).batch(), 7, 0, 1, 1);
    }

    @Test
    void aBatchThatExpiresInFlightFailsAtOnceAndItsFailedAnswerBumpsTheEpoch() {
        h.grantProducerId(7, (short) 0);
        CompletableFuture<RecordMetadata> record = h.send(0, "a");
        h.step();
        SenderHarness.Sent request = h.next(ApiKey.PRODUCE);
        h.time.advance(60_000);
        h.step();
        assertThat(record)
                .failsWithin(Duration.ZERO)
                .withThrowableThat()
                .havingCause()
                .isInstanceOf(TimeoutException.class)
                .withMessageContaining("delivery.timeout.ms");
        // Its outcome is unknown to the broker's log only when the answer says so: a failure leaves a gap.
        request.future().completeExceptionally(new NetworkException("timed out", true, null));
        CompletableFuture<RecordMetadata> next = h.send(0, "b");
        h.step();
        RecordBatchAssert.stamp(h.next(ApiKey.PRODUCE).batch(), 7, 1, 0, 1);
        assertThat(next).isNotDone();
    }

    @Test
    void aBatchTheTopicRefusesAsTooLargeIsSplitInHalvesThatKeepItsSequences() {
        h.close();
        h = new SenderHarness(1, Map.of("batch.size", 1_000_000, "linger.ms", 1_000));
        h.grantProducerId(7, (short) 0);
        List<CompletableFuture<RecordMetadata>> records = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            records.add(h.send(0, "record-" + i));
        }
        h.time.advance(1_000);
        h.step();
        SenderHarness.Sent whole = h.next(ApiKey.PRODUCE);
        RecordBatchAssert.stamp(whole.batch(), 7, 0, 0, 10);
        whole.produceResponse(Errors.MESSAGE_TOO_LARGE, -1, 0);
        h.step();
        SenderHarness.Sent firstHalf = h.next(ApiKey.PRODUCE);
        RecordBatchAssert.stamp(firstHalf.batch(), 7, 0, 0, 5);
        firstHalf.ok(20);
        h.step();
        SenderHarness.Sent secondHalf = h.next(ApiKey.PRODUCE);
        RecordBatchAssert.stamp(secondHalf.batch(), 7, 0, 5, 5);
        secondHalf.ok(25);
        for (int i = 0; i < 10; i++) {
            long offset = 20 + i;
            assertThat(records.get(i)).isCompletedWithValueMatching(m -> m.offset() == offset);
        }
    }

    @Test
    void aSingleRecordTooLargeForTheTopicFailsAlone() {
        h.grantProducerId(7, (short) 0);
        CompletableFuture<RecordMetadata> big = h.send(0, "x".repeat(5_000));
        h.step();
        h.next(ApiKey.PRODUCE).produceResponse(Errors.MESSAGE_TOO_LARGE, -1, 0);
        assertThat(big)
                .failsWithin(Duration.ZERO)
                .withThrowableThat()
                .havingCause()
                .isInstanceOf(RecordTooLargeException.class);
        CompletableFuture<RecordMetadata> small = h.send(0, "y");
        h.step();
        // The refused batch never reached the log; the next one starts a new epoch so that its sequence is valid.
        SenderHarness.Sent next = h.next(ApiKey.PRODUCE);
        RecordBatchAssert.stamp(next.batch(), 7, 1, 0, 1);
        next.ok(3);
        assertThat(small).isCompletedWithValueMatching(m -> m.offset() == 3);
    }

    @Test
    void aProducerIdRefusedForGoodFailsEveryRecord() {
        CompletableFuture<RecordMetadata> record = h.send(0, "a");
        h.step();
        h.next(ApiKey.INIT_PRODUCER_ID)
                .respond(InitProducerIdResponse.builder()
                        .errorCode(Errors.CLUSTER_AUTHORIZATION_FAILED.code())
                        .build());
        h.step();
        assertThat(record)
                .failsWithin(Duration.ZERO)
                .withThrowableThat()
                .havingCause()
                .isInstanceOf(AuthorizationException.class);
        assertThat(h.sender.fatalError()).isInstanceOf(AuthorizationException.class);
    }

    @Test
    void aRetriableProducerIdErrorIsRetriedAfterTheBackOff() {
        h.send(0, "a");
        h.step();
        h.next(ApiKey.INIT_PRODUCER_ID)
                .respond(InitProducerIdResponse.builder()
                        .errorCode(Errors.COORDINATOR_LOAD_IN_PROGRESS.code())
                        .build());
        h.step();
        assertThat(h.sent).as("not before the back-off").isEmpty();
        h.time.advance(200);
        h.grantProducerId(9, (short) 0);
        h.step();
        RecordBatchAssert.stamp(h.next(ApiKey.PRODUCE).batch(), 9, 0, 0, 1);
    }
}
