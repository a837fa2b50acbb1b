package io.kanal.plugins.jdbc.sink;

import io.kanal.api.sink.ErrantRecordReporter;
import io.kanal.api.sink.SinkRecord;
import io.kanal.api.sink.SinkTaskContext;
import io.kanal.api.sink.TopicPartition;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A sink context for driving the task directly: it records the errant records reported and the back-offs asked
 * for. With {@code withReporter=false} it has no reporter, as a Connect runtime before KIP-610.
 */
final class RecordingSinkContext implements SinkTaskContext {

    /** A reported record and its error. */
    record Report(SinkRecord record, Throwable error) {}

    final List<Report> reports = new CopyOnWriteArrayList<>();
    final List<Long> timeouts = new CopyOnWriteArrayList<>();
    private final boolean withReporter;

    RecordingSinkContext(boolean withReporter) {
        this.withReporter = withReporter;
    }

    @Override
    public Map<String, String> configs() {
        return Map.of();
    }

    @Override
    public void offset(Map<TopicPartition, Long> offsets) {}

    @Override
    public void offset(TopicPartition partition, long offset) {}

    @Override
    public void timeout(long timeoutMs) {
        timeouts.add(timeoutMs);
    }

    @Override
    public Set<TopicPartition> assignment() {
        return Set.of();
    }

    @Override
    public void pause(TopicPartition... partitions) {}

    @Override
    public void resume(TopicPartition... partitions) {}

    @Override
    public void requestCommit() {}

    @Override
    public ErrantRecordReporter errantRecordReporter() {
        if (!withReporter) {
            return null;
        }
        return (record, error) -> {
            reports.add(new Report(record, error));
            return CompletableFuture.completedFuture(null);
        };
    }
}
