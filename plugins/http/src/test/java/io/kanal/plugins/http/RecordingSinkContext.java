package io.kanal.plugins.http;

import io.kanal.api.sink.ErrantRecordReporter;
import io.kanal.api.sink.SinkRecord;
import io.kanal.api.sink.SinkTaskContext;
import io.kanal.api.sink.TopicPartition;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A sink task context for driving a task directly: it records errant records (or has no reporter at all, as a
 * Connect worker without KIP-610 would) and pause/resume requests.
 *
 * <p>Threading: the errant list is written by the task's sender thread and read by the test thread, so it is a
 * concurrent list; the rest is used by the test thread only.
 */
final class RecordingSinkContext implements SinkTaskContext {

    /**
     * One reported record.
     *
     * @param record the record
     * @param error why it was reported
     */
    record Errant(SinkRecord record, Throwable error) {}

    private final Map<String, String> configs;
    private final Set<TopicPartition> assignment;
    private final boolean withReporter;
    private final List<Errant> errant = new CopyOnWriteArrayList<>();
    private final Set<TopicPartition> paused = ConcurrentHashMap.newKeySet();

    RecordingSinkContext(Map<String, String> configs, Set<TopicPartition> assignment, boolean withReporter) {
        this.configs = Map.copyOf(configs);
        this.assignment = Set.copyOf(assignment);
        this.withReporter = withReporter;
    }

    List<Errant> errant() {
        return errant;
    }

    Set<TopicPartition> paused() {
        return paused;
    }

    @Override
    public Map<String, String> configs() {
        return configs;
    }

    @Override
    public void offset(Map<TopicPartition, Long> offsets) {}

    @Override
    public void offset(TopicPartition partition, long offset) {}

    @Override
    public void timeout(long timeoutMs) {}

    @Override
    public Set<TopicPartition> assignment() {
        return assignment;
    }

    @Override
    public void pause(TopicPartition... partitions) {
        paused.addAll(Arrays.asList(partitions));
    }

    @Override
    public void resume(TopicPartition... partitions) {
        Arrays.asList(partitions).forEach(paused::remove);
    }

    @Override
    public void requestCommit() {}

    @Override
    public ErrantRecordReporter errantRecordReporter() {
        if (!withReporter) {
            return null;
        }
        return (record, error) -> {
            errant.add(new Errant(record, error));
            return CompletableFuture.completedFuture(null);
        };
    }
}
