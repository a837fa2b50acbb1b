package io.kanal.runtime.task;

import io.kanal.api.source.OffsetReader;
import io.kanal.api.source.SourceRecord;
import io.kanal.api.source.SourceTask;
import io.kanal.api.source.SourceTaskContext;
import io.kanal.api.source.TransactionBoundary;
import io.kanal.api.source.TransactionContext;
import io.kanal.client.errors.KafkaException;
import io.kanal.client.producer.Producer;
import io.kanal.runtime.invoke.CallOutcome;
import io.kanal.runtime.invoke.Owner;
import io.kanal.runtime.invoke.Plugin;
import io.kanal.runtime.invoke.PluginInvoker;
import io.kanal.runtime.invoke.Redactor;
import io.kanal.runtime.invoke.Stage;
import io.kanal.runtime.invoke.StageError;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The data path of a source task (RUNTIME.md §5): {@code poll()} → transforms → header, key and value converters →
 * producer {@code send} (idempotent, {@code acks=all}) → on acknowledgement the record's source offset becomes
 * committable ({@link OffsetTracker}) and {@code commitRecord} is called → offsets are written every {@code
 * offset.flush.interval.ms} and on stop, then {@code commit()}. At least once: an offset is written only when its
 * record and every earlier record of its source partition were acknowledged (or settled by the error policy).
 *
 * <p>Exactly once (KIP-618, with {@link SourceTransactions}): the producer is transactional; a transaction opens before
 * the first record after the last one ended, and ends where {@link TransactionBoundaries} says ({@link
 * TransactionEnds}): a commit writes the offsets of every record queued in the transaction and commits (the commit
 * itself waits for the records), then calls {@code commitRecord} and {@code commit()}; an abort drops the
 * transaction's records and offsets. A send failure then always fails the task.
 *
 * <p>Failures: a record whose transform or conversion fails goes to the {@link ErrorPolicy} (fatal, or skipped: to
 * Kanal's source dead letter queue if {@value ErrorSettings#SOURCE_DLQ_TOPIC_NAME} is set, logged, counted); a send
 * the broker refuses is tolerated as Connect does under {@code errors.tolerance=all} ({@code commitRecord} with null
 * metadata) and fatal otherwise. A send refused before it was queued because the producer's buffer is full (or the
 * topic's metadata is late) is back-pressure: the task thread waits and sends again until it is stopped.
 *
 * <p>Threading: owned by the task thread ({@code kanal-task-<connector>-<id>}), which calls every method. Producer
 * callbacks only acknowledge tracker entries and queue {@code commitRecord} work for the task thread; a failure they
 * see is handed over through {@link SourceSends}.
 */
public final class SourcePipeline implements TaskPipeline {

    private static final Logger LOG = LoggerFactory.getLogger(SourcePipeline.class);

    /** How long one paused iteration waits: short, so that a resume or a due commit is acted on quickly. */
    private static final long PAUSED_WAIT_MS = 100;
    /** The wait after a retriable poll failure, doubled per failure in a row up to the maximum. */
    private static final long RETRIABLE_POLL_FIRST_WAIT_MS = 100;

    private static final long RETRIABLE_POLL_MAX_WAIT_MS = 10_000;

    /**
     * How long an exactly-once task waits, at start, for the offsets its fenced predecessor committed. A constant:
     * no worker key fits (Connect's worker reads its offsets topic to the end without a bound, {@code
     * offset.flush.timeout.ms} bounds a write and is far too short for a read of the whole topic), and it is twice
     * the Kafka store's own 30 s read timeout. The store's read does not hear the stop signal: a task stopped during
     * its catch-up can take up to this long to end.
     */
    private static final Duration CATCH_UP_TIMEOUT = Duration.ofSeconds(60);

    private final Owner owner;
    private final PluginInvoker invoker;
    private final Plugin<SourceTask> task;
    private final TaskConverters converters;
    private final TransformChain<SourceRecord> transforms;
    private final Producer<byte[], byte[]> producer;
    private final SourceOffsetStore offsetStore;
    private final ErrorPolicy policy;
    private final Redactor redactor;
    private final StopSignal stop;
    private final ActiveTopics.Recorder activeTopics;

    private final Settings settings;
    private final LongSupplier clockMs;
    private final Map<String, String> taskConfig;
    private final OffsetReader offsetReader;
    /** Present when the task is exactly-once: records and offsets then commit in transactions. */
    private final SourceTransactions transactions;
    /** How the transactions end; present with {@link #transactions}. */
    private final TransactionEnds transactionEnds;

    private final OffsetTracker tracker = new OffsetTracker();
    private final SettledRecords acked;
    private final SourceSends sends;
    private final TaskMetrics metrics = new TaskMetrics();
    private boolean initializeCalled; // task thread only
    private final OffsetFlusher flusher;
    private long retriablePollWaitMs = RETRIABLE_POLL_FIRST_WAIT_MS;

    /**
     * Timing settings of a source pipeline.
     *
     * @param pollBudget how long {@code poll} may block before it shows as stuck
     * @param callBudget how long other plugin calls (per batch) may take before they show as stuck
     * @param offsetFlushIntervalMs {@code offset.flush.interval.ms}
     * @param offsetFlushTimeoutMs {@code offset.flush.timeout.ms}
     */
    public record Settings(
            Duration pollBudget, Duration callBudget, long offsetFlushIntervalMs, long offsetFlushTimeoutMs) {
        /** Connect's defaults: flush every 60 s, wait up to 5 s. */
        public static final Settings DEFAULTS =
                new Settings(Duration.ofSeconds(30), Duration.ofSeconds(30), 60_000, 5_000);
    }

    /**
     * Creates the pipeline; nothing runs until {@link #runOnce()}. With {@code transactions} null it is at least once;
     * with them it is exactly once (KIP-618).
     * With transactions, the records of a transaction and their source offsets commit together (the offsets go through
     * the transaction, not through {@code offsetStore}); {@code commitRecord} and {@code commit()} are called after the
     * commit; a send failure fails the task whatever {@code errors.tolerance} says (the transaction could not commit).
     *
     * @param owner the task
     * @param invoker runs plugin code
     * @param task the source task
     * @param taskConfig the task's configuration
     * @param offsetReader reads the connector's committed offsets
     * @param converters its converters
     * @param transforms its transforms
     * @param producer the task's producer (transactional when {@code transactions} is given)
     * @param topics creates topics, or {@code null}
     * @param offsetStore where offsets go without transactions
     * @param policy the error policy
     * @param redactor masks secrets
     * @param stop the task's stop signal
     * @param activeTopics told of every topic a record was written to
     * @param settings timings
     * @param clockMs a monotonic millisecond clock
     * @param transactions the task's transactions, or {@code null}
     */
    public SourcePipeline(
            Owner owner,
            PluginInvoker invoker,
            Plugin<SourceTask> task,
            Map<String, String> taskConfig,
            OffsetReader offsetReader,
            TaskConverters converters,
            TransformChain<SourceRecord> transforms,
            Producer<byte[], byte[]> producer,
            SourceTopics topics,
            SourceOffsetStore offsetStore,
            ErrorPolicy policy,
            Redactor redactor,
            StopSignal stop,
            ActiveTopics.Recorder activeTopics,
            Settings settings,
            LongSupplier clockMs,
            SourceTransactions transactions) {
        this.transactions = transactions;
        this.owner = owner;
        this.invoker = invoker;
        this.task = task;
        this.taskConfig = Map.copyOf(taskConfig);
        this.offsetReader = offsetReader;
        this.converters = converters;
        this.transforms = transforms;
        this.producer = producer;
        this.offsetStore = offsetStore;
        this.policy = policy;
        this.redactor = redactor;
        this.stop = stop;
        this.activeTopics = activeTopics;
        this.settings = settings;
        this.clockMs = clockMs;
        this.acked = new SettledRecords(owner, invoker, task, settings.callBudget(), redactor, metrics, activeTopics);
        this.sends = new SourceSends(owner, producer, topics, acked, policy, redactor, stop, transactions != null);
        this.flusher = new OffsetFlusher(
                owner,
                offsetStore,
                tracker,
                metrics,
                settings.offsetFlushIntervalMs(),
                settings.offsetFlushTimeoutMs(),
                clockMs);
        this.transactionEnds = transactions == null
                ? null
                : new TransactionEnds(
                        owner,
                        producer,
                        transactions,
                        tracker,
                        acked,
                        metrics,
                        redactor,
                        stop,
                        clockMs,
                        settings.offsetFlushTimeoutMs(),
                        this::throwAsyncFailure,
                        this::callCommit);
    }

    @Override
    public void startTask() {
        SourceTaskContext context = new SourceTaskContext() {
            @Override
            public Map<String, String> configs() {
                return taskConfig;
            }

            @Override
            public OffsetReader offsetReader() {
                return offsetReader;
            }

            @Override
            public Optional<TransactionContext> transactionContext() {
                // As Connect: only a task whose connector defines the boundaries gets a context
                return transactions != null && transactions.boundaries().boundary() == TransactionBoundary.CONNECTOR
                        ? Optional.of(transactions.boundaries().context())
                        : Optional.empty();
            }
        };
        if (transactions != null) {
            try {
                transactions.init(); // fences the earlier holders of the task's transactional id
                // then the offsets of their last committed transaction, which the task resumes after
                offsetStore.readToEnd(CATCH_UP_TIMEOUT);
            } catch (RuntimeException e) { // KafkaException from the producer, the store's own from the catch-up
                throw new TaskFailedException(StageError.of(Stage.START, e, redactor), e);
            }
        }
        initializeCalled = true; // from here on the task may hold resources, so its stop() is due
        TaskCalls.initialize(invoker, task, t -> t.initialize(context), settings.callBudget(), redactor);
        TaskCalls.start(invoker, task, taskConfig, settings.callBudget(), redactor);
    }

    @Override
    public boolean initializeCalled() {
        return initializeCalled;
    }

    @Override
    public void stopTask() {
        TaskCalls.stop(invoker, task, settings.callBudget(), redactor);
    }

    @Override
    public void runPaused() {
        throwAsyncFailure();
        if (transactions != null) {
            endBatch();
        } else {
            acked.drain();
            if (flusher.due()) {
                commitOffsets();
            }
        }
        stop.pause(PAUSED_WAIT_MS);
    }

    @Override
    public void runOnce() {
        throwAsyncFailure();
        if (transactions == null) {
            acked.drain();
            if (flusher.due()) {
                commitOffsets();
            }
        }
        long pollStart = metrics.nanoTime();
        CallOutcome<List<SourceRecord>> polled =
                invoker.call(task, Stage.POLL, settings.pollBudget(), SourceTask::poll);
        if (polled instanceof CallOutcome.Failed<List<SourceRecord>> failed
                && ErrorPolicy.isRetriable(failed.error())) {
            // As Connect's worker does: a retriable poll failure (a database briefly away) is logged and polled again.
            LOG.warn(
                    "[{}] poll threw a retriable error; polling again in {} ms: {}",
                    owner,
                    retriablePollWaitMs,
                    redactor.message(failed.error()));
            stop.pause(retriablePollWaitMs);
            retriablePollWaitMs = Math.min(RETRIABLE_POLL_MAX_WAIT_MS, retriablePollWaitMs * 2);
            return;
        }
        retriablePollWaitMs = RETRIABLE_POLL_FIRST_WAIT_MS;
        List<SourceRecord> records = BatchCalls.checked(polled, redactor);
        if (records == null || records.isEmpty()) {
            if (transactions != null) { // an interval may fall due, or the connector ask, without a record
                endBatch();
            }
            return;
        }
        metrics.call(metrics.nanoTime() - pollStart);
        metrics.batch(records.size());
        List<SourceRecord> originals = List.copyOf(records);
        RecordSlots<SourceRecord> slots = new RecordSlots<>(originals);
        transforms.apply(slots, policy);
        int n = slots.size();
        SourceConversion converted =
                SourceConversion.convert(invoker, converters, settings.callBudget(), policy, redactor, slots);
        for (int i = 0; i < n; i++) {
            SourceRecord original = originals.get(i);
            if (transactions != null) {
                beginTransaction();
            }
            OffsetTracker.Entry entry = tracker.submit(original.sourcePartition(), original.sourceOffset());
            if (slots.dropped(i)) {
                metrics.filtered();
                entry.ack();
                acked.add(original, null);
            } else if (slots.failed(i)) {
                policy.handle(SourceDeadLetters.failedRecord(
                                original, slots.stage(i), slots.executingClass(i), slots.error(i)))
                        .whenComplete((ok, e) -> sends.settle(entry, original, e));
            } else {
                throwAsyncFailure(); // a fatal send failure stops the batch here, not at the next poll
                sends.send(
                        slots.get(i),
                        original,
                        entry,
                        converted.keys()[i],
                        converted.values()[i],
                        converted.headers().get(i));
            }
            if (transactions != null) {
                endAfterRecord(original);
            }
        }
        if (transactions != null) {
            endBatch();
        } else {
            acked.drain();
        }
    }

    /** Writes the committable offsets (and any a failed flush left), then calls the task's {@code commit()}. */
    private void commitOffsets() {
        if (flusher.flush()) {
            callCommit();
        }
    }

    /** The task's {@code commit()}: as Connect, a failure is logged, never fatal. */
    private void callCommit() {
        CallOutcome<Void> outcome = invoker.call(task, Stage.COMMIT, settings.callBudget(), t -> {
            t.commit();
            return null;
        });
        if (outcome instanceof CallOutcome.Failed<Void> failed) {
            LOG.error("[{}] commit() threw; carrying on: {}", owner, redactor.stackTrace(failed.error()));
        }
    }

    private void beginTransaction() {
        try {
            transactions.beginIfIdle();
        } catch (KafkaException e) {
            throw new TaskFailedException(StageError.of(Stage.KAFKA_PRODUCE, e, redactor), e);
        }
    }

    /** Ends the transaction where a record asked for it (the connector's boundary). */
    private void endAfterRecord(SourceRecord original) {
        transactionEnds.end(transactions.boundaries().afterRecord(original));
    }

    /** Ends the transaction if the batch ends it. */
    private void endBatch() {
        transactionEnds.end(transactions.boundaries().afterBatch(clockMs.getAsLong(), transactions.isOpen()));
    }

    private void throwAsyncFailure() {
        sends.throwIfFailed();
    }

    @Override
    public void stopping() {
        if (transactions != null) {
            // As Connect: a clean stop commits the open transaction, unless the connector defines the boundaries
            boolean connectorDefined = transactions.boundaries().boundary() == TransactionBoundary.CONNECTOR;
            transactionEnds.end(
                    connectorDefined ? TransactionBoundaries.Decision.ABORT : TransactionBoundaries.Decision.COMMIT);
            throwAsyncFailure();
            return;
        }
        // Wait for every record sent so far (the producer's flush), then write their offsets.
        try {
            producer.flush();
        } catch (KafkaException e) {
            LOG.warn("[{}] producer flush on stop failed: offsets of unacknowledged records are not written", owner, e);
        }
        acked.drain();
        commitOffsets();
        throwAsyncFailure();
    }

    /**
     * The tracker, for tests and metrics.
     *
     * @return the tracker
     */
    public OffsetTracker tracker() {
        return tracker;
    }

    @Override
    public TaskMetrics metrics() {
        return metrics;
    }

    @Override
    public ErrorPolicy.Stats errorStats() {
        return policy.stats();
    }

    @Override
    public void close() {
        if (transactions != null && transactions.isOpen()) {
            try {
                transactions.abort(); // a failed task: nothing of its open transaction becomes visible
            } catch (KafkaException e) {
                LOG.warn("[{}] aborting the open transaction failed; the coordinator aborts it on timeout", owner, e);
            }
        }
        transforms.close();
        converters.close(invoker, settings.callBudget());
    }
}
