package io.kanal.runtime.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kanal.api.data.Schema;
import io.kanal.api.source.SourceRecord;
import io.kanal.api.source.TransactionBoundary;
import io.kanal.runtime.task.TransactionBoundaries.Decision;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class TransactionBoundariesTest {

    private static SourceRecord record(int i) {
        return new SourceRecord(
                Map.of("p", 0), Map.of("i", i), "t", null, Schema.STRING_SCHEMA, "k", Schema.STRING_SCHEMA, "v" + i);
    }

    @Test
    void pollCommitsAfterEveryBatchThatOpenedATransaction() {
        TransactionBoundaries b = new TransactionBoundaries(TransactionBoundary.POLL, 60_000, 0);
        assertThat(b.afterRecord(record(1))).isEqualTo(Decision.NONE);
        assertThat(b.afterBatch(1, true)).isEqualTo(Decision.COMMIT);
        assertThat(b.afterBatch(2, false)).as("an empty poll with nothing open").isEqualTo(Decision.NONE);
    }

    @Test
    void intervalCommitsOnceTheIntervalPassedSinceTheLastTransactionEnded() {
        TransactionBoundaries b = new TransactionBoundaries(TransactionBoundary.INTERVAL, 1_000, 10_000);
        assertThat(b.afterBatch(10_999, true)).isEqualTo(Decision.NONE);
        assertThat(b.afterBatch(11_000, true)).isEqualTo(Decision.COMMIT);
        b.ended(11_500);
        assertThat(b.deadlineMs()).isEqualTo(12_500);
        assertThat(b.afterBatch(12_000, true)).isEqualTo(Decision.NONE);
        assertThat(b.afterBatch(13_000, false)).as("due, but nothing is open").isEqualTo(Decision.NONE);
        assertThat(b.afterBatch(13_000, true)).isEqualTo(Decision.COMMIT);
    }

    @Test
    void connectorBoundaryCommitsOrAbortsTheBatchWhenAskedAndOnlyThen() {
        TransactionBoundaries b = new TransactionBoundaries(TransactionBoundary.CONNECTOR, 0, 0);
        assertThat(b.afterBatch(1, true)).as("not asked").isEqualTo(Decision.NONE);
        b.context().commitTransaction();
        assertThat(b.afterBatch(2, true)).isEqualTo(Decision.COMMIT);
        assertThat(b.afterBatch(3, true)).as("a request counts once").isEqualTo(Decision.NONE);
        b.context().abortTransaction();
        assertThat(b.afterBatch(4, true)).isEqualTo(Decision.ABORT);
        b.context().commitTransaction();
        b.context().commitTransaction();
        assertThat(b.afterBatch(5, true)).as("asked twice for the same").isEqualTo(Decision.COMMIT);
    }

    @Test
    void aRecordRequestEndsTheTransactionRightAfterThatVeryRecord() {
        TransactionBoundaries b = new TransactionBoundaries(TransactionBoundary.CONNECTOR, 0, 0);
        SourceRecord first = record(1);
        SourceRecord second = record(2);
        SourceRecord equalToSecond = record(2);
        b.context().commitTransaction(second);
        assertThat(b.afterRecord(first)).isEqualTo(Decision.NONE);
        assertThat(b.afterRecord(equalToSecond))
                .as("matched by equality, as Connect matches them")
                .isEqualTo(Decision.COMMIT);
        assertThat(b.afterRecord(second)).as("a request is used up").isEqualTo(Decision.NONE);
        b.context().abortTransaction(first);
        assertThat(b.afterRecord(first)).isEqualTo(Decision.ABORT);
    }

    @Test
    void aRequestNamingARecordOfALaterBatchIsKeptUntilThatRecordIsDispatched() {
        TransactionBoundaries b = new TransactionBoundaries(TransactionBoundary.CONNECTOR, 0, 0);
        SourceRecord later = record(9);
        b.context().abortTransaction(later);
        assertThat(b.afterRecord(record(1))).isEqualTo(Decision.NONE);
        assertThat(b.afterBatch(1, true))
                .as("the named record was not in this batch")
                .isEqualTo(Decision.NONE);
        assertThat(b.afterBatch(2, true)).isEqualTo(Decision.NONE);
        assertThat(b.afterRecord(later)).as("returned two batches later").isEqualTo(Decision.ABORT);
        assertThat(b.afterBatch(3, false)).isEqualTo(Decision.NONE);
    }

    @Test
    void aRequestFromAThreadOfTheConnectorsOwnDuringABatchIsKeptForTheRecordItNames() throws Exception {
        TransactionBoundaries b = new TransactionBoundaries(TransactionBoundary.CONNECTOR, 0, 0);
        SourceRecord next = record(2);
        CountDownLatch batchRunning = new CountDownLatch(1);
        CountDownLatch asked = new CountDownLatch(1);
        Thread connectorThread = new Thread(() -> {
            try {
                batchRunning.await();
                b.context().abortTransaction(next);
                asked.countDown();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        connectorThread.start();
        assertThat(b.afterRecord(record(1))).isEqualTo(Decision.NONE);
        batchRunning.countDown();
        assertThat(asked.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(b.afterBatch(1, true)).isEqualTo(Decision.NONE);
        assertThat(b.afterRecord(next)).as("the next batch returns it").isEqualTo(Decision.ABORT);
        connectorThread.join();
    }

    @Test
    void pendingRecordRequestsAreBounded() {
        TransactionBoundaries b = new TransactionBoundaries(TransactionBoundary.CONNECTOR, 0, 0);
        for (int i = 0; i < TransactionBoundaries.MAX_PENDING; i++) {
            b.context().commitTransaction(record(i));
        }
        b.context().commitTransaction(record(0)); // asked again: not a new one
        assertThatThrownBy(() -> b.context().commitTransaction(record(-1)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("refusing more");
        assertThat(b.afterRecord(record(0))).isEqualTo(Decision.COMMIT);
        b.context().commitTransaction(record(-1));
        assertThat(b.afterRecord(record(-1))).isEqualTo(Decision.COMMIT);
    }

    @Test
    void askingForBothACommitAndAnAbortIsRefused() {
        TransactionBoundaries b = new TransactionBoundaries(TransactionBoundary.CONNECTOR, 0, 0);
        b.context().commitTransaction();
        assertThatThrownBy(() -> b.context().abortTransaction())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("Connector requested both commit and abort of the same transaction");
        SourceRecord r = record(1);
        b.context().abortTransaction(r);
        assertThatThrownBy(() -> b.context().commitTransaction(r))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("Connector requested both commit and abort of the same record");
    }
}
