package io.kanal.testkit.plugins;

import io.kanal.api.errors.RetriableException;
import io.kanal.api.sink.OffsetAndMetadata;
import io.kanal.api.sink.SinkRecord;
import io.kanal.api.sink.SinkTask;
import io.kanal.api.sink.TopicPartition;
import io.kanal.config.ParsedConfig;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Runs one sink task on a thread of its own as the runtime does: a new instance per start, its config parsed against
 * its spec; {@code open}, {@code put} (retried while it throws {@link RetriableException}, as the pipeline does),
 * {@code preCommit}, {@code close} and {@code stop}, each bounded.
 *
 * <p>Threading: the test's thread calls it; the task runs on its {@link PluginThread}.
 */
final class SinkTaskDriver implements AutoCloseable {

    /** A started task and its context. */
    record Started(SinkTask task, RecordingSinkTaskContext context) {}

    private final ConnectorConformance<?> test;
    private final PluginThread thread = new PluginThread("kanal-task-" + ConnectorConformance.CONNECTOR_NAME + "-0");

    SinkTaskDriver(ConnectorConformance<?> test) {
        this.test = test;
    }

    PluginThread thread() {
        return thread;
    }

    Started start(Class<? extends SinkTask> taskClass, Map<String, String> taskConfig) {
        SinkTask task = ConnectorConformance.instantiate(taskClass);
        Map<String, String> config = new HashMap<>(taskConfig);
        config.put("task.class", taskClass.getName());
        RecordingSinkTaskContext context = new RecordingSinkTaskContext(config);
        thread.run("task initialize()", test.callTimeout(), () -> task.initialize(context));
        ParsedConfig parsed = task.configSpec().parse(config);
        thread.run("task start()", test.callTimeout(), () -> task.start(parsed));
        return new Started(task, context);
    }

    /** Opens the partitions; returns the offset the task asked to consume {@code partition} from, if it did. */
    Optional<Long> open(Started started, TopicPartition partition) {
        started.context().assign(partition);
        thread.run("open()", test.callTimeout(), () -> started.task().open(List.of(partition)));
        return started.context().takeRewind(partition);
    }

    /** Puts records; retried while the task throws {@link RetriableException}, within the call timeout. */
    void put(Started started, Collection<SinkRecord> records) {
        long deadline = System.nanoTime() + test.callTimeout().toNanos();
        while (true) {
            Future<Void> put = thread.start(() -> {
                started.task().put(records);
                return null;
            });
            try {
                put.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                return;
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof RetriableException) || System.nanoTime() - deadline > 0) {
                    throw new AssertionError(
                            "put() of " + records.size() + " records threw " + e.getCause(), e.getCause());
                }
            } catch (TimeoutException e) {
                throw new AssertionError("put() of " + records.size() + " records did not return within "
                        + test.callTimeout() + "; the task's thread is at:\n" + PluginThread.stack(thread.thread()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
    }

    /** Asks the task which offsets may be committed, given that everything before {@code next} was put. */
    long preCommit(Started started, TopicPartition partition, long next, long committed) {
        Map<TopicPartition, OffsetAndMetadata> current = Map.of(partition, new OffsetAndMetadata(next));
        Map<TopicPartition, OffsetAndMetadata> answer = thread.call(
                "preCommit()", test.callTimeout(), () -> started.task().preCommit(current));
        if (answer == null || !answer.containsKey(partition)) {
            return committed; // as in the runtime: nothing committed for that partition this time
        }
        return answer.get(partition).offset();
    }

    /**
     * Asks the task again and again, as the runtime's periodic commits do, until it commits everything before {@code
     * next}: a sink may deliver after {@code put} returns, but must deliver within {@link
     * ConnectorConformance#promptness()} when the destination answers.
     */
    long commitAll(Started started, TopicPartition partition, long next, long committed) {
        AtomicLong last = new AtomicLong(committed);
        try {
            Awaitility.await()
                    .atMost(test.promptness())
                    .pollInterval(Duration.ofMillis(20))
                    .until(() -> {
                        last.set(preCommit(started, partition, next, last.get()));
                        return last.get() >= next;
                    });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(
                    "preCommit() still commits offset " + last.get() + " of the " + next + " put, " + test.promptness()
                            + " later: the sink does not deliver what it was given",
                    e);
        }
        return last.get();
    }

    void close(Started started, TopicPartition partition) {
        thread.run("close()", test.callTimeout(), () -> started.task().close(List.of(partition)));
        started.context().unassign(partition);
    }

    void stop(Started started) {
        thread.run("task stop()", test.promptness(), started.task()::stop);
    }

    @Override
    public void close() {
        thread.close();
    }
}
