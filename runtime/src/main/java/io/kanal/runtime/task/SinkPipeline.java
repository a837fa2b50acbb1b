package io.kanal.runtime.task;

import io.kanal.api.sink.ErrantRecordReporter;
import io.kanal.api.sink.SinkRecord;
import io.kanal.api.sink.SinkTask;
import io.kanal.client.OffsetAndMetadata;
import io.kanal.client.TopicPartition;
import io.kanal.client.consumer.Consumer;
import io.kanal.client.consumer.ConsumerRecord;
import io.kanal.client.consumer.ConsumerRecords;
import io.kanal.client.consumer.RebalanceListener;
import io.kanal.runtime.invoke.CallOutcome;
import io.kanal.runtime.invoke.Owner;
import io.kanal.runtime.invoke.Plugin;
import io.kanal.runtime.invoke.PluginInvoker;
import io.kanal.runtime.invoke.Redactor;
import io.kanal.runtime.invoke.Stage;
import io.kanal.runtime.invoke.StageError;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The data path of a sink task (RUNTIME.md §5): the consumer (group {@code connect-<name>}, {@code topics} or {@code
 * topics.regex}) → header, key and value converters → transforms → {@code put} → every {@code
 * offset.flush.interval.ms} (or when the task asks) {@code preCommit} → offsets committed. Rebalances call {@code
 * open} and {@code close}, committing what was processed before partitions go.
 *
 * <p>{@code put} throwing {@code RetriableException} pauses every assigned partition, keeps polling (so the group
 * membership stays alive and no new records arrive) and passes the same batch again after the task's {@code
 * context.timeout(ms)}; on success the partitions resume (except those the task paused itself). Records that fail
 * conversion or transforms go to the {@link ErrorPolicy} with their original bytes and coordinates; their offsets are
 * committed only once the dead letter queue acknowledged them, as are the records a task reports through its {@link
 * ErrantRecordReporter}.
 *
 * <p>Threading: owned by the task thread; rebalance and commit callbacks run on it inside {@code consumer.poll}. The
 * errant record reporter may be called from the task's own threads: it hands its futures over through concurrent
 * collections.
 */
public final class SinkPipeline implements TaskPipeline {

    private static final Logger LOG = LoggerFactory.getLogger(SinkPipeline.class);

    private final Owner owner;
    private final PluginInvoker invoker;
    private final Plugin<SinkTask> task;
    private final Consumer<byte[], byte[]> consumer;
    private final Subscription subscription;
    private final SinkConversion conversion;
    private final TransformChain<SinkRecord> transforms;
    private final TaskConverters converters;
    private final ErrorPolicy policy;
    private final Redactor redactor;
    private final ActiveTopics.Recorder activeTopics;
    private final Settings settings;
    private final LongSupplier clockMs;
    private final SinkContext context;
    private final Map<String, String> taskConfig;

    private final SinkCommitter committer;
    private final AtomicReference<TaskFailedException> asyncFailure = new AtomicReference<>();
    private final SinkErrantReporter reporter;

    private final TaskMetrics metrics = new TaskMetrics();
    private boolean initializeCalled; // task thread only

    private boolean subscribed;
    private int assignedCount;
    private boolean workerPaused;
    /** Set once the task stopped or failed: rebalance callbacks from closing the consumer no longer reach it. */
    private boolean done;

    /** A batch whose put threw RetriableException, while it waits for its retry. */
    private final PutRetry retry = new PutRetry();

    private long nextCommitMs;

    /**
     * What the sink consumes: a list of topics, or a regular expression.
     *
     * @param topics the {@code topics} list, empty when a pattern is used
     * @param pattern the {@code topics.regex} pattern, or {@code null}
     */
    public record Subscription(List<String> topics, Pattern pattern) {
        /**
         * Validates: exactly one of the two, as Connect requires.
         *
         * @throws IllegalArgumentException otherwise
         */
        public Subscription {
            topics = topics == null ? List.of() : List.copyOf(topics);
            if (topics.isEmpty() == (pattern == null)) {
                throw new IllegalArgumentException("exactly one of topics and topics.regex must be set");
            }
        }
    }

    /**
     * Timing settings.
     *
     * @param pollTimeout the longest consumer poll (shorter when a commit or a retry is due)
     * @param callBudget how long {@code put} and other calls may take before they show as stuck
     * @param offsetCommitIntervalMs {@code offset.flush.interval.ms}
     * @param offsetCommitTimeoutMs {@code offset.flush.timeout.ms}
     */
    public record Settings(
            Duration pollTimeout, Duration callBudget, long offsetCommitIntervalMs, long offsetCommitTimeoutMs) {
        /** Connect's defaults. */
        public static final Settings DEFAULTS =
                new Settings(Duration.ofSeconds(1), Duration.ofSeconds(30), 60_000, 5_000);
    }

    /**
     * Creates the pipeline; it subscribes on its first {@link #runOnce()}.
     *
     * @param owner the task
     * @param invoker runs plugin code
     * @param task the sink task, initialised and started by the runner
     * @param taskConfig the task's configuration, for {@code context.configs()}
     * @param converters its converters
     * @param transforms its transforms
     * @param consumer its consumer (group {@code connect-<name>}, no auto-commit), owned by the runner
     * @param subscription topics or pattern
     * @param policy the error policy (its dead letter sink is the connector's dead letter queue, if any)
     * @param redactor masks secrets
     * @param activeTopics told of the topics records were consumed from
     * @param settings timings
     * @param clockMs a monotonic millisecond clock
     */
    public SinkPipeline(
            Owner owner,
            PluginInvoker invoker,
            Plugin<SinkTask> task,
            Map<String, String> taskConfig,
            TaskConverters converters,
            TransformChain<SinkRecord> transforms,
            Consumer<byte[], byte[]> consumer,
            Subscription subscription,
            ErrorPolicy policy,
            Redactor redactor,
            ActiveTopics.Recorder activeTopics,
            Settings settings,
            LongSupplier clockMs) {
        this.owner = owner;
        this.invoker = invoker;
        this.task = task;
        this.consumer = consumer;
        this.subscription = subscription;
        this.converters = converters;
        this.transforms = transforms;
        this.policy = policy;
        this.redactor = redactor;
        this.activeTopics = activeTopics;
        this.settings = settings;
        this.clockMs = clockMs;
        this.committer = new SinkCommitter(
                owner,
                invoker,
                task,
                consumer,
                redactor,
                settings.callBudget(),
                settings.offsetCommitTimeoutMs(),
                metrics);
        this.conversion = new SinkConversion(invoker, converters, transforms, redactor, settings.callBudget());
        this.taskConfig = Map.copyOf(taskConfig);
        this.reporter = new SinkErrantReporter(task.pluginClass(), policy, committer, asyncFailure);
        this.context = new SinkContext(taskConfig, this::apiAssignment, reporter);
        this.nextCommitMs = clockMs.getAsLong() + settings.offsetCommitIntervalMs();
    }

    /**
     * The context to hand to {@code SinkTask.initialize} before the task starts.
     *
     * @return the context
     */
    public io.kanal.api.sink.SinkTaskContext context() {
        return context;
    }

    @Override
    public void startTask() {
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
        if (!subscribed) {
            subscribe();
        }
        throwAsyncFailure();
        workerPaused = true;
        // Every assigned partition paused, the newly assigned ones too: the poll only keeps the membership alive.
        consumer.pause(consumer.assignment());
        // Records fetched before a pause (or for a partition assigned in this poll) are read again after the resume.
        rewind(consumer.poll(settings.pollTimeout()));
        if (clockMs.getAsLong() >= nextCommitMs) {
            commit(false);
        }
    }

    @Override
    public void runOnce() {
        if (!subscribed) {
            subscribe();
        }
        if (workerPaused) {
            workerPaused = false;
            resumeAfterWorkerPause();
        }
        throwAsyncFailure();
        long now = clockMs.getAsLong();
        if (retry.held()) {
            if (retry.due(now)) {
                deliver(retry.batch(), retry.offsets());
            } else {
                // Partitions are paused: this poll only keeps the membership alive and runs rebalance callbacks.
                rewind(consumer.poll(Duration.ofMillis(
                        Math.min(retry.untilDueMs(now), settings.pollTimeout().toMillis()))));
            }
        } else {
            long untilCommit = Math.max(0, nextCommitMs - now);
            ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(
                    Math.min(untilCommit, settings.pollTimeout().toMillis())));
            // As Connect: put is called after every poll, with an empty batch too (tasks flush on time in it).
            process(records);
        }
        applyContextRequests();
        if (context.takeCommitRequest() || clockMs.getAsLong() >= nextCommitMs) {
            commit(false);
        }
    }

    private void subscribe() {
        RebalanceListener listener = new Rebalance();
        if (subscription.pattern() != null) {
            consumer.subscribe(subscription.pattern(), listener);
        } else {
            consumer.subscribe(subscription.topics(), listener);
        }
        subscribed = true;
    }

    private void process(ConsumerRecords<byte[], byte[]> fetched) {
        if (fetched.isEmpty()) {
            deliver(List.of(), Map.of());
            return;
        }
        metrics.batch(fetched.count());
        List<ConsumerRecord<byte[], byte[]>> raw = new ArrayList<>(fetched.count());
        for (ConsumerRecord<byte[], byte[]> r : fetched) {
            raw.add(r);
        }
        reporter.batch(raw);
        RecordSlots<SinkRecord> slots = conversion.convert(raw, policy);
        List<SinkRecord> batch = new ArrayList<>(raw.size());
        Map<TopicPartition, OffsetAndMetadata> offsets = new LinkedHashMap<>();
        for (int i = 0; i < raw.size(); i++) {
            ConsumerRecord<byte[], byte[]> r = raw.get(i);
            offsets.put(r.topicPartition(), OffsetAndMetadata.of(r.offset() + 1));
            if (slots.failed(i)) {
                committer.track(policy.handle(
                        SinkErrantReporter.failed(r, slots.stage(i), slots.executingClass(i), slots.error(i), null)));
            } else if (slots.live(i)) {
                batch.add(slots.get(i));
            }
        }
        // Once per partition of the batch, not per record: as Connect, a topic counts once a record was consumed.
        offsets.keySet().forEach(p -> activeTopics.used(p.topic()));
        deliver(batch, offsets);
    }

    /** Passes a batch to {@code put}; a retriable failure keeps it for later with the partitions paused. */
    private void deliver(List<SinkRecord> batch, Map<TopicPartition, OffsetAndMetadata> offsets) {
        long putStart = metrics.nanoTime();
        CallOutcome<Void> outcome = invoker.call(task, Stage.PUT, settings.callBudget(), t -> {
            t.put(batch);
            return null;
        });
        if (!batch.isEmpty()) {
            metrics.call(metrics.nanoTime() - putStart);
        }
        if (outcome.isCompleted()) {
            // A record the task reported during put under tolerance=none fails the task before the batch's offsets
            // count as processed: the reported record must be read again, not committed past.
            throwAsyncFailure();
            metrics.out(batch.size());
            committer.processed(offsets);
            if (retry.held()) {
                retry.clear();
                resumeAfterRetry();
            }
            return;
        }
        if (outcome instanceof CallOutcome.Failed<Void> failed) {
            if (failed.error() instanceof io.kanal.api.errors.RetriableException) {
                long backoff = Math.max(0, context.timeoutMs());
                LOG.info(
                        "[{}] put threw a RetriableException: pausing the partitions, retrying in {} ms",
                        owner,
                        backoff);
                if (!retry.held()) {
                    consumer.pause(consumer.assignment());
                }
                retry.hold(batch, offsets, clockMs.getAsLong() + backoff);
                return;
            }
            throw new TaskFailedException(StageError.of(failed, redactor), failed.error());
        }
        throw BatchCalls.stopping(outcome);
    }

    /** Resumes every assigned partition except those the task itself paused. */
    private void resumeAfterRetry() {
        List<TopicPartition> resume = new ArrayList<>();
        for (TopicPartition p : consumer.assignment()) {
            if (!context.pausedByTask(new io.kanal.api.sink.TopicPartition(p.topic(), p.partition()))) {
                resume.add(p);
            }
        }
        consumer.resume(resume);
    }

    /** Records that arrived for paused partitions (a race with a rebalance) are fetched again later. */
    private void rewind(ConsumerRecords<byte[], byte[]> unexpected) {
        for (TopicPartition p : unexpected.partitions()) {
            consumer.seek(p, unexpected.records(p).get(0).offset());
        }
    }

    /** Resumes what the worker paused, leaving paused what the task paused and what waits for a retry. */
    private void resumeAfterWorkerPause() {
        if (!retry.held()) {
            resumeAfterRetry();
        }
    }

    private void applyContextRequests() {
        for (Map.Entry<io.kanal.api.sink.TopicPartition, Long> e :
                context.takeOffsets().entrySet()) {
            TopicPartition p = SinkPartitions.client(e.getKey());
            if (consumer.assignment().contains(p)) {
                consumer.seek(p, e.getValue());
                committer.rewound(p, e.getValue());
            }
        }
        List<TopicPartition> pauses = SinkPartitions.client(context.takePauses());
        if (!pauses.isEmpty()) {
            consumer.pause(pauses);
        }
        List<TopicPartition> resumes = SinkPartitions.client(context.takeResumes());
        if (!resumes.isEmpty() && !retry.held()) {
            consumer.resume(resumes);
        }
    }

    private void commit(boolean sync) {
        nextCommitMs = clockMs.getAsLong() + settings.offsetCommitIntervalMs();
        committer.commit(sync);
    }

    private void throwAsyncFailure() {
        TaskFailedException failure = asyncFailure.get();
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public void stopping() {
        if (!subscribed) {
            return;
        }
        commit(true);
        Set<TopicPartition> assigned = consumer.assignment();
        if (!assigned.isEmpty()) {
            closePartitions(assigned);
        }
        done = true;
    }

    private void closePartitions(Collection<TopicPartition> partitions) {
        List<io.kanal.api.sink.TopicPartition> closing = SinkPartitions.api(partitions);
        CallOutcome<Void> outcome = invoker.call(task, Stage.CLOSE, settings.callBudget(), t -> {
            t.close(closing);
            return null;
        });
        BatchCalls.checked(outcome, redactor);
        context.forget(new HashSet<>(closing));
        committer.forget(partitions);
    }

    /** Rebalance callbacks: run on the task thread inside {@code consumer.poll}. */
    private final class Rebalance implements RebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            if (done || partitions.isEmpty()) {
                return;
            }
            retry.drop(partitions);
            commit(true);
            closePartitions(partitions);
            assignedCount = Math.max(0, assignedCount - partitions.size());
            metrics.partitions(assignedCount);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            if (done || partitions.isEmpty()) {
                return;
            }
            retry.drop(partitions);
            closePartitions(partitions);
            assignedCount = Math.max(0, assignedCount - partitions.size());
            metrics.partitions(assignedCount);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            if (done || partitions.isEmpty()) {
                return;
            }
            // Counted from the callbacks (incremental under KIP-848), not from assignment() mid-rebalance.
            assignedCount += partitions.size();
            metrics.partitions(assignedCount);
            List<io.kanal.api.sink.TopicPartition> opening = SinkPartitions.api(partitions);
            BatchCalls.checked(
                    invoker.call(task, Stage.OPEN, settings.callBudget(), t -> {
                        t.open(opening);
                        return null;
                    }),
                    redactor);
            if (retry.held() || workerPaused) {
                consumer.pause(partitions);
            }
            // Rewinds asked for in open() take effect before the first fetch of these partitions, as in Connect.
            applyContextRequests();
        }
    }

    private Set<io.kanal.api.sink.TopicPartition> apiAssignment() {
        return Set.copyOf(SinkPartitions.api(consumer.assignment()));
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
        done = true;
        transforms.close();
        converters.close(invoker, settings.callBudget());
    }
}
