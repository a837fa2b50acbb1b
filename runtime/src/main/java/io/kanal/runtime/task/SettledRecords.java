package io.kanal.runtime.task;

import io.kanal.api.source.RecordMetadata;
import io.kanal.api.source.SourceRecord;
import io.kanal.api.source.SourceTask;
import io.kanal.runtime.invoke.CallOutcome;
import io.kanal.runtime.invoke.Owner;
import io.kanal.runtime.invoke.Plugin;
import io.kanal.runtime.invoke.PluginInvoker;
import io.kanal.runtime.invoke.Redactor;
import io.kanal.runtime.invoke.Stage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Source records Kafka acknowledged (or the pipeline settled otherwise: filtered, dead-lettered, tolerated), waiting
 * for their {@code commitRecord}: {@link #drain()} calls it for all of them in one plugin call and counts the records
 * written and the topics used.
 *
 * <p>Threading: {@link #add} from any thread (the producer's callbacks); {@link #drain()} and {@link #clear()} on the
 * task thread.
 */
final class SettledRecords {

    private static final Logger LOG = LoggerFactory.getLogger(SettledRecords.class);

    /** A settled record; {@code metadata} null when it was not written to Kafka. */
    private record Settled(SourceRecord record, RecordMetadata metadata) {}

    private final ConcurrentLinkedQueue<Settled> queue = new ConcurrentLinkedQueue<>();
    private final Owner owner;
    private final PluginInvoker invoker;
    private final Plugin<SourceTask> task;
    private final Duration budget;
    private final Redactor redactor;
    private final TaskMetrics metrics;
    private final ActiveTopics.Recorder activeTopics;

    SettledRecords(
            Owner owner,
            PluginInvoker invoker,
            Plugin<SourceTask> task,
            Duration budget,
            Redactor redactor,
            TaskMetrics metrics,
            ActiveTopics.Recorder activeTopics) {
        this.owner = owner;
        this.invoker = invoker;
        this.task = task;
        this.budget = budget;
        this.redactor = redactor;
        this.metrics = metrics;
        this.activeTopics = activeTopics;
    }

    /**
     * A record is settled. Any thread.
     *
     * @param original the record as polled
     * @param metadata where Kafka wrote it, or null
     */
    void add(SourceRecord original, RecordMetadata metadata) {
        queue.add(new Settled(original, metadata));
    }

    /** Forgets the settled records without {@code commitRecord}: their transaction was aborted. */
    void clear() {
        queue.clear();
    }

    /**
     * Calls {@code commitRecord} for every settled record, in one plugin call; a failure is logged, never fatal, as in
     * Connect.
     *
     * @throws java.util.concurrent.CancellationException when the call was cancelled because the task is stopping
     */
    void drain() {
        if (queue.isEmpty()) {
            return;
        }
        List<Settled> batch = new ArrayList<>();
        long written = 0;
        String lastTopic = null;
        for (Settled a; (a = queue.poll()) != null; ) {
            batch.add(a);
            RecordMetadata m = a.metadata();
            if (m != null) { // written to Kafka (not filtered or dead-lettered)
                written++;
                // Counted here, on the task thread, rather than in the producer's callback on the shared I/O thread;
                // records of a batch mostly share a topic, so the tracker is asked once per run of one topic.
                if (!m.topic().equals(lastTopic)) {
                    lastTopic = m.topic();
                    activeTopics.used(lastTopic);
                }
            }
        }
        if (written > 0) {
            metrics.out(written);
        }
        CallOutcome<Void> outcome = invoker.call(task, Stage.COMMIT_RECORD, budget, t -> {
            for (Settled a : batch) {
                t.commitRecord(a.record(), a.metadata());
            }
            return null;
        });
        if (outcome instanceof CallOutcome.Failed<Void> failed) {
            LOG.error("[{}] commitRecord threw; carrying on: {}", owner, redactor.stackTrace(failed.error()));
        } else if (!outcome.isCompleted()) {
            throw BatchCalls.stopping(outcome);
        }
    }
}
