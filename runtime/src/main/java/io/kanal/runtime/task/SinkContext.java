package io.kanal.runtime.task;

import io.kanal.api.sink.ErrantRecordReporter;
import io.kanal.api.sink.SinkTaskContext;
import io.kanal.api.sink.TopicPartition;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The {@link SinkTaskContext} a sink task gets: its requests (rewind, pause, resume, commit, back-off) are recorded
 * here and applied by the {@link SinkPipeline} when the plugin call that made them returns, as Connect does.
 *
 * <p>Threading: meant for the task thread (the task calls it from {@code put}, {@code open}, {@code flush}); the
 * recorded requests are guarded by this object's monitor so that a task calling from its own threads is safe too.
 */
final class SinkContext implements SinkTaskContext {

    private final Map<String, String> configs;
    private final Supplier<Set<TopicPartition>> assignment;
    private final ErrantRecordReporter reporter;

    private final Map<TopicPartition, Long> offsets = new LinkedHashMap<>();
    private final Set<TopicPartition> pauses = new HashSet<>();
    private final Set<TopicPartition> resumes = new HashSet<>();
    private final Set<TopicPartition> pausedByTask = new HashSet<>();
    private long timeoutMs = -1;
    private boolean commitRequested;

    SinkContext(Map<String, String> configs, Supplier<Set<TopicPartition>> assignment, ErrantRecordReporter reporter) {
        this.configs = Collections.unmodifiableMap(new HashMap<>(configs));
        this.assignment = assignment;
        this.reporter = reporter;
    }

    @Override
    public Map<String, String> configs() {
        return configs;
    }

    @Override
    public synchronized void offset(Map<TopicPartition, Long> requested) {
        if (requested != null) {
            offsets.putAll(requested);
        }
    }

    @Override
    public synchronized void offset(TopicPartition partition, long offset) {
        offsets.put(partition, offset);
    }

    @Override
    public synchronized void timeout(long timeoutMs) {
        this.timeoutMs = timeoutMs;
    }

    @Override
    public Set<TopicPartition> assignment() {
        return assignment.get();
    }

    @Override
    public synchronized void pause(TopicPartition... partitions) {
        for (TopicPartition p : partitions) {
            pauses.add(p);
            resumes.remove(p);
            pausedByTask.add(p);
        }
    }

    @Override
    public synchronized void resume(TopicPartition... partitions) {
        for (TopicPartition p : partitions) {
            resumes.add(p);
            pauses.remove(p);
            pausedByTask.remove(p);
        }
    }

    @Override
    public synchronized void requestCommit() {
        commitRequested = true;
    }

    @Override
    public ErrantRecordReporter errantRecordReporter() {
        return reporter;
    }

    /** The back-off after a retriable {@code put} failure: the last {@link #timeout} value, -1 if never set. */
    synchronized long timeoutMs() {
        return timeoutMs;
    }

    /** Takes the rewinds requested since the last call. */
    synchronized Map<TopicPartition, Long> takeOffsets() {
        if (offsets.isEmpty()) {
            return Map.of();
        }
        Map<TopicPartition, Long> out = new LinkedHashMap<>(offsets);
        offsets.clear();
        return out;
    }

    /** Takes the pauses requested since the last call. */
    synchronized List<TopicPartition> takePauses() {
        List<TopicPartition> out = List.copyOf(pauses);
        pauses.clear();
        return out;
    }

    /** Takes the resumes requested since the last call. */
    synchronized List<TopicPartition> takeResumes() {
        List<TopicPartition> out = List.copyOf(resumes);
        resumes.clear();
        return out;
    }

    /** Whether the task asked for a partition to stay paused (so a retry's resume leaves it paused). */
    synchronized boolean pausedByTask(TopicPartition partition) {
        return pausedByTask.contains(partition);
    }

    /** Takes the commit request. */
    synchronized boolean takeCommitRequest() {
        boolean requested = commitRequested;
        commitRequested = false;
        return requested;
    }

    /** Forgets the task's pauses of partitions no longer assigned. */
    synchronized void forget(Set<TopicPartition> revoked) {
        pausedByTask.removeAll(revoked);
        offsets.keySet().removeAll(revoked);
    }
}
