package io.kanal.testkit.plugins;

import io.kanal.api.data.SchemaAndValue;
import io.kanal.api.source.OffsetReader;
import io.kanal.api.source.SourceRecord;
import io.kanal.runtime.convert.JsonConverter;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A source connector's committed offsets, kept as the runtime's offset store keeps them: partition and offset are
 * written as schemaless JSON (Connect's format) and read back from it, so a task sees what it would see after a real
 * restart (an {@code Integer} it wrote comes back as a {@code Long}; a value JSON cannot hold fails here, as it would
 * in the store). Partitions are matched by their JSON, so {@code {"task": 0}} finds what {@code {"task": 0L}} stored.
 *
 * <p>Threading: thread-safe; the test's thread commits, the task's thread reads through {@link #reader()}.
 */
public final class CommittedOffsets {

    private final JsonConverter json = new JsonConverter();
    private final Map<String, Map<String, Object>> offsets = new ConcurrentHashMap<>();

    /** An empty store. */
    public CommittedOffsets() {
        json.configure(json.configSpec().parse(Map.of("schemas.enable", "false")), false);
    }

    /**
     * Commits a record's offset, as the runtime does once the record is acknowledged.
     *
     * @param record the record
     */
    public void commit(SourceRecord record) {
        commit(record.sourcePartition(), record.sourceOffset());
    }

    /**
     * Commits an offset.
     *
     * @param partition the source partition
     * @param offset the source offset
     */
    public void commit(Map<String, ?> partition, Map<String, ?> offset) {
        if (partition == null || offset == null) {
            return; // Connect stores nothing for a record without them
        }
        offsets.put(key(partition), readBack(offset));
    }

    /**
     * The stored offset of a partition.
     *
     * @param partition the source partition
     * @return the offset as the store gives it back, or {@code null}
     */
    public Map<String, Object> offset(Map<String, ?> partition) {
        return offsets.get(key(partition));
    }

    /**
     * Whether nothing is stored.
     *
     * @return {@code true} when no offset was committed
     */
    public boolean isEmpty() {
        return offsets.isEmpty();
    }

    /**
     * An offset reader over this store, for task and connector contexts.
     *
     * @return the reader
     */
    public OffsetReader reader() {
        return new OffsetReader() {
            @Override
            public <T> Map<String, Object> offset(Map<String, T> partition) {
                return CommittedOffsets.this.offset(partition);
            }

            @Override
            public <T> Map<Map<String, T>, Map<String, Object>> offsets(Collection<Map<String, T>> partitions) {
                Map<Map<String, T>, Map<String, Object>> out = new HashMap<>();
                for (Map<String, T> partition : partitions) {
                    Map<String, Object> offset = CommittedOffsets.this.offset(partition);
                    if (offset != null) {
                        out.put(partition, offset);
                    }
                }
                return out;
            }
        };
    }

    /** The partition's JSON with its keys sorted, so that two maps with the same entries find the same offset. */
    private String key(Map<String, ?> partition) {
        Map<String, Object> sorted = new TreeMap<>(readBack(partition));
        return new String(json.fromConnectData("", null, null, sorted), StandardCharsets.UTF_8);
    }

    private Map<String, Object> readBack(Map<String, ?> offset) {
        SchemaAndValue back = json.toConnectData("", null, json.fromConnectData("", null, null, offset));
        @SuppressWarnings("unchecked") // schemaless JSON objects come back as maps with string keys
        Map<String, Object> map = (Map<String, Object>) back.value();
        return map;
    }
}
