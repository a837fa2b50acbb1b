package io.kanal.bridge.connector;

import static org.assertj.core.api.Assertions.assertThat;

import io.kanal.api.source.SourceRecord;
import io.kanal.api.source.TransactionBoundary;
import io.kanal.runtime.task.TransactionBoundaries;
import io.kanal.runtime.task.TransactionBoundaries.Decision;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.connect.data.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A Connect task that names records to its transaction context before returning them, or from a thread of its own
 * while or after its {@code poll} runs: the runtime's boundaries (the real {@link TransactionBoundaries}, asked as the
 * source pipeline asks after each dispatched record and each batch) end the transaction right after the named record,
 * whichever batch it comes in; no request is lost.
 */
class BridgedTransactionRequestsTest {

    private final ExecutorService connectorThread = Executors.newSingleThreadExecutor();
    private final TransactionBoundaries boundaries = new TransactionBoundaries(TransactionBoundary.CONNECTOR, 0, 0);
    private final ScriptedTask connect = new ScriptedTask();
    private final BridgedSourceTask task = new BridgedSourceTask(connect);

    @AfterEach
    void stop() throws Exception {
        task.stop();
        connectorThread.shutdownNow();
        assertThat(connectorThread.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void aRecordNamedBeforeALaterPollReturnsItEndsTheTransactionRightAfterIt() throws Exception {
        org.apache.kafka.connect.source.SourceRecord later = record(2);
        connect.polls.add(() -> {
            connect.transactions().commitTransaction(later);
            return List.of(record(1));
        });
        connect.polls.add(() -> List.of(later, record(3)));
        start();

        assertThat(dispatch(task.poll())).containsExactly(Decision.NONE, Decision.NONE);
        assertThat(dispatch(task.poll())).containsExactly(Decision.COMMIT, Decision.NONE, Decision.NONE);
    }

    @Test
    void anAbortFromTheConnectorsThreadWhilePollRunsIsKeptForTheRecordItNames() throws Exception {
        connect.polls.add(() -> {
            // the connector's own thread asks while poll runs, for a record the next poll returns
            onConnectorThread(() -> connect.transactions().abortTransaction(record(2)));
            return List.of(record(1));
        });
        connect.polls.add(() -> List.of(record(2), record(3)));
        start();

        assertThat(dispatch(task.poll())).containsExactly(Decision.NONE, Decision.NONE);
        assertThat(dispatch(task.poll()))
                .as("the named record's transaction is aborted, not committed")
                .containsExactly(Decision.ABORT, Decision.NONE, Decision.NONE);
    }

    @Test
    void aRecordNamedFromTheConnectorsThreadAfterPollReturnedItIsStillRecognised() throws Exception {
        connect.polls.add(() -> List.of(record(1), record(2), record(3)));
        start();

        List<SourceRecord> batch = task.poll();
        // poll translated the records; the connector's thread names one (an equal object, as Connect allows) before
        // the pipeline dispatches it
        onConnectorThread(() -> connect.transactions().commitTransaction(record(2)));
        assertThat(dispatch(batch)).containsExactly(Decision.NONE, Decision.COMMIT, Decision.NONE, Decision.NONE);
    }

    @Test
    void conflictingRequestsForARecordNotReturnedYetAreRefused() throws Exception {
        connect.polls.add(() -> {
            connect.transactions().commitTransaction(record(5));
            connect.transactions().abortTransaction(record(5));
            return List.of();
        });
        start();
        org.assertj.core.api.Assertions.assertThatThrownBy(task::poll)
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("Connector requested both commit and abort of the same record");
    }

    /** What the source pipeline asks the boundaries for one batch: after each record, then after the batch. */
    private List<Decision> dispatch(List<SourceRecord> batch) {
        List<Decision> decisions = new ArrayList<>();
        for (SourceRecord r : batch) {
            decisions.add(boundaries.afterRecord(r));
        }
        decisions.add(boundaries.afterBatch(1, true));
        return decisions;
    }

    private void onConnectorThread(Runnable request) {
        try {
            connectorThread.submit(request).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private void start() {
        BridgedSourceTaskFixture.start(task, Optional.of(boundaries.context()));
    }

    private static org.apache.kafka.connect.source.SourceRecord record(int i) {
        return new org.apache.kafka.connect.source.SourceRecord(
                Map.of("p", 0), Map.of("o", i), "t", Schema.STRING_SCHEMA, "v" + i);
    }

    /** A Connect task whose polls run the scripts given, in order; none left, it returns nothing. */
    public static final class ScriptedTask extends org.apache.kafka.connect.source.SourceTask {
        final Deque<Poll> polls = new ArrayDeque<>();

        /** As Connect requires. */
        public ScriptedTask() {}

        org.apache.kafka.connect.source.TransactionContext transactions() {
            return context.transactionContext();
        }

        @Override
        public String version() {
            return "test";
        }

        @Override
        public void start(Map<String, String> props) {}

        @Override
        public List<org.apache.kafka.connect.source.SourceRecord> poll() {
            Poll next = polls.poll();
            return next == null ? List.of() : next.run();
        }

        @Override
        public void stop() {}
    }

    /** One scripted poll. */
    interface Poll {
        List<org.apache.kafka.connect.source.SourceRecord> run();
    }
}
