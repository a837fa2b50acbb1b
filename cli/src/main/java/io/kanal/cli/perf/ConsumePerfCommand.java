package io.kanal.cli.perf;

import com.codahale.metrics.MetricRegistry;
import io.kanal.cli.Command;
import io.kanal.cli.UsageException;
import io.kanal.client.TopicPartition;
import io.kanal.client.consumer.Consumer;
import io.kanal.client.consumer.ConsumerRecord;
import io.kanal.client.consumer.ConsumerRecords;
import io.kanal.client.consumer.RebalanceListener;
import io.kanal.client.serialization.ByteBufferDeserializer;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.text.SimpleDateFormat;
import java.time.Duration;
import java.util.Collection;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * {@code kanal perf consume}: Apache's {@code ConsumerPerformance} ({@code kafka-consumer-perf-test.sh}) on Kanal's
 * consumer, with its flags, its consumer settings (2 MiB receive buffer, {@code check.crcs=false}, earliest unless
 * {@code --from-latest}, a fresh {@code perf-consumer-N} group) and its summary line, so both can run side by side.
 * The one deliberate difference: values are read as zero-copy {@link ByteBuffer} slices of the fetched data, Kanal's
 * normal path, where Apache's tool copies each key and value into a new {@code byte[]}.
 */
public final class ConsumePerfCommand implements Command {
    private static final String USAGE = String.join(
            "\n",
            "usage: kanal perf consume --topic TOPIC | --include REGEX  --num-records N (or --messages N)",
            "                          [--bootstrap-server HOST:PORT] [--group ID] [--consumer.config FILE]",
            "                          [--command-config FILE] [--command-property K=V ...] [--fetch-size BYTES]",
            "                          [--socket-buffer-size BYTES] [--from-latest] [--timeout MS] [--hide-header]",
            "                          [--show-detailed-stats] [--reporting-interval MS] [--date-format FMT]",
            "                          [--print-metrics] [--dev]",
            "  Joins a group, consumes N records as fast as possible and prints ConsumerPerformance's summary.",
            "  --topic / --include      the topic, or a regular expression of topics",
            "  --num-records/--messages how many records to consume",
            "  --group                  the group id; default perf-consumer-<random>",
            "  --consumer.config, --command-config   a properties file of consumer settings",
            "  --command-property       consumer settings K=V, over the file's",
            "  --fetch-size             max.partition.fetch.bytes (default 1048576)",
            "  --socket-buffer-size     receive.buffer.bytes (default 2097152)",
            "  --from-latest            start at the end when the group has no offsets (default: earliest)",
            "  --timeout                the longest wait between records before giving up (default 10000 ms)",
            "  --show-detailed-stats    print a line every --reporting-interval ms (default 5000)",
            "  --dev                    start a local single-node Kafka cluster first and stop it afterwards");

    /** Parsed flags. */
    private record Options(
            String topic,
            String include,
            long records,
            String group,
            Map<String, String> props,
            boolean fromLatest,
            long timeoutMs,
            boolean hideHeader,
            boolean detailed,
            long intervalMs,
            String dateFormat,
            boolean printMetrics,
            boolean dev) {}

    @Override
    public List<String> path() {
        return List.of("perf", "consume");
    }

    @Override
    public String summary() {
        return "consume records as fast as possible and report throughput and group join time";
    }

    @Override
    public String usage() {
        return USAGE;
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) throws Exception {
        Options o = parse(args);
        if (!o.dev()) {
            if (!o.props().containsKey("bootstrap.servers")) {
                throw new UsageException("--bootstrap-server is required (or --dev)");
            }
            return consume(o, o.props(), out, err);
        }
        try (DevBroker broker = DevBroker.start(out)) {
            Map<String, String> props = new HashMap<>(o.props());
            props.put("bootstrap.servers", broker.bootstrapServers());
            return consume(o, props, out, err);
        }
    }

    private static Options parse(List<String> args) {
        String topic = null;
        String include = null;
        long records = -1;
        String group = "perf-consumer-" + ThreadLocalRandom.current().nextInt(100_000);
        Map<String, String> file = new HashMap<>();
        Map<String, String> cli = new HashMap<>();
        String bootstrap = null;
        int fetchSize = 1_048_576;
        int socketBuffer = 2_097_152;
        boolean fromLatest = false;
        long timeout = 10_000;
        boolean hideHeader = false;
        boolean detailed = false;
        long interval = 5_000;
        String dateFormat = "yyyy-MM-dd HH:mm:ss:SSS";
        boolean printMetrics = false;
        boolean dev = false;
        for (int i = 0; i < args.size(); i++) {
            String flag = args.get(i);
            switch (flag) {
                case "--from-latest" -> fromLatest = true;
                case "--hide-header" -> hideHeader = true;
                case "--show-detailed-stats" -> detailed = true;
                case "--print-metrics" -> printMetrics = true;
                case "--dev" -> dev = true;
                case "--command-property" -> {
                    while (i + 1 < args.size() && !args.get(i + 1).startsWith("--")) {
                        String kv = args.get(++i);
                        int eq = kv.indexOf('=');
                        if (eq <= 0) {
                            throw new UsageException("--command-property expects K=V, got '" + kv + "'");
                        }
                        cli.put(kv.substring(0, eq), kv.substring(eq + 1));
                    }
                }
                default -> {
                    if (i + 1 >= args.size()) {
                        throw new UsageException("unknown flag or missing value: " + flag);
                    }
                    String value = args.get(++i);
                    switch (flag) {
                        case "--bootstrap-server", "--broker-list" -> bootstrap = value;
                        case "--topic" -> topic = value;
                        case "--include" -> include = value;
                        case "--num-records", "--messages" -> records = PerfArgs.wholeNumber(flag, value);
                        case "--group" -> group = value;
                        case "--consumer.config", "--command-config" ->
                            file.putAll(PerfArgs.properties(flag, Path.of(value)));
                        case "--fetch-size" -> fetchSize = (int) PerfArgs.wholeNumber(flag, value);
                        case "--socket-buffer-size" -> socketBuffer = (int) PerfArgs.wholeNumber(flag, value);
                        case "--timeout" -> timeout = PerfArgs.wholeNumber(flag, value);
                        case "--reporting-interval" -> interval = PerfArgs.wholeNumber(flag, value);
                        case "--date-format" -> dateFormat = value;
                        case "--threads", "--num-fetch-threads" ->
                            PerfArgs.wholeNumber(flag, value); // accepted, unused
                        default -> throw new UsageException("unknown flag: " + flag);
                    }
                }
            }
        }
        if ((topic == null) == (include == null)) {
            throw new UsageException("give exactly one of --topic and --include");
        }
        if (records <= 0) {
            throw new UsageException("--num-records must be positive");
        }
        if (interval <= 0) {
            throw new UsageException("Reporting interval must be greater than 0.");
        }
        // The order of Apache's tool: the file, then the tool's own settings, then --command-property.
        Map<String, String> props = new HashMap<>(file);
        if (bootstrap != null) {
            props.put("bootstrap.servers", bootstrap);
        }
        props.put("group.id", group);
        props.put("receive.buffer.bytes", String.valueOf(socketBuffer));
        props.put("max.partition.fetch.bytes", String.valueOf(fetchSize));
        props.put("auto.offset.reset", fromLatest ? "latest" : "earliest");
        props.put("check.crcs", "false");
        props.putIfAbsent("client.id", "perf-consumer-client");
        props.putAll(cli);
        props.remove("key.deserializer");
        props.remove("value.deserializer");
        return new Options(
                topic,
                include,
                records,
                group,
                props,
                fromLatest,
                timeout,
                hideHeader,
                detailed,
                interval,
                dateFormat,
                printMetrics,
                dev);
    }

    private static int consume(Options o, Map<String, String> props, PrintStream out, PrintStream err) {
        SimpleDateFormat format = new SimpleDateFormat(o.dateFormat());
        Map<String, Object> config = new HashMap<>(props);
        long[] joinMs = {0};
        long bytes = 0;
        long count = 0;
        long start;
        long end;
        MetricRegistry metrics = null;
        try (Consumer<ByteBuffer, ByteBuffer> consumer =
                Consumer.create(config, new ByteBufferDeserializer(), new ByteBufferDeserializer())) {
            start = System.currentTimeMillis();
            long[] joinStart = {start};
            RebalanceListener listener = new RebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                    joinStart[0] = System.currentTimeMillis();
                }

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                    joinMs[0] += System.currentTimeMillis() - joinStart[0];
                }

                @Override
                public void onPartitionsLost(Collection<TopicPartition> partitions) {
                    joinStart[0] = System.currentTimeMillis();
                }
            };
            if (o.topic() != null) {
                consumer.subscribe(List.of(o.topic()), listener);
            } else {
                consumer.subscribe(Pattern.compile(o.include()), listener);
            }
            if (!o.hideHeader()) {
                out.printf(
                        "%s, %s, %s, %s, %s, %s%s%n",
                        o.detailed() ? "time" : "start.time",
                        o.detailed() ? "threadId" : "end.time",
                        "data.consumed.in.MB",
                        "MB.sec",
                        "data.consumed.in.nMsg",
                        "nMsg.sec",
                        ", rebalance.time.ms, fetch.time.ms, fetch.MB.sec, fetch.nMsg.sec");
            }
            long lastRecordMs = System.currentTimeMillis();
            long lastReportMs = lastRecordMs;
            long reportBytes = 0;
            long reportCount = 0;
            while (count < o.records() && System.currentTimeMillis() - lastRecordMs <= o.timeoutMs()) {
                ConsumerRecords<ByteBuffer, ByteBuffer> records = consumer.poll(Duration.ofMillis(100));
                long now = System.currentTimeMillis();
                if (!records.isEmpty()) {
                    lastRecordMs = now;
                }
                count += records.count();
                bytes += payloadBytes(records);
                if (o.detailed() && now - lastReportMs >= o.intervalMs()) {
                    report(out, format, now, lastReportMs, bytes - reportBytes, count - reportCount, joinMs[0]);
                    lastReportMs = now;
                    reportBytes = bytes;
                    reportCount = count;
                }
            }
            end = System.currentTimeMillis();
            if (count < o.records()) {
                err.printf(
                        "WARNING: Exiting before consuming the expected number of records: timeout (%d ms) exceeded."
                                + " You can use the --timeout option to increase the timeout.%n",
                        o.timeoutMs());
            }
            metrics = consumer.metrics();
        }
        if (!o.detailed()) {
            double mb = bytes / (1024.0 * 1024.0);
            double seconds = (end - start) / 1000.0;
            long fetchMs = end - start - joinMs[0];
            out.printf(
                    "%s, %s, %.4f, %.4f, %d, %.4f, %d, %d, %.4f, %.4f%n",
                    format.format(new Date(start)),
                    format.format(new Date(end)),
                    mb,
                    mb / seconds,
                    count,
                    count / seconds,
                    joinMs[0],
                    fetchMs,
                    mb / (fetchMs / 1000.0),
                    count / (fetchMs / 1000.0));
        }
        if (o.printMetrics() && metrics != null) {
            // After the summary line, as Apache's tool prints them; read after close, so fetch sessions show as closed.
            PerfMetrics.print(metrics, out);
        }
        return count < o.records() ? 1 : 0;
    }

    /** Key and value bytes of a poll's records, read from each record as Apache's tool does. */
    private static long payloadBytes(ConsumerRecords<ByteBuffer, ByteBuffer> records) {
        long bytes = 0;
        for (ConsumerRecord<ByteBuffer, ByteBuffer> r : records) {
            bytes += Math.max(0, r.serializedKeySize()) + Math.max(0, r.serializedValueSize());
        }
        return bytes;
    }

    private static void report(
            PrintStream out, SimpleDateFormat format, long now, long since, long bytes, long count, long joinMs) {
        double mb = bytes / (1024.0 * 1024.0);
        double seconds = (now - since) / 1000.0;
        out.printf(
                "%s, %d, %.4f, %.4f, %d, %.4f, %d, %d, %.4f, %.4f%n",
                format.format(new Date(now)),
                0,
                mb,
                mb / seconds,
                count,
                count / seconds,
                joinMs,
                now - since,
                mb / seconds,
                count / seconds);
    }
}
