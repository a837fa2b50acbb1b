package io.kanal.runtime.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kanal.api.data.Schema;
import io.kanal.api.source.SourceRecord;
import io.kanal.api.source.TransactionBoundary;
import io.kanal.runtime.task.TransactionBoundaries.Decision;
import java.util.Map;
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
                .as("matched by identity, not equality")
                .isEqualTo(Decision.NONE);
        assertThat(b.afterRecord(second)).isEqualTo(Decision.COMMIT);
        b.context().abortTransaction(first);
        assertThat(b.afterRecord(first)).isEqualTo(Decision.ABORT);
    }

    @Test
    void requestsNamingRecordsOutsideTheBatchAreForgottenAfterIt() {
        TransactionBoundaries b = new TransactionBoundaries(TransactionBoundary.CONNECTOR, 0, 0);
        SourceRecord stranger = record(9);
        b.context().abortTransaction(stranger);
        assertThat(b.afterBatch(1, true)).isEqualTo(Decision.NONE);
        assertThat(b.afterRecord(stranger)).isEqualTo(Decision.NONE);
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
