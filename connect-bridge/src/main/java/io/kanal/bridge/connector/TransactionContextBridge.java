package io.kanal.bridge.connector;

import io.kanal.api.source.SourceRecord;
import io.kanal.api.source.TransactionContext;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kanal's transaction context seen as Connect's: a transaction committed or aborted after a given Connect record is
 * asked of Kanal's context naming the very Kanal record that the task's {@code poll} made of it, so the pipeline
 * recognises it when it dispatches it.
 *
 * <p>Connect records are matched by {@link org.apache.kafka.connect.source.SourceRecord#equals}, as Connect's {@code
 * WorkerTransactionContext} matches them, and a request is never dropped: one naming a record of the last batch {@code
 * poll} returned goes to Kanal's context at once, on that record's Kanal translation (Kanal keeps it until the record
 * is dispatched); one naming any other record waits here until a {@code poll} returns an equal record, and goes to
 * Kanal's context then, on the task thread, before the pipeline sees the batch. Requests still waiting are counted: a
 * warning is logged at 1,000 (and at each doubling), and past 100,000 a further one is refused (a connector naming
 * records it never returns leaks).
 *
 * <p>Thread-safe: {@link #polled} runs on the task thread; the Connect methods run on the task thread or on a thread of
 * the connector's own. The state is guarded by this object's monitor, which is held while calling Kanal's context (a
 * thread-safe context that never calls back).
 */
final class TransactionContextBridge implements org.apache.kafka.connect.source.TransactionContext {

    private static final Logger LOG = LoggerFactory.getLogger(TransactionContextBridge.class);
    private static final int WARN_WAITING = 1_000;
    private static final int MAX_WAITING = 100_000;

    private final TransactionContext kanal;
    /** Requests naming records no batch returned yet: {@code true} to abort, {@code false} to commit. */
    private final Map<org.apache.kafka.connect.source.SourceRecord, Boolean> waiting = new HashMap<>();

    private List<org.apache.kafka.connect.source.SourceRecord> batchConnect = List.of();
    private List<SourceRecord> batchKanal = List.of();
    /** The last batch's Connect records → their Kanal records, built when a request first needs it. */
    private Map<org.apache.kafka.connect.source.SourceRecord, SourceRecord> batchIndex;

    private int warnAt = WARN_WAITING;

    TransactionContextBridge(TransactionContext kanal) {
        this.kanal = Objects.requireNonNull(kanal, "kanal");
    }

    /**
     * A {@code poll} returned these records, translated into these (same order, same size), about to be dispatched:
     * requests waiting for them go to Kanal's context now, and later ones naming them go there at once.
     *
     * @param connect the Connect records the task returned
     * @param translated their Kanal translations, which the pipeline dispatches
     */
    synchronized void polled(
            List<org.apache.kafka.connect.source.SourceRecord> connect, List<SourceRecord> translated) {
        batchConnect = connect;
        batchKanal = translated;
        batchIndex = null;
        if (waiting.isEmpty()) {
            return;
        }
        for (int i = 0; i < connect.size(); i++) {
            Boolean abort = waiting.remove(connect.get(i));
            if (abort != null) {
                forward(translated.get(i), abort);
            }
        }
    }

    @Override
    public void commitTransaction() {
        kanal.commitTransaction();
    }

    @Override
    public void commitTransaction(org.apache.kafka.connect.source.SourceRecord record) {
        request(record, false);
    }

    @Override
    public void abortTransaction() {
        kanal.abortTransaction();
    }

    @Override
    public void abortTransaction(org.apache.kafka.connect.source.SourceRecord record) {
        request(record, true);
    }

    private synchronized void request(org.apache.kafka.connect.source.SourceRecord record, boolean abort) {
        Objects.requireNonNull(record, "record");
        SourceRecord inBatch = inLastBatch(record);
        if (inBatch != null) {
            forward(inBatch, abort);
            return;
        }
        Boolean before = waiting.get(record);
        if (before != null) {
            if (before != abort) {
                throw new IllegalStateException("Connector requested both commit and abort of the same record");
            }
            return;
        }
        if (waiting.size() >= MAX_WAITING) {
            throw new IllegalStateException("Connector named " + MAX_WAITING + " records to its transaction context"
                    + " that no poll returned yet; refusing more: does it name records it never returns?");
        }
        waiting.put(record, abort);
        if (waiting.size() >= warnAt) {
            LOG.warn(
                    "Connector named {} records to its transaction context that no poll returned yet; requests are"
                            + " kept until a poll returns their record (at most {})",
                    waiting.size(),
                    MAX_WAITING);
            warnAt *= 2;
        }
    }

    private SourceRecord inLastBatch(org.apache.kafka.connect.source.SourceRecord record) {
        if (batchConnect.isEmpty()) {
            return null;
        }
        if (batchIndex == null) {
            batchIndex = new HashMap<>();
            for (int i = 0; i < batchConnect.size(); i++) {
                batchIndex.putIfAbsent(batchConnect.get(i), batchKanal.get(i));
            }
        }
        return batchIndex.get(record);
    }

    private void forward(SourceRecord record, boolean abort) {
        if (abort) {
            kanal.abortTransaction(record);
        } else {
            kanal.commitTransaction(record);
        }
    }
}
