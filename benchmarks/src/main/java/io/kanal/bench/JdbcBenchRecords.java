package io.kanal.bench;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Fills a topic with the rows of {@code benchmarks/compare-jdbc.sh}: N orders of about 200 B of data each, as
 * Connect's {@code JsonConverter} writes them, with {@code schemas.enable=true} (a schema envelope around the payload)
 * or without (the bare payload). Record i goes to partition i mod P, so that every sink task gets the same share;
 * keys are null (the sinks run with {@code pk.mode=none}).
 *
 * <p>An order row: {@code id} int64 (i), {@code customer} string, {@code product} string, {@code quantity} int32,
 * {@code price_cents} int64, {@code currency} string, {@code status} string, {@code note} string and {@code
 * created_at} a Connect {@code Timestamp} (int64 milliseconds). The table the script makes has these columns.
 *
 * <p>Usage: {@code java -cp <kafka-clients and this class> io.kanal.bench.JdbcBenchRecords --bootstrap HOST:PORT
 * --topic T --records N --partitions P [--schemas true|false]}. Prints the number of records and value bytes written.
 *
 * <p>Threading: the main thread sends; the producer's I/O thread completes the sends and records the first failure.
 */
public final class JdbcBenchRecords {
    /** The schema envelope of every value with {@code schemas.enable=true}; the payload follows it. */
    private static final String SCHEMA = "{\"schema\":{\"type\":\"struct\",\"name\":\"bench.order\",\"optional\":false,"
            + "\"fields\":[{\"field\":\"id\",\"type\":\"int64\",\"optional\":false},"
            + "{\"field\":\"customer\",\"type\":\"string\",\"optional\":false},"
            + "{\"field\":\"product\",\"type\":\"string\",\"optional\":false},"
            + "{\"field\":\"quantity\",\"type\":\"int32\",\"optional\":false},"
            + "{\"field\":\"price_cents\",\"type\":\"int64\",\"optional\":false},"
            + "{\"field\":\"currency\",\"type\":\"string\",\"optional\":false},"
            + "{\"field\":\"status\",\"type\":\"string\",\"optional\":false},"
            + "{\"field\":\"note\",\"type\":\"string\",\"optional\":true},"
            + "{\"field\":\"created_at\",\"type\":\"int64\",\"optional\":false,"
            + "\"name\":\"org.apache.kafka.connect.data.Timestamp\",\"version\":1}]},\"payload\":";

    private static final String[] STATUSES = {"NEW", "PAID", "PACKED", "SHIPPED", "DELIVERED"};
    private static final String[] CURRENCIES = {"EUR", "USD", "GBP", "CHF"};
    /** 2026-01-01T00:00:00Z, the first order's time; each next order is 37 ms later. */
    private static final long FIRST_ORDER_MS = 1_767_225_600_000L;

    private JdbcBenchRecords() {}

    /**
     * Writes the records and waits until the broker has them all.
     *
     * @param args see the class documentation
     * @throws Exception if a send fails
     */
    public static void main(String[] args) throws Exception {
        String bootstrap = null;
        String topic = null;
        long records = 0;
        int partitions = 0;
        boolean schemas = true;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--bootstrap" -> bootstrap = args[++i];
                case "--topic" -> topic = args[++i];
                case "--records" -> records = Long.parseLong(args[++i]);
                case "--partitions" -> partitions = Integer.parseInt(args[++i]);
                case "--schemas" -> schemas = Boolean.parseBoolean(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (bootstrap == null || topic == null || records <= 0 || partitions <= 0) {
            throw new IllegalArgumentException("--bootstrap, --topic, --records and --partitions are required");
        }
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, "1");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, String.valueOf(512 * 1024));
        props.put(ProducerConfig.BUFFER_MEMORY_CONFIG, String.valueOf(128L * 1024 * 1024));
        AtomicReference<Exception> failure = new AtomicReference<>();
        long bytes = 0;
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (long i = 0; i < records && failure.get() == null; i++) {
                byte[] value = value(i, schemas);
                bytes += value.length;
                producer.send(new ProducerRecord<>(topic, (int) (i % partitions), null, value), (meta, e) -> {
                    if (e != null) {
                        failure.compareAndSet(null, e);
                    }
                });
            }
            producer.flush();
        }
        if (failure.get() != null) {
            throw new ExecutionException("a send to " + topic + " failed", failure.get());
        }
        System.out.printf(Locale.ROOT, "wrote %d records, %d value bytes, to %s%n", records, bytes, topic);
    }

    /**
     * The value of order {@code id}.
     *
     * @param id the order's id
     * @param schemas whether to wrap the payload in the schema envelope
     * @return the JSON bytes
     */
    static byte[] value(long id, boolean schemas) {
        int n = (int) (id % 1_000_003);
        String payload = String.format(
                Locale.ROOT,
                "{\"id\":%d,\"customer\":\"customer-%07d\",\"product\":\"product-%05d-%s\",\"quantity\":%d,"
                        + "\"price_cents\":%d,\"currency\":\"%s\",\"status\":\"%s\",\"note\":\"%s\","
                        + "\"created_at\":%d}",
                id,
                n % 250_000,
                n % 20_000,
                "standard-edition",
                1 + n % 9,
                99L + (n * 37L) % 100_000,
                CURRENCIES[n % CURRENCIES.length],
                STATUSES[n % STATUSES.length],
                "leave it at the back door #" + n % 1000,
                FIRST_ORDER_MS + id * 37);
        return (schemas ? SCHEMA + payload + "}" : payload).getBytes(StandardCharsets.UTF_8);
    }
}
