package io.kanal.testkit.plugins;

import io.kanal.api.sink.ErrantRecordReporter;
import io.kanal.api.sink.SinkRecord;
import io.kanal.api.sink.SinkTaskContext;
import io.kanal.api.sink.TopicPartition;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A sink task's context that records what the task asks for: offset rewinds (which the kit honours by redelivering
 * from there, as the runtime's consumer would), pauses, and records sent to the errant record reporter.
 *
 * <p>Threading: thread-safe; the task calls it on its thread, the test reads it on its own.
 */
final class RecordingSinkTaskContext implements SinkTaskContext {

    private final Map<String, String> configs;
    private final Set<TopicPartition> assignment = ConcurrentHashMap.newKeySet();
    private final Set<TopicPartition> paused = ConcurrentHashMap.newKeySet();
    private final Map<TopicPartition, Long> rewinds = new ConcurrentHashMap<>();
    private final List<SinkRecord> reported = new CopyOnWriteArrayList<>();

    RecordingSinkTaskContext(Map<String, String> configs) {
        this.configs = Map.copyOf(configs);
    }

    @Override
    public Map<String, String> configs() {
        return configs;
    }

    @Override
    public void offset(Map<TopicPartition, Long> offsets) {
        rewinds.putAll(offsets);
    }

    @Override
    public void offset(TopicPartition partition, long offset) {
        rewinds.put(partition, offset);
    }

    @Override
    public void timeout(long timeoutMs) {
        // The kit retries a put that threw RetriableException at once; its overall bound still applies.
    }

    @Override
    public Set<TopicPartition> assignment() {
        return Set.copyOf(assignment);
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
    public void requestCommit() {
        // The kit commits at the points each test chooses.
    }

    @Override
    public ErrantRecordReporter errantRecordReporter() {
        return (record, error) -> {
            reported.add(record);
            return CompletableFuture.completedFuture(null);
        };
    }

    void assign(TopicPartition partition) {
        assignment.add(partition);
    }

    void unassign(TopicPartition partition) {
        assignment.remove(partition);
    }

    /** The offset the task asked to consume {@code partition} from, if it did, consumed by this call. */
    Optional<Long> takeRewind(TopicPartition partition) {
        return Optional.ofNullable(rewinds.remove(partition));
    }

    List<SinkRecord> reported() {
        return List.copyOf(reported);
    }
}
