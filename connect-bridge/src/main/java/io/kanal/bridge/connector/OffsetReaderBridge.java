package io.kanal.bridge.connector;

import io.kanal.api.source.OffsetReader;
import java.util.Collection;
import java.util.Map;
import org.apache.kafka.connect.storage.OffsetStorageReader;

/**
 * Kanal's offset reader seen as Connect's {@code OffsetStorageReader}. Source partitions and offsets are the same plain
 * maps in both APIs (and stored in Connect's format by the runtime), so they pass through unchanged.
 *
 * <p>Immutable; thread-safe as Kanal's reader is.
 */
final class OffsetReaderBridge implements OffsetStorageReader {

    private final OffsetReader kanal;

    OffsetReaderBridge(OffsetReader kanal) {
        this.kanal = kanal;
    }

    @Override
    public <T> Map<String, Object> offset(Map<String, T> partition) {
        return kanal.offset(partition);
    }

    @Override
    public <T> Map<Map<String, T>, Map<String, Object>> offsets(Collection<Map<String, T>> partitions) {
        return kanal.offsets(partitions);
    }
}
