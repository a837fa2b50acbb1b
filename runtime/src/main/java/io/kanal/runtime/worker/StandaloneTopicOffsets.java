package io.kanal.runtime.worker;

import io.kanal.runtime.store.OffsetStore;
import io.kanal.runtime.store.file.FileOffsetStore;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The source offsets of a standalone worker with exactly-once support ({@link StandaloneExactlyOnce}): a Kafka offsets
 * topic, which the tasks' transactions write to and which every read and REST change goes to, plus the offsets file
 * the worker used before exactly-once was enabled, read once at start to migrate.
 *
 * <p><b>Migration.</b> At {@link #start()}, every connector that has offsets in the file and none in the topic gets
 * the file's offsets copied to the topic (durably, before any task starts): switching an existing worker from the
 * file to the topic resumes each connector where the file left it. A connector the topic knows keeps the topic's
 * offsets; the file is not consulted for it. The file is never written by tasks in this mode; a REST reset ({@code
 * DELETE /connectors/{c}/offsets}) removes the connector's offsets from the file too, so that the next start cannot
 * bring them back.
 *
 * <p><b>Threading.</b> Thread-safe as the two stores are; {@link #start()} and {@link #close()} are called by the
 * worker's store thread.
 */
final class StandaloneTopicOffsets implements OffsetStore {

    private static final Logger LOG = LoggerFactory.getLogger(StandaloneTopicOffsets.class);

    private final OffsetStore topic;
    private final FileOffsetStore file;
    private final String topicName;

    /**
     * @param topic the offsets topic's store, not started; closed with this store
     * @param file the offsets file's store, not started
     * @param topicName the topic's name, for the log
     */
    StandaloneTopicOffsets(OffsetStore topic, FileOffsetStore file, String topicName) {
        this.topic = Objects.requireNonNull(topic, "topic");
        this.file = Objects.requireNonNull(file, "file");
        this.topicName = Objects.requireNonNull(topicName, "topicName");
    }

    /**
     * Reads the topic to its end (creating it when missing), reads the file, and copies to the topic the offsets of
     * every connector the topic has none of.
     *
     * @throws io.kanal.runtime.store.StoreException when either cannot be read, or a copy cannot be written
     */
    @Override
    public void start() {
        topic.start();
        file.start();
        int moved = 0;
        for (String connector : file.connectors()) {
            if (!topic.offsets(connector).isEmpty()) {
                continue;
            }
            Map<Map<String, Object>, Map<String, Object>> offsets = file.offsets(connector);
            topic.write(connector, offsets);
            moved++;
            LOG.info(
                    "Copied {} source offsets of connector {} from the offsets file to topic '{}' (exactly-once"
                            + " source support is enabled)",
                    offsets.size(),
                    connector,
                    topicName);
        }
        if (moved > 0) {
            LOG.info("Migrated the offsets of {} connectors from the file to topic '{}'", moved, topicName);
        }
    }

    @Override
    public Optional<Map<String, Object>> offset(String connector, Map<String, ?> partition) {
        return topic.offset(connector, partition);
    }

    @Override
    public Map<Map<String, Object>, Map<String, Object>> offsets(String connector) {
        return topic.offsets(connector);
    }

    @Override
    public void write(String connector, Map<? extends Map<String, ?>, ? extends Map<String, ?>> offsets) {
        topic.write(connector, offsets);
    }

    @Override
    public CompletableFuture<Void> writeAsync(
            String connector, Map<? extends Map<String, ?>, ? extends Map<String, ?>> offsets) {
        return topic.writeAsync(connector, offsets);
    }

    /** Resets the connector in the topic, then in the file, so that no later start migrates the file's again. */
    @Override
    public void reset(String connector) {
        topic.reset(connector);
        file.reset(connector);
    }

    @Override
    public void readToEnd(Duration timeout) {
        topic.readToEnd(timeout);
    }

    @Override
    public void close() {
        try {
            topic.close();
        } finally {
            file.close();
        }
    }
}
