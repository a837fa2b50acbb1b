package io.kanal.bench;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

/**
 * Watches a topic until it holds N records, for {@code benchmarks/compare-jdbc.sh}: sums the end offsets of its
 * partitions (the topic is fresh, so the end offsets count its records) every 50 ms. Prints {@code ready} once the
 * first sum is known, {@code first <epoch seconds>} when the first record has come, then {@code reached <epoch seconds>
 * <records>} when the sum reaches N, and exits (the wall clock, comparable with bash's {@code $EPOCHREALTIME}). One JVM for the whole wait, so that polling costs the
 * measured worker next to nothing.
 *
 * <p>Usage: {@code java -cp <kafka-clients and this class> io.kanal.bench.TopicCountWatch --bootstrap HOST:PORT
 * --topic T --partitions P --records N [--timeout-s S]}. Exits with 1 when the count is not reached in S seconds
 * (default 600), printing the last sum.
 *
 * <p>Threading: the main thread only.
 */
public final class TopicCountWatch {
    private TopicCountWatch() {}

    /**
     * Polls until the topic holds the records or the time is up.
     *
     * @param args see the class documentation
     * @throws Exception if the offsets cannot be listed
     */
    public static void main(String[] args) throws Exception {
        String bootstrap = null;
        String topic = null;
        int partitions = 0;
        long records = 0;
        long timeoutS = 600;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--bootstrap" -> bootstrap = args[++i];
                case "--topic" -> topic = args[++i];
                case "--partitions" -> partitions = Integer.parseInt(args[++i]);
                case "--records" -> records = Long.parseLong(args[++i]);
                case "--timeout-s" -> timeoutS = Long.parseLong(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (bootstrap == null || topic == null || partitions <= 0 || records <= 0) {
            throw new IllegalArgumentException("--bootstrap, --topic, --partitions and --records are required");
        }
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        for (int p = 0; p < partitions; p++) {
            request.put(new TopicPartition(topic, p), OffsetSpec.latest());
        }
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutS);
        try (Admin admin = Admin.create(props)) {
            long sum = sum(admin.listOffsets(request));
            System.out.println("ready " + sum);
            System.out.flush();
            boolean first = false;
            while (sum < records) {
                if (System.nanoTime() > deadline) {
                    System.out.printf(Locale.ROOT, "timeout after %d s: %d of %d records%n", timeoutS, sum, records);
                    System.exit(1);
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
                sum = sum(admin.listOffsets(request));
                if (!first && sum > 0) {
                    first = true;
                    System.out.println("first " + now());
                    System.out.flush();
                }
            }
            System.out.println("reached " + now() + " " + sum);
        }
    }

    /** The wall clock in seconds with microseconds, as bash's {@code $EPOCHREALTIME} prints it. */
    private static String now() {
        long micros = TimeUnit.MILLISECONDS.toMicros(System.currentTimeMillis());
        return String.format(Locale.ROOT, "%d.%06d", micros / 1_000_000, micros % 1_000_000);
    }

    private static long sum(ListOffsetsResult result) throws Exception {
        return result.all().get(30, TimeUnit.SECONDS).values().stream()
                .collect(Collectors.summingLong(ListOffsetsResult.ListOffsetsResultInfo::offset));
    }
}
