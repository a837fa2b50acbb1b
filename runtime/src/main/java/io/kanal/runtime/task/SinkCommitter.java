package io.kanal.runtime.task;

import io.kanal.api.sink.SinkTask;
import io.kanal.client.OffsetAndMetadata;
import io.kanal.client.TopicPartition;
import io.kanal.client.consumer.Consumer;
import io.kanal.client.errors.KafkaException;
import io.kanal.runtime.invoke.CallOutcome;
import io.kanal.runtime.invoke.Owner;
import io.kanal.runtime.invoke.Plugin;
import io.kanal.runtime.invoke.PluginInvoker;
import io.kanal.runtime.invoke.Redactor;
import io.kanal.runtime.invoke.Stage;
import io.kanal.runtime.invoke.StageError;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A sink task's offsets: what was processed ({@code currentOffsets}: the next offset to read per partition, as of
 * the records passed to {@code put} or settled by the error policy), what was committed, and the dead letter queue
 * writes that must be acknowledged before the offsets after them are committed. {@link #commit} offers the current
 * offsets to {@code preCommit} and commits what the task returns, as Connect does: asynchronously on the interval,
 * synchronously on revocation and stop; a {@code preCommit} that throws rewinds the consumer to the last committed
 * offsets.
 *
 * <p>Threading: the task thread, apart from {@link #track}, which the errant record reporter may call from the task's
 * own threads (a concurrent queue).
 */
final class SinkCommitter {

    private static final Logger LOG = LoggerFactory.getLogger(SinkCommitter.class);

    private final Owner owner;
    private final PluginInvoker invoker;
    private final Plugin<SinkTask> task;
    private final Consumer<byte[], byte[]> consumer;
    private final Redactor redactor;
    private final Duration callBudget;
    private final long timeoutMs;
    private final TaskMetrics metrics;

    private final Map<TopicPartition, OffsetAndMetadata> current = new HashMap<>();
    private final Map<TopicPartition, OffsetAndMetadata> committed = new HashMap<>();
    private final ConcurrentLinkedQueue<CompletableFuture<Void>> pending = new ConcurrentLinkedQueue<>();

    SinkCommitter(
            Owner owner,
            PluginInvoker invoker,
            Plugin<SinkTask> task,
            Consumer<byte[], byte[]> consumer,
            Redactor redactor,
            Duration callBudget,
            long timeoutMs,
            TaskMetrics metrics) {
        this.owner = owner;
        this.invoker = invoker;
        this.task = task;
        this.consumer = consumer;
        this.redactor = redactor;
        this.callBudget = callBudget;
        this.timeoutMs = timeoutMs;
        this.metrics = metrics;
    }

    /** Records that the records before these offsets were processed. */
    void processed(Map<TopicPartition, OffsetAndMetadata> offsets) {
        current.putAll(offsets);
    }

    /** A rewind by the task: the next offset to read. */
    void rewound(TopicPartition partition, long offset) {
        current.put(partition, OffsetAndMetadata.of(offset));
    }

    /** A dead letter queue write whose record's offset must not be committed before it is acknowledged. */
    void track(CompletableFuture<Void> write) {
        pending.add(write);
    }

    /** Partitions that went away. */
    void forget(Collection<TopicPartition> partitions) {
        for (TopicPartition p : partitions) {
            current.remove(p);
            committed.remove(p);
        }
    }

    /**
     * Offers the current offsets to {@code preCommit} and commits what it returns.
     *
     * @param sync commit synchronously (stop, revocation) rather than asynchronously
     * @throws TaskFailedException when a dead letter queue write failed or timed out
     */
    void commit(boolean sync) {
        awaitPending();
        if (current.isEmpty()) {
            return;
        }
        Map<io.kanal.api.sink.TopicPartition, io.kanal.api.sink.OffsetAndMetadata> offered = new LinkedHashMap<>();
        current.forEach((p, o) -> offered.put(
                new io.kanal.api.sink.TopicPartition(p.topic(), p.partition()),
                new io.kanal.api.sink.OffsetAndMetadata(o.offset(), o.metadata())));
        CallOutcome<Map<io.kanal.api.sink.TopicPartition, io.kanal.api.sink.OffsetAndMetadata>> outcome =
                invoker.call(task, Stage.PRE_COMMIT, callBudget, t -> t.preCommit(offered));
        if (outcome instanceof CallOutcome.Failed<?> failed) {
            // As Connect: the records since the last commit are read again.
            LOG.error(
                    "[{}] preCommit threw: rewinding to the last committed offsets: {}",
                    owner,
                    redactor.stackTrace(failed.error()));
            Set<TopicPartition> assigned = consumer.assignment();
            committed.forEach((p, o) -> {
                if (assigned.contains(p)) {
                    consumer.seek(p, o.offset());
                }
            });
            current.putAll(committed);
            return;
        }
        Map<io.kanal.api.sink.TopicPartition, io.kanal.api.sink.OffsetAndMetadata> chosen =
                BatchCalls.checked(outcome, redactor);
        if (chosen == null || chosen.isEmpty()) {
            return; // the task opted out of this commit
        }
        Map<TopicPartition, OffsetAndMetadata> toCommit = new HashMap<>();
        Set<TopicPartition> assigned = consumer.assignment();
        chosen.forEach((p, o) -> {
            TopicPartition tp = new TopicPartition(p.topic(), p.partition());
            OffsetAndMetadata last = committed.get(tp);
            if (o != null && assigned.contains(tp) && (last == null || last.offset() != o.offset())) {
                toCommit.put(tp, OffsetAndMetadata.of(o.offset(), o.metadata()));
            }
        });
        if (toCommit.isEmpty()) {
            return;
        }
        long start = metrics.nanoTime();
        if (sync) {
            try {
                consumer.commitSync(toCommit, Duration.ofMillis(timeoutMs));
                committed.putAll(toCommit);
                metrics.commit(true, metrics.nanoTime() - start);
            } catch (KafkaException e) {
                metrics.commit(false, metrics.nanoTime() - start);
                LOG.warn("[{}] offset commit failed: the records after the last commit may be read again", owner, e);
            }
        } else {
            consumer.commitAsync(toCommit, (offsets, error) -> {
                metrics.commit(error == null, metrics.nanoTime() - start);
                if (error == null) {
                    committed.putAll(offsets);
                } else {
                    LOG.warn("[{}] offset commit failed; the next one covers it", owner, error);
                }
            });
        }
    }

    private void awaitPending() {
        for (CompletableFuture<Void> f; (f = pending.peek()) != null; ) {
            try {
                f.get(timeoutMs, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CancellationException("interrupted waiting for the dead letter queue");
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                throw cause instanceof TaskFailedException t
                        ? t
                        : new TaskFailedException(StageError.of(Stage.KAFKA_PRODUCE, cause, redactor), cause);
            } catch (TimeoutException e) {
                throw new TaskFailedException(StageError.of(Stage.KAFKA_PRODUCE, e, redactor), e);
            }
            pending.poll();
        }
    }
}
