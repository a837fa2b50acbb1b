package io.kanal.api.testing;

import io.kanal.api.sink.ErrantRecordReporter;
import io.kanal.api.sink.SinkTaskContext;
import io.kanal.api.sink.TopicPartition;
import io.kanal.api.source.OffsetReader;
import io.kanal.api.source.SourceTaskContext;
import io.kanal.api.source.TransactionContext;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/** Minimal task contexts for driving plugin tasks in unit tests, without a runtime. Shared through the test-jar. */
public final class FakeContexts {

    private FakeContexts() {}

    /** A source context whose offset reader answers from a map of committed offsets. */
    public static SourceTaskContext source(
            Map<String, String> configs, Map<Map<String, ?>, Map<String, Object>> committed) {
        OffsetReader reader = new OffsetReader() {
            @Override
            public <T> Map<String, Object> offset(Map<String, T> partition) {
                return committed.get(partition);
            }

            @Override
            public <T> Map<Map<String, T>, Map<String, Object>> offsets(Collection<Map<String, T>> partitions) {
                Map<Map<String, T>, Map<String, Object>> out = new HashMap<>();
                for (Map<String, T> partition : partitions) {
                    Map<String, Object> offset = committed.get(partition);
                    if (offset != null) {
                        out.put(partition, offset);
                    }
                }
                return out;
            }
        };
        return new SourceTaskContext() {
            @Override
            public Map<String, String> configs() {
                return configs;
            }

            @Override
            public OffsetReader offsetReader() {
                return reader;
            }

            @Override
            public Optional<TransactionContext> transactionContext() {
                return Optional.empty();
            }
        };
    }

    /** A sink context that accepts every request and does nothing with it. */
    public static SinkTaskContext sink(Map<String, String> configs) {
        return new SinkTaskContext() {
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
                return (record, error) -> CompletableFuture.completedFuture(null);
            }
        };
    }
}
