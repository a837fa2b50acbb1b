package io.kanal.api.source;

import io.kanal.api.connector.Task;
import java.util.List;

/**
 * Reads a source system and hands records to the runtime, which converts them and writes them to Kafka; Kafka
 * Connect's {@code SourceTask}.
 *
 * <p>Threading: every method is called on the task's own thread ({@code kanal-task-<connector>-<id>}), one call at
 * a time, in the order {@link #initialize}, {@link #start}, then {@link #poll} repeatedly (with {@link #commit} and
 * {@link #commitRecord} between polls), then {@link #stop}. {@code poll} may block, but should return within a
 * second or so when there is nothing to read, so that the task stops promptly; a call past its deadline is reported
 * as stuck in the task's status. The runtime interrupts the thread of a task that does not stop in time.
 *
 * <p>Kafka Connect calls {@code commitRecord} from the producer's thread while {@code poll} may be running; Kanal
 * calls it on the task's thread between polls, so a Kanal task never needs to synchronise it with {@code poll}. A
 * task that waits in {@code poll} for acknowledgements (a bounded number of unacknowledged messages) must therefore
 * return from {@code poll} to receive them. The bridge for Connect's connectors keeps Connect's threading.
 */
public abstract class SourceTask implements Task {

    /** For subclasses: the runtime creates a source task through its public no-argument constructor. */
    protected SourceTask() {}

    private SourceTaskContext context;

    /**
     * Hands the task its context; called once, before {@link #start}.
     *
     * @param context the context
     */
    public void initialize(SourceTaskContext context) {
        this.context = context;
    }

    /**
     * The context given to {@link #initialize}.
     *
     * @return the context, or {@code null} before initialisation
     */
    protected SourceTaskContext context() {
        return context;
    }

    /**
     * Returns the next records, or an empty list (or {@code null}, as in Connect) when there are none yet.
     *
     * @return the records
     * @throws InterruptedException when the runtime interrupts a task that did not stop in time
     */
    public abstract List<SourceRecord> poll() throws InterruptedException;

    /**
     * Called after the offsets of every record returned so far were committed; a task that acknowledges reads in
     * its source system (a queue) does so here. Does nothing by default.
     *
     * @throws InterruptedException when the runtime interrupts the task
     */
    public void commit() throws InterruptedException {}

    /**
     * Called for each record once Kafka acknowledged it, or once a transform dropped it ({@code metadata} is then
     * {@code null}, as in Connect). Does nothing by default.
     *
     * @param record the record as the task returned it, before transforms
     * @param metadata where Kafka stored it, or {@code null} when it was filtered out
     * @throws InterruptedException when the runtime interrupts the task
     */
    public void commitRecord(SourceRecord record, RecordMetadata metadata) throws InterruptedException {}
}
