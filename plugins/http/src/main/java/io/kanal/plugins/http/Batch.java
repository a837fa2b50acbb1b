package io.kanal.plugins.http;

import io.kanal.api.sink.SinkRecord;
import java.util.List;

/**
 * Records closed into one request, in put order.
 *
 * @param records every record of the batch, skipped tombstones and records reported as unencodable too, so that
 *     delivered offsets advance past them in order
 * @param body the request body; empty when no record of the batch is sent
 * @param sent how many records the body holds
 */
public record Batch(List<SinkRecord> records, byte[] body, int sent) {

    /**
     * Copies the list.
     *
     * @param records every record of the batch
     * @param body the request body
     * @param sent how many records the body holds
     */
    public Batch {
        records = List.copyOf(records);
    }

    /**
     * Where the batch is, for messages: {@code topic-partition@first..last} per partition would be long, so the first
     * and last records' coordinates.
     *
     * @return a description naming topics, partitions and offsets, never content
     */
    public String describe() {
        SinkRecord first = records.get(0);
        SinkRecord last = records.get(records.size() - 1);
        return records.size() + " records from " + first.topic() + "-" + first.kafkaPartition() + "@"
                + first.kafkaOffset() + " to " + last.topic() + "-" + last.kafkaPartition() + "@" + last.kafkaOffset();
    }
}
