package io.kanal.testkit.worker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kanal.client.TopicPartition;
import io.kanal.client.consumer.Consumer;
import io.kanal.client.consumer.ConsumerRecord;
import io.kanal.client.serialization.StringDeserializer;
import io.kanal.testkit.KafkaCluster;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What the interoperability ITs share: Connect's file connectors' configs, input files, and reading topics back. */
final class Interop {

    /** Connect's file source; Apache's connect-file has it, and Kanal's file plugin under the same class name. */
    static final String FILE_SOURCE = "org.apache.kafka.connect.file.FileStreamSourceConnector";

    /** Connect's file sink, on both sides as {@link #FILE_SOURCE}. */
    static final String FILE_SINK = "org.apache.kafka.connect.file.FileStreamSinkConnector";

    private static final ObjectMapper JSON = new ObjectMapper();

    private Interop() {}

    static Map<String, String> fileSource(Path file, String topic) {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("connector.class", FILE_SOURCE);
        c.put("tasks.max", "1");
        c.put("file", file.toString());
        c.put("topic", topic);
        return c;
    }

    static Map<String, String> fileSink(String topic, Path file) {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("connector.class", FILE_SINK);
        c.put("tasks.max", "1");
        c.put("topics", topic);
        c.put("file", file.toString());
        return c;
    }

    /** Appends input lines {@code from} (inclusive) to {@code to} (exclusive), {@link Pipelines#line} each. */
    static void append(Path file, int from, int to) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(
                file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
            for (int i = from; i < to; i++) {
                w.write(Pipelines.line(i));
                w.write('\n');
            }
        }
    }

    /** The byte length of input lines 0 to {@code lines - 1}: the file source's position after them. */
    static long position(int lines) {
        return (long) lines * (Pipelines.LINE_LENGTH + 1);
    }

    /**
     * Every record value of a one-partition topic, from its start to its end offset (as the broker has it now).
     */
    static List<String> readTopic(KafkaCluster cluster, String topic) throws Exception {
        return readAll(cluster, topic).stream().map(ConsumerRecord::value).toList();
    }

    /**
     * The latest value per key in Connect's offset topic (all its partitions), as the JSON text Connect wrote; a key
     * whose latest record is a tombstone is absent.
     */
    static Map<String, JsonNode> sourceOffsets(KafkaCluster cluster, String offsetTopic, int partitions)
            throws Exception {
        Map<String, JsonNode> out = new HashMap<>();
        for (int p = 0; p < partitions; p++) {
            for (ConsumerRecord<String, String> r : readAll(cluster, new TopicPartition(offsetTopic, p))) {
                if (r.value() == null) {
                    out.remove(r.key());
                } else {
                    out.put(r.key(), JSON.readTree(r.value()));
                }
            }
        }
        return out;
    }

    /** Every record (key and value as text; a tombstone's value is null) of a one-partition topic, up to its end. */
    static List<ConsumerRecord<String, String>> readAll(KafkaCluster cluster, String topic) throws Exception {
        return readAll(cluster, new TopicPartition(topic, 0));
    }

    private static List<ConsumerRecord<String, String>> readAll(KafkaCluster cluster, TopicPartition tp)
            throws Exception {
        long end = Pipelines.endOffset(cluster, tp);
        List<ConsumerRecord<String, String>> out = new ArrayList<>();
        if (end == 0) {
            return out;
        }
        Map<String, Object> config = new HashMap<>(cluster.clientProperties());
        config.put("auto.offset.reset", "earliest");
        config.put("enable.auto.commit", "false");
        try (Consumer<String, String> consumer =
                Consumer.create(config, new StringDeserializer(), new StringDeserializer())) {
            consumer.assign(List.of(tp));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (consumer.position(tp) < end) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(
                            "read " + out.size() + " records of " + tp + " in 30 s; its end offset is " + end);
                }
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.offset() < end) {
                        out.add(r);
                    }
                }
            }
        }
        return out;
    }
}
