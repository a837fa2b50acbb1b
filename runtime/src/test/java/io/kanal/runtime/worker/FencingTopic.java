package io.kanal.runtime.worker;

import io.kanal.runtime.herder.ConnectorTaskId;
import io.kanal.runtime.store.kafka.ConfigRecord;
import io.kanal.runtime.store.kafka.ConfigRecordCodec;
import io.kanal.runtime.store.kafka.ConfigSnapshot;
import io.kanal.runtime.store.kafka.ConfigTopicReplay;
import java.util.Map;

/** A config topic for fencing tests, written record by record through the real replay. Test thread only. */
final class FencingTopic {

    private final ConfigTopicReplay replay = new ConfigTopicReplay(new ConfigRecordCodec());
    private long offset;

    FencingTopic connector(String name) {
        replay.apply(offset++, new ConfigRecord.ConnectorConfig(name, Map.of("connector.class", "Datagen")));
        return this;
    }

    /** A new generation of task configs: task-<c>-0..n-1 and the commit. */
    FencingTopic tasks(String connector, int count) {
        for (int i = 0; i < count; i++) {
            replay.apply(offset++, new ConfigRecord.TaskConfig(new ConnectorTaskId(connector, i), Map.of("n", "" + i)));
        }
        replay.apply(offset++, new ConfigRecord.TaskCommit(connector, count));
        return this;
    }

    FencingTopic taskCountRecord(String connector, int count) {
        replay.apply(offset++, new ConfigRecord.TaskCount(connector, count));
        return this;
    }

    /**
     * A connector whose last task count record is of an older generation than its newest: the connector, a generation
     * of {@code recorded} tasks and its task count record, then a generation of {@code committed} tasks. A fencing
     * round of it fences the {@code recorded} generation's ids.
     */
    FencingTopic recordedThenCommitted(String connector, int recorded, int committed) {
        return connector(connector)
                .tasks(connector, recorded)
                .taskCountRecord(connector, recorded)
                .tasks(connector, committed);
    }

    ConfigSnapshot snapshot() {
        return replay.snapshot();
    }
}
