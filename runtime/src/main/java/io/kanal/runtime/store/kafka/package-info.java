/**
 * Kafka Connect's three internal topics, for distributed mode. Pure parts: the record formats as codecs (key and
 * value bytes to typed records and back) and the rules that read them: {@link
 * io.kanal.runtime.store.kafka.ConfigRecordCodec} and {@link io.kanal.runtime.store.kafka.ConfigTopicReplay} for
 * {@code config.storage.topic}, {@link io.kanal.runtime.store.kafka.OffsetRecordCodec} for {@code
 * offset.storage.topic}, {@link io.kanal.runtime.store.kafka.StatusRecordCodec} and {@link
 * io.kanal.runtime.store.kafka.StatusWriteRule} for {@code status.storage.topic}. The stores built on them do the I/O
 * through the engine's clients: {@link io.kanal.runtime.store.kafka.InternalTopicLog} (one topic, read whole then
 * tailed), {@link io.kanal.runtime.store.kafka.KafkaConfigStore}, {@link
 * io.kanal.runtime.store.kafka.KafkaOffsetStore} and {@link io.kanal.runtime.store.kafka.KafkaStatusStore}, set up from
 * {@link io.kanal.runtime.store.kafka.KafkaStoreSettings}. Bytes are Connect's, so Kanal and Apache workers can share
 * the topics.
 */
package io.kanal.runtime.store.kafka;
