/**
 * The record formats of Kafka Connect's three internal topics, as pure codecs (key and value bytes to typed records
 * and back) and the pure rules that read them: {@link io.kanal.runtime.store.kafka.ConfigRecordCodec} and {@link
 * io.kanal.runtime.store.kafka.ConfigTopicReplay} for {@code config.storage.topic}, {@link
 * io.kanal.runtime.store.kafka.OffsetRecordCodec} for {@code offset.storage.topic}, {@link
 * io.kanal.runtime.store.kafka.StatusRecordCodec} and {@link io.kanal.runtime.store.kafka.StatusWriteRule} for {@code
 * status.storage.topic}. Bytes are Connect's, so Kanal and Apache workers can share the topics. No I/O here: the
 * stores that read and write the topics build on these.
 */
package io.kanal.runtime.store.kafka;
