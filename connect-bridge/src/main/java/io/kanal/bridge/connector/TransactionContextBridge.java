package io.kanal.bridge.connector;

import io.kanal.api.source.SourceRecord;
import io.kanal.api.source.TransactionContext;
import java.util.function.Function;

/**
 * Kanal's transaction context seen as Connect's: a transaction committed or aborted after a given record names the
 * Kanal record that the task's {@code poll} returns for it (the same object, so the pipeline recognises it).
 *
 * <p>Immutable; called on the task's thread, or on a thread of the connector's own: Kanal's context and the record
 * lookup of {@link BridgedSourceTask} are thread-safe.
 */
final class TransactionContextBridge implements org.apache.kafka.connect.source.TransactionContext {

    private final TransactionContext kanal;
    private final Function<org.apache.kafka.connect.source.SourceRecord, SourceRecord> records;

    TransactionContextBridge(
            TransactionContext kanal, Function<org.apache.kafka.connect.source.SourceRecord, SourceRecord> records) {
        this.kanal = kanal;
        this.records = records;
    }

    @Override
    public void commitTransaction() {
        kanal.commitTransaction();
    }

    @Override
    public void commitTransaction(org.apache.kafka.connect.source.SourceRecord record) {
        kanal.commitTransaction(records.apply(record));
    }

    @Override
    public void abortTransaction() {
        kanal.abortTransaction();
    }

    @Override
    public void abortTransaction(org.apache.kafka.connect.source.SourceRecord record) {
        kanal.abortTransaction(records.apply(record));
    }
}
