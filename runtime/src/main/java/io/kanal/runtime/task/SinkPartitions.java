package io.kanal.runtime.task;

import io.kanal.client.TopicPartition;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** Conversions between the client engine's partitions and the plugin API's, which sink tasks see. */
final class SinkPartitions {
    private SinkPartitions() {}

    /**
     * The plugin API's partitions.
     *
     * @param partitions the client's partitions
     * @return the plugin API's, in the same order
     */
    static List<io.kanal.api.sink.TopicPartition> api(Collection<TopicPartition> partitions) {
        List<io.kanal.api.sink.TopicPartition> out = new ArrayList<>(partitions.size());
        for (TopicPartition p : partitions) {
            out.add(new io.kanal.api.sink.TopicPartition(p.topic(), p.partition()));
        }
        return out;
    }

    /**
     * The client's partition.
     *
     * @param p the plugin API's partition
     * @return the client's
     */
    static TopicPartition client(io.kanal.api.sink.TopicPartition p) {
        return new TopicPartition(p.topic(), p.partition());
    }

    /**
     * The client's partitions.
     *
     * @param partitions the plugin API's partitions
     * @return the client's, in the same order
     */
    static List<TopicPartition> client(List<io.kanal.api.sink.TopicPartition> partitions) {
        List<TopicPartition> out = new ArrayList<>(partitions.size());
        for (io.kanal.api.sink.TopicPartition p : partitions) {
            out.add(client(p));
        }
        return out;
    }
}
