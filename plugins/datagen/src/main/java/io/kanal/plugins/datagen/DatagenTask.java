package io.kanal.plugins.datagen;

import io.kanal.api.data.Schema;
import io.kanal.api.errors.PluginException;
import io.kanal.api.source.SourceRecord;
import io.kanal.api.source.SourceTask;
import io.kanal.api.source.TransactionContext;
import io.kanal.config.ConfigSpec;
import io.kanal.config.ParsedConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One sequence of {@link DatagenConnector}: record {@code n} has the source partition {@code {"task": t}}, the source
 * offset {@code {"seq": n}}, the key {@code "<t>-<n>"} and the value {@link DatagenSchema#value(long, int, long)}.
 * On start it resumes after the committed {@code seq}; with {@code records.per.task} set, it stops producing once
 * {@code seq} reaches it.
 *
 * <p>With {@code rate.per.task}, it emits records as they fall due and waits, in {@link #poll}, at most 100 ms for
 * the next one, so the runtime can stop it promptly; after a stall of more than a second it does not burst to catch
 * up. With no record to produce (limit reached), {@code poll} waits 100 ms and returns an empty list.
 *
 * <p>With {@code transaction.records} N and {@code transaction.boundary=connector}, it asks the runtime, through the
 * {@link TransactionContext}, to end a transaction after every sequence number {@code n} with {@code (n + 1) % N ==
 * 0}: an abort for every {@code transaction.abort.every}-th block, a commit otherwise.
 *
 * <p>Threading: the runtime calls every method on the task's thread, one call at a time; nothing is shared.
 */
public class DatagenTask extends SourceTask {

    /** How long poll waits at most when it has nothing to return. */
    static final long IDLE_MS = 100;

    /** Time and waiting, replaceable in tests. */
    interface Clock {
        long nanoTime();

        void sleep(long millis) throws InterruptedException;
    }

    private static final Clock SYSTEM = new Clock() {
        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public void sleep(long millis) throws InterruptedException {
            Thread.sleep(millis);
        }
    };

    private final Clock clock;

    private String topic;
    private long seed;
    private int task;
    private long limit;
    private double rate;
    private int batchSize;
    private DatagenSchema schema;
    private Map<String, Object> partition;
    /** Where this task ends transactions: present with {@code transaction.boundary=connector} and records set. */
    private Optional<TransactionContext> transactions;

    private long transactionRecords;
    private long abortEvery;

    /** The next sequence number to produce. */
    private long next;

    /** When pacing started and how many records were emitted since, for the rate. */
    private long paceStartNanos;

    private long paced;

    /** For the runtime, which creates tasks through their public no-argument constructor. */
    public DatagenTask() {
        this(SYSTEM);
    }

    /** For tests: another clock. */
    DatagenTask(Clock clock) {
        this.clock = clock;
    }

    @Override
    public String version() {
        return PluginVersion.VERSION;
    }

    @Override
    public ConfigSpec configSpec() {
        return DatagenConnector.TASK_SPEC;
    }

    @Override
    public void start(ParsedConfig config) {
        topic = config.get(DatagenConnector.TOPIC);
        seed = config.get(DatagenConnector.SEED);
        task = config.get(DatagenConnector.TASK_ID);
        limit = config.get(DatagenConnector.RECORDS_PER_TASK);
        rate = config.get(DatagenConnector.RATE_PER_TASK);
        batchSize = config.get(DatagenConnector.BATCH_SIZE);
        schema = DatagenSchema.of(config.get(DatagenConnector.SCHEMA));
        partition = Map.of(DatagenConnector.TASK_FIELD, task);
        transactionRecords = config.get(DatagenConnector.TRANSACTION_RECORDS);
        abortEvery = config.get(DatagenConnector.TRANSACTION_ABORT_EVERY);
        transactions = transactionRecords > 0 ? context().transactionContext() : Optional.empty();
        Map<String, Object> committed = context().offsetReader().offset(partition);
        next = committed == null ? 0 : committedSeq(committed) + 1;
        paceStartNanos = clock.nanoTime();
        paced = 0;
    }

    @Override
    public List<SourceRecord> poll() throws InterruptedException {
        long remaining = limit < 0 ? Long.MAX_VALUE : limit - next;
        if (remaining <= 0) {
            clock.sleep(IDLE_MS);
            return List.of();
        }
        long count = Math.min(batchSize, remaining);
        if (rate > 0) {
            long due = due();
            if (due < 1) {
                double secondsToNext = (paced + 1 - dueExactly()) / rate;
                clock.sleep(Math.max(1, Math.min(IDLE_MS, (long) Math.ceil(secondsToNext * 1000))));
                due = due();
                if (due < 1) {
                    return List.of();
                }
            }
            count = Math.min(count, due);
            paced += count;
        }
        List<SourceRecord> records = new ArrayList<>((int) count);
        for (long i = 0; i < count; i++, next++) {
            SourceRecord record = new SourceRecord(
                    partition,
                    Map.of(DatagenConnector.SEQ_FIELD, next),
                    topic,
                    null,
                    Schema.STRING_SCHEMA,
                    task + "-" + next,
                    schema.schema(),
                    schema.value(seed, task, next));
            records.add(record);
            endTransactionAfter(record, next);
        }
        return records;
    }

    /**
     * With connector-defined boundaries, ends the transaction after the last sequence number of each block of {@code
     * transaction.records}: commits it, or aborts it when {@link DatagenConnector#abortedSeq} says so. The task then
     * goes on with the next number: an aborted block is dropped, not emitted again, as a connector drops a bad batch.
     * After a restart the task resumes after its last committed block, so a block aborted since then is produced and
     * aborted again; either way a block's fate depends only on its numbers.
     */
    private void endTransactionAfter(SourceRecord record, long seq) {
        if (transactions.isEmpty() || (seq + 1) % transactionRecords != 0) {
            return;
        }
        if (DatagenConnector.abortedSeq(seq, transactionRecords, abortEvery)) {
            transactions.get().abortTransaction(record);
        } else {
            transactions.get().commitTransaction(record);
        }
    }

    @Override
    public void stop() {
        // Nothing to release.
    }

    /**
     * Whole records due now. A backlog of more than a second's worth (after a pause, or a slow downstream) is forgiven
     * rather than sent in a burst.
     */
    private long due() {
        double owed = dueExactly() - paced;
        double maxBacklog = Math.max(1.0, rate);
        if (owed > maxBacklog) {
            paceStartNanos = clock.nanoTime() - (long) ((paced + maxBacklog) / rate * 1e9);
            owed = maxBacklog;
        }
        return (long) owed;
    }

    /** Records due since pacing started, fractional. */
    private double dueExactly() {
        return (clock.nanoTime() - paceStartNanos) / 1e9 * rate;
    }

    /**
     * The sequence number of a committed offset: a whole number of at least -1.
     *
     * @throws PluginException naming the field when the offset is not of that shape
     */
    static long committedSeq(Map<String, ?> offset) {
        Object value = offset.get(DatagenConnector.SEQ_FIELD);
        if (!(value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte)) {
            throw new PluginException("the offset's '" + DatagenConnector.SEQ_FIELD + "' must be a whole number, got "
                    + (value == null ? "none" : value.getClass().getSimpleName() + " " + value));
        }
        long seq = ((Number) value).longValue();
        if (seq < -1) {
            throw new PluginException(
                    "the offset's '" + DatagenConnector.SEQ_FIELD + "' must be at least -1, got " + seq);
        }
        return seq;
    }
}
