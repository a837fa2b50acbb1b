package io.kanal.client.consumer;

import io.kanal.client.OffsetAndMetadata;
import io.kanal.client.TopicPartition;
import java.util.Map;

/** Told the outcome of {@link Consumer#commitAsync}. Runs on the application thread, inside a later consumer call. */
@FunctionalInterface
public interface OffsetCommitCallback {
    /**
     * The commit finished.
     *
     * @param offsets the offsets that were to be committed
     * @param error null on success, else why it failed
     */
    void onComplete(Map<TopicPartition, OffsetAndMetadata> offsets, Exception error);
}
