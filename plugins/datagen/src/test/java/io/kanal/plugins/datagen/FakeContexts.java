package io.kanal.plugins.datagen;

import io.kanal.api.source.OffsetReader;
import io.kanal.api.source.SourceTaskContext;
import io.kanal.api.source.TransactionContext;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** Minimal task contexts for driving tasks without a runtime. */
final class FakeContexts {

    private FakeContexts() {}

    /** A source context whose offset reader answers from a map of committed offsets. */
    static SourceTaskContext source(Map<String, String> configs, Map<Map<String, ?>, Map<String, Object>> committed) {
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
}
