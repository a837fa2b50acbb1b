/**
 * Kanal's Kafka producer ({@link io.kanal.client.producer.Producer}).
 *
 * <p>Path of a record: {@code send} on the caller's thread looks the topic up in the metadata snapshot (waiting up to
 * {@code max.block.ms} for an unknown topic), serializes key and value, picks the partition (murmur2 of the key as
 * every Kafka client does, else the topic's {@code StickyPartitioner}, KIP-480/794) and appends the record to the
 * last batch of that partition's {@code PartitionBuffer} under the buffer's monitor. A new batch takes a
 * {@code batch.size} buffer from the {@code BufferPool}, which bounds all queued bytes by {@code buffer.memory} and
 * makes {@code send} wait when they are used up. The {@code Sender} thread drains ready batches (full, lingered, or
 * flushed), closes them (compression, header, CRC, producer id, epoch and sequence are written there, never on the
 * I/O thread), puts one batch per partition into one Produce request per leader and hands it to the
 * {@code NetworkClient} PRODUCE lane. The I/O thread only queues the response back to the sender, which decides per
 * batch in {@code BatchOutcomes}: success, retry (at the front of the partition, after back-off, within
 * {@code delivery.timeout.ms}) or failure.
 *
 * <p>Threading decision: futures and callbacks complete on the sender thread, as Kafka's do, in send order per
 * partition. That keeps the I/O thread free of user code and costs no hand-off per record; a slow callback delays
 * the producer, so callbacks must be short.
 *
 * <p>Idempotence: per-partition sequences are assigned when a batch is first drained, up to 5 requests are in flight
 * per connection, a retried batch goes only when its partition has nothing else in flight, and a sequence gap
 * (a batch that failed or expired after being sent, OUT_OF_ORDER_SEQUENCE_NUMBER for the next expected batch,
 * UNKNOWN_PRODUCER_ID past the log start) bumps the epoch on the client (KIP-360), after which every partition restarts
 * at sequence 0 once its older requests are back.
 *
 * <p>Lock order: a {@code PartitionBuffer} monitor, then the {@code BufferPool} lock is never taken inside it (memory
 * is allocated before the monitor is entered); {@code TopicState} creation takes only its own monitor.
 */
package io.kanal.client.producer;
