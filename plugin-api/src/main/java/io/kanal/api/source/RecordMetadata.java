package io.kanal.api.source;

/**
 * Where Kafka stored a record a source task produced, as passed to {@link SourceTask#commitRecord}. The
 * counterpart of the producer's {@code RecordMetadata} in Kafka Connect (without the serialised key and value sizes,
 * which the bridge fills with -1). Immutable; any thread.
 *
 * @param topic the topic written to (after transforms)
 * @param partition the partition
 * @param offset the offset in the partition
 * @param timestamp the record's timestamp in milliseconds, or -1 when it has none
 */
public record RecordMetadata(String topic, int partition, long offset, long timestamp) {}
