package io.kanal.client.producer;

import io.kanal.client.ConsumerGroupMetadata;
import io.kanal.client.OffsetAndMetadata;
import io.kanal.client.TopicPartition;
import io.kanal.client.consumer.Consumer;
import io.kanal.client.consumer.ConsumerRecord;
import io.kanal.client.consumer.ConsumerRecords;
import io.kanal.client.serialization.StringDeserializer;
import io.kanal.client.serialization.StringSerializer;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An exactly-once copier run as its own process by {@link TransactionalCopyIT}, so that the test can kill it with
 * SIGKILL at any point: it reads the input partitions from the group's committed offsets and, per poll, copies the
 * records to the same partitions of the output topic and commits them and the input offsets in one transaction. It
 * prints {@code READY} once initialised and {@code C <records>} after each commit, and runs until killed.
 */
public final class TransactionalCopyMain {
    private TransactionalCopyMain() {}

    /**
     * Copies until killed.
     *
     * @param args bootstrap servers, input topic, output topic, partitions, transactional id, group id
     */
    public static void main(String[] args) {
        PrintStream out = System.out;
        String input = args[1];
        String output = args[2];
        int partitions = Integer.parseInt(args[3]);
        String group = args[5];
        Map<String, Object> producerConfig = Map.of(
                "bootstrap.servers", args[0], "transactional.id", args[4], "linger.ms", 5, "client.id", "copier");
        Map<String, Object> consumerConfig = Map.of(
                "bootstrap.servers",
                args[0],
                "group.id",
                group,
                "enable.auto.commit",
                false,
                "auto.offset.reset",
                "earliest",
                "max.poll.records",
                500);
        try (Producer<String, String> producer =
                        Producer.create(producerConfig, new StringSerializer(), new StringSerializer());
                Consumer<String, String> consumer =
                        Consumer.create(consumerConfig, new StringDeserializer(), new StringDeserializer())) {
            // First fence the previous copier and end its transaction, then read the offsets it committed.
            producer.initTransactions();
            List<TopicPartition> assigned = new ArrayList<>();
            for (int p = 0; p < partitions; p++) {
                assigned.add(new TopicPartition(input, p));
            }
            consumer.assign(assigned);
            out.println("READY");
            out.flush();
            while (true) {
                ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(200));
                if (records.isEmpty()) {
                    continue;
                }
                producer.beginTransaction();
                Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
                for (ConsumerRecord<String, String> r : records) {
                    producer.send(new ProducerRecord<>(output, r.partition(), null, r.key(), r.value(), List.of()));
                    offsets.put(r.topicPartition(), OffsetAndMetadata.of(r.offset() + 1));
                }
                producer.sendOffsetsToTransaction(offsets, ConsumerGroupMetadata.of(group));
                producer.commitTransaction();
                out.println("C " + records.count());
                out.flush();
            }
        }
    }
}
