package io.kanal.testkit.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kanal.client.IsolationLevel;
import io.kanal.client.OffsetAndMetadata;
import io.kanal.client.TopicPartition;
import io.kanal.client.admin.AdminClient;
import io.kanal.client.admin.ListedOffset;
import io.kanal.client.admin.NewTopic;
import io.kanal.client.admin.OffsetSpec;
import io.kanal.testkit.KafkaCluster;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** What the worker ITs share: the plugin directories, topics, input files, and reading the pipeline's state. */
final class Pipelines {

    /** Every input line has this many bytes before its newline, so a byte position maps to a line count. */
    static final int LINE_LENGTH = 47;

    private Pipelines() {}

    /**
     * A plugin's {@code plugin.path} entry, {@code plugins/<name>/target/plugin}, which failsafe passes (see pom.xml).
     */
    static Path plugin(String name) {
        String dir = System.getProperty("kanal.test.plugin." + name);
        assertThat(dir)
                .as("system property kanal.test.plugin.%s (set by failsafe in testkit/worker/pom.xml)", name)
                .isNotNull();
        Path path = Path.of(dir).normalize();
        assertThat(path.resolve("kanal-" + name))
                .as("the %s plugin directory; build plugins/%s (mvn package) first", name, name)
                .isDirectory();
        return path;
    }

    static void createTopic(KafkaCluster cluster, String topic, int partitions) throws Exception {
        try (AdminClient admin = admin(cluster)) {
            admin.createTopics(List.of(NewTopic.of(topic, partitions, 1)), false)
                    .get()
                    .orThrow();
        }
    }

    /** Line {@code i} of an input: distinct, deterministic, {@link #LINE_LENGTH} bytes. */
    static String line(int i) {
        String head = String.format("line-%07d-", i);
        StringBuilder b = new StringBuilder(head);
        // Deterministic filler that differs from line to line, so no two lines share a suffix pattern.
        long x = i * 0x9E3779B97F4A7C15L;
        while (b.length() < LINE_LENGTH) {
            x ^= x >>> 29;
            x *= 0xBF58476D1CE4E5B9L;
            b.append((char) ('a' + (int) Long.remainderUnsigned(x, 26)));
        }
        return b.toString();
    }

    static List<String> writeInput(Path file, int lines) throws IOException {
        List<String> out = new ArrayList<>(lines);
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (int i = 0; i < lines; i++) {
                String l = line(i);
                out.add(l);
                w.write(l);
                w.write('\n');
            }
        }
        return out;
    }

    /**
     * Appends {@code lines} input lines to a file in chunks of 2,000 every 20 ms (at most 100,000 lines a second), so
     * that a pipeline reading it is still moving a couple of seconds after the start whatever the machine's speed: a
     * test can then stop or kill the worker while lines flow. The pace is a load generator's, not a wait.
     */
    static final class PacedWriter implements AutoCloseable {
        private static final int CHUNK = 2_000;

        private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        private final CompletableFuture<Void> done = new CompletableFuture<>();
        private final BufferedWriter out;
        private final int lines;
        private int written;

        PacedWriter(Path file, int lines) throws IOException {
            this.out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
            this.lines = lines;
            timer.scheduleAtFixedRate(this::chunk, 0, 20, TimeUnit.MILLISECONDS);
        }

        private void chunk() {
            try {
                int end = Math.min(lines, written + CHUNK);
                for (; written < end; written++) {
                    out.write(line(written));
                    out.write('\n');
                }
                out.flush();
                if (written == lines) {
                    out.close();
                    done.complete(null);
                    timer.shutdown();
                }
            } catch (IOException | RuntimeException e) {
                done.completeExceptionally(e);
                timer.shutdown();
            }
        }

        /** Waits until every line is written. */
        void awaitDone() throws Exception {
            done.get(60, TimeUnit.SECONDS);
        }

        @Override
        public void close() {
            timer.shutdownNow();
        }
    }

    /** The lines {@link #writeInput} or {@link PacedWriter} write. */
    static List<String> input(int lines) {
        List<String> out = new ArrayList<>(lines);
        for (int i = 0; i < lines; i++) {
            out.add(line(i));
        }
        return out;
    }

    static List<String> lines(Path file) throws IOException {
        return Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
    }

    /** Lines in a file, counted by newlines (cheap enough to poll). */
    static long lineCount(Path file) throws IOException {
        if (!Files.exists(file)) {
            return 0;
        }
        byte[] bytes = Files.readAllBytes(file);
        long n = 0;
        for (byte b : bytes) {
            if (b == '\n') {
                n++;
            }
        }
        return n;
    }

    /** How many times each line occurs. */
    static Map<String, Integer> multiset(List<String> lines) {
        Map<String, Integer> out = new HashMap<>();
        for (String l : lines) {
            out.merge(l, 1, Integer::sum);
        }
        return out;
    }

    /** The sum of a topic's end offsets: every record ever written to it. */
    static long endOffsets(KafkaCluster cluster, String topic, int partitions) throws Exception {
        Map<TopicPartition, OffsetSpec> specs = new HashMap<>();
        for (int p = 0; p < partitions; p++) {
            specs.put(new TopicPartition(topic, p), OffsetSpec.latest());
        }
        try (AdminClient admin = admin(cluster)) {
            Map<TopicPartition, ListedOffset> ends = admin.listOffsets(specs, IsolationLevel.READ_UNCOMMITTED)
                    .get(10, TimeUnit.SECONDS)
                    .orThrow();
            return ends.values().stream().mapToLong(ListedOffset::offset).sum();
        }
    }

    /** One partition's end offset. */
    static long endOffset(KafkaCluster cluster, TopicPartition partition) throws Exception {
        try (AdminClient admin = admin(cluster)) {
            return admin.listOffsets(Map.of(partition, OffsetSpec.latest()), IsolationLevel.READ_UNCOMMITTED)
                    .get(10, TimeUnit.SECONDS)
                    .orThrow()
                    .get(partition)
                    .offset();
        }
    }

    /** The sum of a consumer group's committed offsets in one topic. */
    static long committedOffsets(KafkaCluster cluster, String group, String topic) throws Exception {
        try (AdminClient admin = admin(cluster)) {
            Map<TopicPartition, OffsetAndMetadata> committed =
                    admin.listConsumerGroupOffsets(group, Optional.empty()).get(10, TimeUnit.SECONDS);
            return committed.entrySet().stream()
                    .filter(e -> e.getKey().topic().equals(topic))
                    .mapToLong(e -> e.getValue().offset())
                    .sum();
        }
    }

    /** The committed {@code position} of every source partition in a standalone offsets file (Kanal's JSON). */
    static Map<String, Long> sourcePositions(Path offsetsFile) throws IOException {
        Map<String, Long> out = new TreeMap<>();
        if (!Files.exists(offsetsFile)) {
            return out;
        }
        JsonNode root = new ObjectMapper().readTree(offsetsFile.toFile());
        for (JsonNode entry : root.path("offsets")) {
            out.put(
                    entry.path("key").toString(),
                    entry.path("value").path("position").asLong());
        }
        return out;
    }

    private static AdminClient admin(KafkaCluster cluster) {
        return AdminClient.create(cluster.clientProperties());
    }
}
