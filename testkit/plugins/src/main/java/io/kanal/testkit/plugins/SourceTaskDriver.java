package io.kanal.testkit.plugins;

import io.kanal.api.source.RecordMetadata;
import io.kanal.api.source.SourceRecord;
import io.kanal.api.source.SourceTask;
import io.kanal.config.ParsedConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;

/**
 * Runs one source task on a thread of its own as the runtime does: a new instance per start, initialised with a
 * context over {@link CommittedOffsets}, its config parsed against its spec; polls bounded by the promptness the
 * runtime needs to stop it; acknowledged records committed ({@code commitRecord}, then the offsets, then {@code
 * commit}).
 *
 * <p>Threading: the test's thread calls it; the task runs on its {@link PluginThread}.
 */
final class SourceTaskDriver implements AutoCloseable {

    private final ConnectorConformance<?> test;
    private final PluginThread thread = new PluginThread("kanal-task-" + ConnectorConformance.CONNECTOR_NAME + "-0");
    private long kafkaOffset;

    SourceTaskDriver(ConnectorConformance<?> test) {
        this.test = test;
    }

    PluginThread thread() {
        return thread;
    }

    SourceTask start(Class<? extends SourceTask> taskClass, Map<String, String> taskConfig, CommittedOffsets offsets) {
        SourceTask task = ConnectorConformance.instantiate(taskClass);
        Map<String, String> config = new HashMap<>(taskConfig);
        config.put("task.class", taskClass.getName());
        thread.run(
                "task initialize()",
                test.callTimeout(),
                () -> task.initialize(KitContexts.sourceTask(config, offsets)));
        ParsedConfig parsed = task.configSpec().parse(config);
        thread.run("task start()", test.callTimeout(), () -> task.start(parsed));
        return task;
    }

    /** One poll, which must return within the promptness bound; an empty list for {@code null}. */
    List<SourceRecord> poll(SourceTask task) {
        List<SourceRecord> records =
                thread.call("poll() (the runtime can stop a task only between polls)", test.promptness(), task::poll);
        return records == null ? List.of() : records;
    }

    /** Polls until at least {@code count} records came, within the call timeout. */
    List<SourceRecord> pollAtLeast(SourceTask task, int count) {
        List<SourceRecord> all = new ArrayList<>();
        long deadline = System.nanoTime() + test.callTimeout().toNanos();
        while (all.size() < count) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("the task returned " + all.size() + " of " + count + " records within "
                        + test.callTimeout() + " (does makeDataAvailable() make new data appear?)");
            }
            all.addAll(poll(task));
        }
        return all;
    }

    /** Acknowledges records as the runtime does once Kafka has them, and commits their offsets. */
    void commit(SourceTask task, List<SourceRecord> records, CommittedOffsets offsets) {
        thread.run("commitRecord()", test.callTimeout(), () -> {
            for (SourceRecord record : records) {
                int partition = record.kafkaPartition() == null ? 0 : record.kafkaPartition();
                task.commitRecord(record, new RecordMetadata(record.topic(), partition, kafkaOffset++, 0L));
            }
        });
        records.forEach(offsets::commit);
        thread.run("commit()", test.callTimeout(), task::commit);
    }

    void stop(SourceTask task) {
        thread.run("task stop()", test.promptness(), task::stop);
    }

    /** Starts a poll, interrupts the task's thread as the runtime does to a task that will not stop, and waits. */
    void interruptPoll(SourceTask task, Duration bound) {
        Future<List<SourceRecord>> poll = thread.start(task::poll);
        thread.interrupt();
        try {
            thread.await("poll() after the task's thread was interrupted", bound, poll);
        } catch (AssertionError e) {
            if (!poll.isDone()) {
                throw e;
            }
            // Ending with an exception (InterruptedException or a wrapper of it) is a prompt end too.
        }
    }

    @Override
    public void close() {
        thread.close();
    }
}
