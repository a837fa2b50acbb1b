package io.kanal.cli.perf;

import io.kanal.cli.UsageException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The options of {@code kanal perf produce}: those of Apache Kafka's {@code ProducerPerformance}
 * ({@code kafka-producer-perf-test.sh}), plus {@code --bootstrap-server} and {@code --dev}.
 *
 * @param topic {@code --topic}
 * @param numRecords {@code --num-records}
 * @param recordSize {@code --record-size}, if given
 * @param payloadFile {@code --payload-file}, if given
 * @param payloadDelimiter {@code --payload-delimiter}, default a newline
 * @param throughput {@code --throughput} in records/s, -1 for no limit
 * @param producerProps {@code --producer-props} and {@code --producer.config}, merged, plus the bootstrap server
 * @param printMetrics {@code --print-metrics}
 * @param dev {@code --dev}: start a local single-node cluster first
 * @param transactionalId the transactional id when transactions are on ({@code --transactional-id}, or Apache's
 *     default id when only {@code --transaction-duration-ms} is given), else empty
 * @param transactionDurationMs {@code --transaction-duration-ms}: how long each transaction stays open; 0 when
 *     transactions are off
 */
public record ProducePerfOptions(
        String topic,
        long numRecords,
        Optional<Integer> recordSize,
        Optional<Path> payloadFile,
        String payloadDelimiter,
        double throughput,
        Map<String, String> producerProps,
        boolean printMetrics,
        boolean dev,
        Optional<String> transactionalId,
        long transactionDurationMs) {

    /** The transactional id Apache's tool uses when only a transaction duration is given. */
    public static final String DEFAULT_TRANSACTIONAL_ID = "performance-producer-default-transactional-id";

    /** The transaction duration Apache's tool uses when only a transactional id is given. */
    public static final long DEFAULT_TRANSACTION_DURATION_MS = 3_000;

    /** The usage text. */
    public static final String USAGE = String.join(
            "\n",
            "usage: kanal perf produce --topic TOPIC --num-records N (--record-size BYTES | --payload-file FILE)",
            "                          [--throughput RECORDS_PER_SEC] [--producer-props K=V ...] [--producer.config FILE]",
            "                          [--bootstrap-server HOST:PORT] [--payload-delimiter D] [--print-metrics] [--dev]",
            "                          [--transactional-id ID] [--transaction-duration-ms MS]",
            "  Sends N records as fast as allowed and prints Apache ProducerPerformance's summary line.",
            "  --topic                 the topic (created with the broker's defaults if it does not exist)",
            "  --num-records           how many records to send",
            "  --record-size           bytes per record: a new random A-Z payload per record",
            "  --payload-file          records drawn at random from this file's payloads (split by the delimiter)",
            "  --throughput            records per second at most; -1 (the default) for no limit",
            "  --producer-props        producer settings, e.g. acks=all linger.ms=5 compression.type=lz4",
            "  --producer.config       a properties file of producer settings",
            "  --bootstrap-server      shorthand for --producer-props bootstrap.servers=...",
            "  --print-metrics         print the producer's metrics at the end",
            "  --dev                   start a local single-node Kafka cluster first and stop it afterwards",
            "  --transactional-id      send in transactions with this id (default " + "performance-producer-default-"
                    + "transactional-id when a duration is given)",
            "  --transaction-duration-ms  commit each transaction after this long (default 3000 when an id is given);"
                    + " transactions are off unless one of the two is given");

    /**
     * Parses the arguments.
     *
     * @param args the arguments after {@code perf produce}
     * @return the options
     * @throws UsageException when a flag is unknown, missing or malformed
     */
    public static ProducePerfOptions parse(List<String> args) {
        String topic = null;
        Long numRecords = null;
        Integer recordSize = null;
        Path payloadFile = null;
        String delimiter = "\n";
        double throughput = -1;
        Map<String, String> props = new LinkedHashMap<>();
        String bootstrap = null;
        boolean printMetrics = false;
        boolean dev = false;
        String transactionalId = null;
        Long transactionDurationMs = null;
        int i = 0;
        while (i < args.size()) {
            String flag = args.get(i++);
            switch (flag) {
                case "--print-metrics" -> printMetrics = true;
                case "--dev" -> dev = true;
                case "--producer-props" -> {
                    int start = i;
                    while (i < args.size() && !args.get(i).startsWith("--")) {
                        String kv = args.get(i++);
                        int eq = kv.indexOf('=');
                        if (eq <= 0) {
                            throw new UsageException("--producer-props needs KEY=VALUE pairs, got '" + kv + "'");
                        }
                        props.put(kv.substring(0, eq), kv.substring(eq + 1));
                    }
                    if (i == start) {
                        throw new UsageException("--producer-props needs at least one KEY=VALUE");
                    }
                }
                default -> {
                    if (i >= args.size()) {
                        throw new UsageException(flag + " needs a value");
                    }
                    String value = args.get(i++);
                    switch (flag) {
                        case "--topic" -> topic = value;
                        case "--num-records" -> numRecords = PerfArgs.wholeNumber(flag, value);
                        case "--record-size" -> recordSize = (int) PerfArgs.wholeNumber(flag, value);
                        case "--payload-file" -> payloadFile = Path.of(value);
                        case "--payload-delimiter" -> delimiter = value;
                        case "--throughput" -> throughput = parseDouble(flag, value);
                        case "--bootstrap-server" -> bootstrap = value;
                        case "--producer.config" -> props.putAll(PerfArgs.properties(flag, Path.of(value)));
                        case "--transactional-id" -> transactionalId = value;
                        case "--transaction-duration-ms" -> transactionDurationMs = PerfArgs.wholeNumber(flag, value);
                        default -> throw new UsageException("unknown option " + flag);
                    }
                }
            }
        }
        if (topic == null || topic.isBlank()) {
            throw new UsageException("--topic is required");
        }
        if (numRecords == null || numRecords < 0) {
            throw new UsageException("--num-records is required and must not be negative");
        }
        if ((recordSize == null) == (payloadFile == null)) {
            throw new UsageException("give exactly one of --record-size and --payload-file");
        }
        if (recordSize != null && recordSize < 0) {
            throw new UsageException("--record-size must not be negative");
        }
        if (bootstrap != null) {
            props.put("bootstrap.servers", bootstrap);
        }
        if (!dev && !props.containsKey("bootstrap.servers")) {
            throw new UsageException("say where Kafka is: --bootstrap-server HOST:PORT (or --producer-props"
                    + " bootstrap.servers=...), or --dev for a local cluster");
        }
        boolean transactions = transactionalId != null || (transactionDurationMs != null && transactionDurationMs > 0);
        if (transactions && transactionDurationMs != null && transactionDurationMs <= 0) {
            throw new UsageException("--transaction-duration-ms must be positive with --transactional-id");
        }
        return new ProducePerfOptions(
                topic,
                numRecords,
                Optional.ofNullable(recordSize),
                Optional.ofNullable(payloadFile),
                delimiter,
                throughput,
                props,
                printMetrics,
                dev,
                transactions
                        ? Optional.of(transactionalId != null ? transactionalId : DEFAULT_TRANSACTIONAL_ID)
                        : Optional.empty(),
                transactions
                        ? (transactionDurationMs != null ? transactionDurationMs : DEFAULT_TRANSACTION_DURATION_MS)
                        : 0);
    }

    /**
     * Reads the payloads of {@code --payload-file}.
     *
     * @return the payloads, in file order
     * @throws IOException when the file cannot be read
     */
    public List<byte[]> readPayloads() throws IOException {
        List<byte[]> payloads = new ArrayList<>();
        if (payloadFile.isEmpty()) {
            return payloads;
        }
        String text = Files.readString(payloadFile.get());
        for (String p : text.split(java.util.regex.Pattern.quote(payloadDelimiter))) {
            if (!p.isEmpty()) {
                payloads.add(p.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
        }
        if (payloads.isEmpty()) {
            throw new UsageException("--payload-file " + payloadFile.get() + " holds no payload");
        }
        return payloads;
    }

    private static double parseDouble(String flag, String value) {
        try {
            return Double.parseDouble(value.trim());
        } catch (NumberFormatException e) {
            throw new UsageException(flag + " needs a number, got '" + value + "'");
        }
    }
}
