package io.kanal.cli.perf;

import io.kanal.cli.Command;
import io.kanal.client.producer.Producer;
import io.kanal.client.producer.ProducerRecord;
import io.kanal.client.serialization.ByteArraySerializer;
import java.io.PrintStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * {@code kanal perf produce}: Apache's {@code ProducerPerformance} on Kanal's producer, with the same flags, the same
 * payload generation (a new random A–Z payload per record, or payloads drawn from a file) and the same summary line,
 * so the two can be run side by side on identical settings.
 */
public final class ProducePerfCommand implements Command {
    @Override
    public List<String> path() {
        return List.of("perf", "produce");
    }

    @Override
    public String summary() {
        return "send records as fast as possible and report throughput and latency";
    }

    @Override
    public String usage() {
        return ProducePerfOptions.USAGE;
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) throws Exception {
        ProducePerfOptions options = ProducePerfOptions.parse(args);
        if (!options.dev()) {
            return produce(options, options.producerProps(), out);
        }
        try (DevBroker broker = DevBroker.start(out)) {
            Map<String, String> props = new HashMap<>(options.producerProps());
            props.put("bootstrap.servers", broker.bootstrapServers());
            return produce(options, props, out);
        }
    }

    private static int produce(ProducePerfOptions options, Map<String, String> props, PrintStream out)
            throws Exception {
        Topics.ensure(props, options.topic());
        List<byte[]> payloads = options.readPayloads();
        byte[] payload = options.recordSize().map(byte[]::new).orElse(null);
        // The same generator, seed and per-byte draw as Apache's tool, so both do the same work per record.
        SplittableRandom random = new SplittableRandom(0);
        String topic = options.topic();
        long total = options.numRecords();
        LatencyStats stats;
        Map<String, Object> config = new HashMap<>(props);
        options.transactionalId().ifPresent(id -> config.put("transactional.id", id));
        boolean transactions = options.transactionalId().isPresent();
        try (Producer<byte[], byte[]> producer =
                Producer.create(config, new ByteArraySerializer(), new ByteArraySerializer())) {
            if (transactions) {
                producer.initTransactions();
            }
            stats = new LatencyStats(total, out);
            Throttler throttler = new Throttler(options.throughput(), System.currentTimeMillis());
            // As Apache's tool: a transaction opens before its first record and commits once it is older than the
            // duration, checked after each send.
            long transactionStart = 0;
            long inTransaction = 0;
            for (long i = 0; i < total; i++) {
                if (transactions && inTransaction == 0) {
                    producer.beginTransaction();
                    transactionStart = System.currentTimeMillis();
                }
                if (!payloads.isEmpty()) {
                    payload = payloads.get(random.nextInt(payloads.size()));
                } else {
                    fillRandomLetters(payload, random);
                }
                long sendStart = System.currentTimeMillis();
                producer.send(
                        new ProducerRecord<>(topic, null, null, null, payload, List.of()),
                        stats.completion(i, sendStart, payload.length));
                inTransaction++;
                if (transactions && sendStart - transactionStart >= options.transactionDurationMs()) {
                    producer.commitTransaction();
                    inTransaction = 0;
                }
                throttler.pace(i + 1);
            }
            if (transactions && inTransaction > 0) {
                producer.commitTransaction();
            }
            producer.flush();
            if (options.printMetrics()) {
                PerfMetrics.print(producer.metrics(), out);
            }
        }
        stats.printTotal();
        return stats.count() == total ? 0 : 1;
    }

    // A method of its own, as in Apache's tool (generateRandomPayload): the JIT compiles it whole and inlines it,
    // rather than compiling it only as part of the send loop's on-stack replacement.
    private static void fillRandomLetters(byte[] payload, SplittableRandom random) {
        for (int j = 0; j < payload.length; j++) {
            payload[j] = (byte) (random.nextInt(26) + 65);
        }
    }
}
