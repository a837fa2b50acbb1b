package io.kanal.bridge.connector;

import io.kanal.api.source.OffsetReader;
import io.kanal.api.source.SourceRecord;
import io.kanal.api.source.SourceTaskContext;
import io.kanal.api.source.TransactionContext;
import io.kanal.api.testing.FakeContexts;
import io.kanal.config.ConfigSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Shared set-up of the bridged source task tests: starting a {@link BridgedSourceTask} the way the Kanal pipeline
 * does (no task config, no offsets, the given transaction context), and a transaction context that records what the
 * task asks of it.
 */
final class BridgedSourceTaskFixture {

    private BridgedSourceTaskFixture() {}

    /**
     * Initializes and starts the task with an empty config, an offset reader that knows no offsets, and the given
     * transaction context (empty: the pipeline gives none).
     *
     * @param task the bridged task
     * @param transactions the transaction context the task's context returns
     */
    static void start(BridgedSourceTask task, Optional<TransactionContext> transactions) {
        OffsetReader offsets = FakeContexts.source(Map.of(), Map.of()).offsetReader();
        task.initialize(new SourceTaskContext() {
            @Override
            public Map<String, String> configs() {
                return Map.of();
            }

            @Override
            public OffsetReader offsetReader() {
                return offsets;
            }

            @Override
            public Optional<TransactionContext> transactionContext() {
                return transactions;
            }
        });
        task.start(ConfigSpec.builder().build().parse(Map.of()));
    }

    /**
     * A transaction context that records each request: the record named, or {@code null} for a request about the
     * current batch. Used on one thread.
     */
    static final class RecordingTransactions implements TransactionContext {
        final List<SourceRecord> committed = new ArrayList<>();
        final List<SourceRecord> aborted = new ArrayList<>();

        @Override
        public void commitTransaction() {
            committed.add(null);
        }

        @Override
        public void commitTransaction(SourceRecord record) {
            committed.add(record);
        }

        @Override
        public void abortTransaction() {
            aborted.add(null);
        }

        @Override
        public void abortTransaction(SourceRecord record) {
            aborted.add(record);
        }
    }
}
