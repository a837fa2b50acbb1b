package io.kanal.api.source;

import java.util.Collection;
import java.util.Map;

/**
 * Reads the source offsets committed for a connector, so that a task can resume where the last one stopped; Kafka
 * Connect's {@code OffsetStorageReader}. Partitions and offsets are maps whose values are strings, numbers,
 * booleans, lists or maps of those (they are stored as JSON). Thread-safe; it may block while reading the store.
 */
public interface OffsetReader {

    /**
     * The last committed offset of one source partition.
     *
     * @param partition the source partition, as given to {@link SourceRecord}
     * @param <T> the partition map's value type
     * @return the offset, or {@code null} when none was committed
     */
    <T> Map<String, Object> offset(Map<String, T> partition);

    /**
     * The last committed offsets of several source partitions in one read.
     *
     * @param partitions the source partitions
     * @param <T> the partition maps' value type
     * @return each partition that has an offset, with it
     */
    <T> Map<Map<String, T>, Map<String, Object>> offsets(Collection<Map<String, T>> partitions);
}
