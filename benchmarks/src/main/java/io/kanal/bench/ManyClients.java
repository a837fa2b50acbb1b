package io.kanal.bench;

import com.sun.management.OperatingSystemMXBean;
import io.kanal.client.TopicPartition;
import io.kanal.client.admin.AdminClient;
import io.kanal.client.admin.NewTopic;
import io.kanal.client.consumer.Consumer;
import io.kanal.client.consumer.ConsumerRecords;
import io.kanal.client.producer.Producer;
import io.kanal.client.producer.ProducerRecord;
import io.kanal.client.resource.ClientResources;
import io.kanal.client.serialization.ByteArrayDeserializer;
import io.kanal.client.serialization.ByteArraySerializer;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Many clients in one JVM, each on its own partition at a few records per second: the footprint of a worker with
 * hundreds of tasks. Prints live threads (by name group), resident memory and CPU over an idle-ish window, with the
 * clients on private resources (each its own threads) or on one shared {@link ClientResources}.
 *
 * <p>Two harness threads drive every client: one sends a record per producer every {@code --interval-ms}, one polls
 * every consumer with a zero timeout every 100 ms; they are counted among the live threads and named {@code bench-}.
 *
 * <p>Usage: {@code java -cp ... io.kanal.bench.ManyClients --bootstrap-server host:port --mode shared|private
 * [--producers 200] [--consumers 200] [--interval-ms 500] [--warmup-s 20] [--measure-s 30]}
 */
public final class ManyClients {
    private ManyClients() {}

    /**
     * Runs the measurement.
     *
     * @param args see the class documentation
     * @throws Exception if the broker cannot be reached
     */
    public static void main(String[] args) throws Exception {
        String bootstrap = null;
        String mode = "shared";
        int producers = 200;
        int consumers = 200;
        long intervalMs = 500;
        long warmupS = 20;
        long measureS = 30;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--bootstrap-server" -> bootstrap = args[++i];
                case "--mode" -> mode = args[++i];
                case "--producers" -> producers = Integer.parseInt(args[++i]);
                case "--consumers" -> consumers = Integer.parseInt(args[++i]);
                case "--interval-ms" -> intervalMs = Long.parseLong(args[++i]);
                case "--warmup-s" -> warmupS = Long.parseLong(args[++i]);
                case "--measure-s" -> measureS = Long.parseLong(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        if (bootstrap == null || !(mode.equals("shared") || mode.equals("private"))) {
            throw new IllegalArgumentException("give --bootstrap-server and --mode shared|private");
        }
        int partitions = Math.max(producers, consumers);
        String topic = "many-" + mode + "-" + System.currentTimeMillis();
        try (AdminClient admin = AdminClient.create(Map.of("bootstrap.servers", bootstrap))) {
            admin.createTopics(List.of(NewTopic.of(topic, partitions, 1)), false)
                    .get()
                    .orThrow();
        }
        ClientResources shared =
                mode.equals("shared") ? ClientResources.builder().name("bench").build() : null;
        List<Producer<byte[], byte[]>> ps = new ArrayList<>();
        List<Consumer<byte[], byte[]>> cs = new ArrayList<>();
        for (int i = 0; i < producers; i++) {
            ps.add(Producer.create(
                    Map.of("bootstrap.servers", bootstrap, "client.id", "p" + i),
                    new ByteArraySerializer(),
                    new ByteArraySerializer(),
                    shared));
        }
        for (int i = 0; i < consumers; i++) {
            Consumer<byte[], byte[]> c = Consumer.create(
                    Map.of("bootstrap.servers", bootstrap, "client.id", "c" + i, "auto.offset.reset", "earliest"),
                    new ByteArrayDeserializer(),
                    new ByteArrayDeserializer(),
                    shared);
            c.assign(List.of(new TopicPartition(topic, i)));
            cs.add(c);
        }
        AtomicLong sent = new AtomicLong();
        AtomicLong acked = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        AtomicLong received = new AtomicLong();
        ScheduledExecutorService sender = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "bench-send"));
        ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "bench-poll"));
        byte[] value = new byte[100];
        sender.scheduleAtFixedRate(
                () -> {
                    for (int i = 0; i < ps.size(); i++) {
                        sent.incrementAndGet();
                        ps.get(i).send(new ProducerRecord<>(topic, i, null, null, value, List.of()), (md, e) -> {
                            if (e == null) {
                                acked.incrementAndGet();
                            } else {
                                failed.incrementAndGet();
                            }
                        });
                    }
                },
                0,
                intervalMs,
                TimeUnit.MILLISECONDS);
        poller.scheduleWithFixedDelay(
                () -> {
                    for (Consumer<byte[], byte[]> c : cs) {
                        ConsumerRecords<byte[], byte[]> records = c.poll(Duration.ZERO);
                        received.addAndGet(records.count());
                    }
                },
                0,
                100,
                TimeUnit.MILLISECONDS);

        TimeUnit.SECONDS.sleep(warmupS);
        OperatingSystemMXBean os = ManagementFactory.getPlatformMXBean(OperatingSystemMXBean.class);
        long cpuStart = os.getProcessCpuTime();
        long wallStart = System.nanoTime();
        long receivedStart = received.get();
        long ackedStart = acked.get();
        TimeUnit.SECONDS.sleep(measureS);
        double cpuSeconds = (os.getProcessCpuTime() - cpuStart) / 1e9;
        double wallSeconds = (System.nanoTime() - wallStart) / 1e9;
        long rssKb = rssKb();
        Map<String, Integer> threads = threadGroups();
        int liveThreads = ManagementFactory.getThreadMXBean().getThreadCount();
        System.out.printf(
                "mode=%s producers=%d consumers=%d live_threads=%d rss_mb=%.0f cpu_s=%.2f wall_s=%.1f cpu_pct=%.1f"
                        + " acked_per_s=%.0f received_per_s=%.0f failed=%d%n",
                mode,
                producers,
                consumers,
                liveThreads,
                rssKb / 1024.0,
                cpuSeconds,
                wallSeconds,
                100 * cpuSeconds / wallSeconds,
                (acked.get() - ackedStart) / wallSeconds,
                (received.get() - receivedStart) / wallSeconds,
                failed.get());
        System.out.println("threads by group: " + threads);

        sender.shutdownNow();
        poller.shutdownNow();
        sender.awaitTermination(10, TimeUnit.SECONDS);
        poller.awaitTermination(10, TimeUnit.SECONDS);
        for (Producer<byte[], byte[]> p : ps) {
            p.close(Duration.ofSeconds(5));
        }
        for (Consumer<byte[], byte[]> c : cs) {
            c.close(Duration.ofSeconds(5));
        }
        if (shared != null) {
            shared.close();
        }
        if (failed.get() > 0) {
            System.err.println("some records failed: " + failed.get());
            System.exit(1);
        }
    }

    /** Thread counts by name with digits removed: "kanal-io-p17" and "kanal-io-p18" are one group. */
    private static Map<String, Integer> threadGroups() {
        Map<String, Integer> groups = new TreeMap<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            String group = t.getName().replaceAll("[0-9]+", "N");
            groups.merge(group, 1, Integer::sum);
        }
        return groups;
    }

    private static long rssKb() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }
}
