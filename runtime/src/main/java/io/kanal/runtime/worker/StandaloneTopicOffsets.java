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
 * the worker used before exactly-once was enabled, read at the first start on the topic to migrate.
 *
 * <p><b>Migration, once.</b> At the first {@link #start()} on a topic, every connector that has offsets in the file and
 * none in the topic gets the file's offsets copied to the topic (durably, before any task starts), and then {@link
 * StandaloneEosState} records, durably, that the file was migrated to this topic: switching an existing worker from
 * the file to the topic resumes each connector where the file left it, and no later start consults the file again, so
 * that offsets removed or changed in the topic ({@code PATCH}, {@code DELETE}, a connector deleted and created again)
 * stay as they are. A crash before the record is written makes the next start copy again, which is harmless: no task
 * has run on the topic yet. The file is never written by tasks in this mode; a REST reset ({@code DELETE
 * /connectors/{c}/offsets}) removes the connector's offsets from the file first, then from the topic, so that a worker
 * switched back to the file does not resume from them. Deleting the state file asks for the migration again.
 *
 * <p><b>Threading.</b> Thread-safe as the two stores are; {@link #start()} and {@link #close()} are called by the
 * worker's store thread.
 */
final class StandaloneTopicOffsets implements OffsetStore {

    private static final Logger LOG = LoggerFactory.getLogger(StandaloneTopicOffsets.class);

    private final OffsetStore topic;
    private final FileOffsetStore file;
    private final String topicName;
    private final StandaloneEosState state;

    /**
     * @param topic the offsets topic's store, not started; closed with this store
     * @param file the offsets file's store, not started
     * @param topicName the topic's name, for the log and the migration record
     * @param state where the migration is recorded
     */
    StandaloneTopicOffsets(OffsetStore topic, FileOffsetStore file, String topicName, StandaloneEosState state) {
        this.topic = Objects.requireNonNull(topic, "topic");
        this.file = Objects.requireNonNull(file, "file");
        this.topicName = Objects.requireNonNull(topicName, "topicName");
        this.state = Objects.requireNonNull(state, "state");
    }

    /**
     * Reads the topic to its end (creating it when missing) and the file; unless the file was migrated to this topic
     * before, copies to the topic the offsets of every connector the topic has none of and records the migration.
     *
     * @throws io.kanal.runtime.store.StoreException when either cannot be read, or a copy or the record cannot be
     *     written
     */
    @Override
    public void start() {
        state.load();
        topic.start();
        file.start();
        if (state.migrated(topicName)) {
            LOG.debug("The offsets file was migrated to topic '{}' before; not read again", topicName);
            return;
        }
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
        state.markMigrated(topicName);
        LOG.info(
                "Migrated the offsets of {} connectors from the file to topic '{}'; the file will not be read again"
                        + " while exactly-once source support is enabled",
                moved,
                topicName);
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

    /**
     * Resets the connector in the file, then in the topic: when the file's reset fails, the topic is untouched and the
     * reset can be asked for again; a worker switched back to the file never resumes from offsets reset here.
     */
    @Override
    public void reset(String connector) {
        file.reset(connector);
        topic.reset(connector);
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
