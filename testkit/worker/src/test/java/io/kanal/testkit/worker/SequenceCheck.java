package io.kanal.testkit.worker;

import io.kanal.client.TopicPartition;
import io.kanal.client.admin.AdminClient;
import io.kanal.client.admin.NewTopic;
import io.kanal.client.consumer.Consumer;
import io.kanal.client.consumer.ConsumerRecord;
import io.kanal.client.serialization.ByteArrayDeserializer;
import io.kanal.client.serialization.StringDeserializer;
import io.kanal.testkit.KafkaCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.LongPredicate;

/**
 * What a datagen topic holds, per task: the sequence numbers seen, the ones missing below the highest (gaps) and the
 * ones seen more than once (duplicates). Datagen's key is {@code "<task>-<seq>"}, so the topic alone tells both,
 * whatever partition a record went to.
 *
 * <p>The topic is read up to the end offsets it has when the read starts: read it only once nothing writes to it any
 * more (the connector paused or every worker stopped), or a record of a later sequence number may be in and an earlier
 * one, on another partition, not yet.
 *
 * @param seen per task, every distinct sequence number in the topic
 * @param duplicates per task, every sequence number met again, once per extra copy
 * @param records how many records were read
 */
record SequenceCheck(Map<Integer, TreeSet<Long>> seen, Map<Integer, List<Long>> duplicates, long records) {

    /** How many sequence numbers a failure message quotes at most. */
    private static final int QUOTED = 20;

    /** How long reading a topic to its end may take. */
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(60);

    /**
     * Creates a datagen topic on every node of the cluster: replication factor 3 (min ISR 2), so that one broker down
     * loses nothing.
     *
     * @param kafka the cluster, 3 nodes or more
     * @param topic the topic
     * @param partitions its partitions
     * @throws Exception when the admin call fails
     */
    static void createTopic(KafkaCluster kafka, String topic, int partitions) throws Exception {
        try (AdminClient admin = AdminClient.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            admin.createTopics(
                            List.of(NewTopic.of(topic, partitions, 3).withConfigs(Map.of("min.insync.replicas", "2"))),
                            false)
                    .get()
                    .orThrow();
        }
    }

    /**
     * Reads every partition of a datagen topic from its start to its end offset.
     *
     * @param kafka the cluster
     * @param topic the topic
     * @param partitions how many partitions it has
     * @return the tally
     */
    static SequenceCheck read(KafkaCluster kafka, String topic, int partitions) {
        return read(kafka, topic, partitions, "read_uncommitted");
    }

    /**
     * Reads every partition of a datagen topic from its start to its end offset, as a reader of this isolation level
     * sees it ({@code read_committed}: only records of committed transactions, and records written without one).
     *
     * @param kafka the cluster
     * @param topic the topic
     * @param partitions how many partitions it has
     * @param isolation {@code read_committed} or {@code read_uncommitted}
     * @return the tally
     */
    static SequenceCheck read(KafkaCluster kafka, String topic, int partitions, String isolation) {
        Map<String, Object> config = new HashMap<>(kafka.clientProperties());
        config.put("isolation.level", isolation);
        config.put("auto.offset.reset", "earliest");
        config.put("enable.auto.commit", "false");
        Map<Integer, TreeSet<Long>> seen = new TreeMap<>();
        Map<Integer, List<Long>> duplicates = new TreeMap<>();
        long records = 0;
        try (Consumer<String, byte[]> consumer =
                Consumer.create(config, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> all = new ArrayList<>();
            for (int p = 0; p < partitions; p++) {
                all.add(new TopicPartition(topic, p));
            }
            Map<TopicPartition, Long> ends = consumer.endOffsets(all, Duration.ofSeconds(30));
            consumer.assign(all);
            long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
            while (!all.stream().allMatch(tp -> consumer.position(tp) >= ends.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(
                            "read " + records + " records of " + topic + " in " + READ_TIMEOUT + "; its ends: " + ends);
                }
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.offset() >= ends.get(r.topicPartition())) {
                        continue;
                    }
                    records++;
                    int dash = r.key().indexOf('-');
                    int task = Integer.parseInt(r.key().substring(0, dash));
                    long seq = Long.parseLong(r.key().substring(dash + 1));
                    if (!seen.computeIfAbsent(task, t -> new TreeSet<>()).add(seq)) {
                        duplicates.computeIfAbsent(task, t -> new ArrayList<>()).add(seq);
                    }
                }
            }
        }
        return new SequenceCheck(seen, duplicates, records);
    }

    /**
     * The highest sequence number of a task in the topic.
     *
     * @param task the task
     * @return the highest, or -1 when the task wrote nothing
     */
    long highest(int task) {
        TreeSet<Long> s = seen.get(task);
        return s == null || s.isEmpty() ? -1 : s.last();
    }

    /**
     * The sequence numbers of a task missing between 0 and its highest.
     *
     * @param task the task
     * @return the first {@value #QUOTED} missing numbers, in order
     */
    List<Long> gaps(int task) {
        return gaps(task, n -> false);
    }

    /**
     * The sequence numbers of a task missing between 0 and its highest, leaving out those that are meant to be absent
     * (the records of transactions the connector aborted).
     *
     * @param task the task
     * @param absent the numbers that are not expected
     * @return the first {@value #QUOTED} missing numbers, in order
     */
    List<Long> gaps(int task, LongPredicate absent) {
        TreeSet<Long> s = seen.getOrDefault(task, new TreeSet<>());
        List<Long> missing = new ArrayList<>();
        for (long n = 0; n <= highest(task) && missing.size() < QUOTED; n++) {
            if (!absent.test(n) && !s.contains(n)) {
                missing.add(n);
            }
        }
        return missing;
    }

    /**
     * The sequence numbers of a task in the topic that match a predicate.
     *
     * @param task the task
     * @param which the numbers looked for
     * @return the first {@value #QUOTED} of them, in order
     */
    List<Long> seenAmong(int task, LongPredicate which) {
        return seen.getOrDefault(task, new TreeSet<>()).stream()
                .filter(which::test)
                .limit(QUOTED)
                .toList();
    }

    /**
     * How many sequence numbers of a task are missing between 0 and its highest.
     *
     * @param task the task
     * @return the count
     */
    long gapCount(int task) {
        return highest(task) + 1 - seen.getOrDefault(task, new TreeSet<>()).size();
    }

    /**
     * How many records are extra copies, over every task.
     *
     * @return the count
     */
    int duplicateCount() {
        return duplicates.values().stream().mapToInt(List::size).sum();
    }

    /**
     * One line per task: highest sequence number, gaps and duplicates (their first numbers), for the test's output.
     *
     * @return the summary
     */
    String summary() {
        StringBuilder out = new StringBuilder();
        out.append(records).append(" records");
        for (int task : seen.keySet()) {
            List<Long> dups = duplicates.getOrDefault(task, List.of());
            out.append("\n  task ")
                    .append(task)
                    .append(": 0..")
                    .append(highest(task))
                    .append(", ")
                    .append(gapCount(task))
                    .append(" missing ")
                    .append(gaps(task))
                    .append(", ")
                    .append(dups.size())
                    .append(" duplicated ")
                    .append(dups.subList(0, Math.min(QUOTED, dups.size())));
        }
        return out.toString();
    }
}
