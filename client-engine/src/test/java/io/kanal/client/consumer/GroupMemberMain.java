package io.kanal.client.consumer;

import io.kanal.client.OffsetAndMetadata;
import io.kanal.client.TopicPartition;
import io.kanal.client.serialization.StringDeserializer;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A group member run as its own process by {@link ConsumerIT}, so that a test can kill it with SIGKILL. It reports on
 * standard output, one event per line: {@code A <partitions>} on assignment, {@code R <partition> <offset>} per record
 * and {@code C <partition> <offset>} per committed offset. It commits after every poll and takes a few milliseconds
 * per poll to simulate processing, so that a test can catch it mid-stream.
 */
public final class GroupMemberMain {
    private GroupMemberMain() {}

    /**
     * Runs the member until killed.
     *
     * @param args bootstrap servers, topic, group
     */
    public static void main(String[] args) {
        PrintStream out = System.out;
        Map<String, Object> config = new HashMap<>();
        config.put("bootstrap.servers", args[0]);
        config.put("group.id", args[2]);
        config.put("auto.offset.reset", "earliest");
        config.put("enable.auto.commit", false);
        config.put("max.poll.records", 20);
        try (Consumer<String, String> consumer =
                Consumer.create(config, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(args[1]), new RebalanceListener() {
                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                    out.println("A " + consumer.assignment());
                    out.flush();
                }
            });
            while (true) {
                ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(100));
                Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
                for (ConsumerRecord<String, String> r : records) {
                    out.println("R " + r.partition() + " " + r.offset());
                    offsets.put(r.topicPartition(), OffsetAndMetadata.of(r.offset() + 1));
                }
                if (!offsets.isEmpty()) {
                    consumer.commitSync(offsets);
                    offsets.forEach((tp, o) -> out.println("C " + tp.partition() + " " + o.offset()));
                }
                out.flush();
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20)); // simulated processing time
            }
        }
    }
}
