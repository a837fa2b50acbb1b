package io.kanal.cli.standalone;

import io.kanal.rest.RestServer;
import io.kanal.runtime.api.ApiServices;
import io.kanal.runtime.herder.HerderReply;
import io.kanal.runtime.worker.StandaloneWorker;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

/**
 * The demo of {@code kanal standalone --dev}: a standalone worker on the local broker, with its REST API (Connect's
 * port 8083, or any free port when that one is taken), and Kanal's datagen and file plugins from the source tree
 * ({@code plugins/<n>/target/plugin}) or the distribution's {@code plugins/}, running datagen (orders, JSON with
 * schemas, a topic it creates) into a file sink; it prints the REST URL, the topic and the output file, reports
 * progress, checks that every record reached the file, and stops.
 *
 * <p>Runs on the calling thread.
 */
final class DevPipeline {

    private static final String TOPIC = "kanal-dev-orders";

    private DevPipeline() {}

    static int run(String bootstrapServers, long records, PrintStream out) throws Exception {
        Path home =
                Path.of(System.getProperty("kanal.home", ".")).toAbsolutePath().normalize();
        // In a distribution the plugins share plugins/; in a source tree each module leaves its own target/plugin.
        List<Path> plugins = Files.isDirectory(home.resolve("plugins/kanal-datagen"))
                ? List.of(home.resolve("plugins"))
                : List.of(home.resolve("plugins/datagen/target/plugin"), home.resolve("plugins/file/target/plugin"));
        for (Path p : plugins) {
            if (!Files.isDirectory(p)) {
                out.println("kanal standalone --dev: " + p + " is missing; build the plugins first (./kanal does)");
                return 1;
            }
        }
        Path work = Files.createTempDirectory("kanal-dev-");
        Path output = work.resolve("orders.txt");
        Map<String, String> worker = new HashMap<>();
        worker.put("bootstrap.servers", bootstrapServers);
        worker.put(
                "plugin.path",
                String.join(",", plugins.stream().map(Path::toString).toList()));
        worker.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
        worker.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        worker.put("offset.storage.file.filename", work.resolve("offsets.json").toString());
        worker.put("offset.flush.interval.ms", "5000");
        Map<String, String> datagen = new HashMap<>();
        datagen.put("connector.class", "io.kanal.plugins.datagen.DatagenConnector");
        datagen.put("topic", TOPIC);
        datagen.put("tasks.max", "1");
        datagen.put("records.per.task", Long.toString(records));
        datagen.put("schema", "orders");
        datagen.put("topic.creation.default.partitions", "3");
        datagen.put("topic.creation.default.replication.factor", "1");
        Map<String, String> sink = new HashMap<>();
        sink.put("connector.class", "FileStreamSink");
        sink.put("topics", TOPIC);
        sink.put("file", output.toString());

        long startNs = System.nanoTime();
        StandaloneWorker standalone = StandaloneWorker.create(worker);
        RestServer rest = null;
        try {
            standalone.start();
            rest = startRest(standalone);
            for (Map.Entry<String, Map<String, String>> c :
                    Map.of("orders-datagen", datagen, "orders-file", sink).entrySet()) {
                HerderReply reply = standalone.putConnector(c.getKey(), c.getValue(), Duration.ofSeconds(30));
                if (reply instanceof HerderReply.Failed failed) {
                    out.println("kanal standalone --dev: " + c.getKey() + ": "
                            + failed.error().message());
                    return 1;
                }
            }
            standalone.announceReady();
            out.printf(
                    "Kanal worker ready in %d ms: datagen -> Kafka -> file%n"
                            + "  REST API:    %s   (try: curl %sconnectors?expand=status)%n"
                            + "  topic:       %s%n"
                            + "  output file: %s%n",
                    (System.nanoTime() - startNs) / 1_000_000, rest.uri(), rest.uri(), TOPIC, output);
            long lines = waitForLines(output, records, standalone, out);
            double seconds = (System.nanoTime() - startNs) / 1e9;
            if (lines < records) {
                out.printf("Only %d of %d records reached the file; see the statuses above.%n", lines, records);
                return 1;
            }
            out.printf(
                    "%d records datagen -> Kafka -> file in %.1f s (%.0f records/s, worker start included).%n",
                    lines, seconds, lines / seconds);
            out.println("First record: " + firstLine(output));
            return 0;
        } finally {
            if (rest != null) {
                rest.stop();
            }
            standalone.stop();
        }
    }

    /** Connect's port 8083 when it is free, else any free port: a demo must not fail over a busy port. */
    private static RestServer startRest(StandaloneWorker worker) {
        ApiServices services = ApiServices.of(worker);
        RestServer rest = new RestServer(Map.of(RestServer.LISTENERS, "http://localhost:8083"), services);
        try {
            rest.start();
            return rest;
        } catch (IllegalStateException busy) {
            RestServer anyPort = new RestServer(Map.of(RestServer.LISTENERS, "http://localhost:0"), services);
            anyPort.start();
            return anyPort;
        }
    }

    /** Counts the file's lines as it grows, printing progress; gives up when nothing arrives for 60 s. */
    private static long waitForLines(Path file, long expected, StandaloneWorker worker, PrintStream out)
            throws IOException {
        long lines = 0;
        long position = 0;
        long lastProgressNs = System.nanoTime();
        long lastReportNs = lastProgressNs;
        ByteBuffer buffer = ByteBuffer.allocate(1 << 20);
        while (lines < expected) {
            if (Files.exists(file)) {
                try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
                    channel.position(position);
                    int n;
                    while ((n = channel.read(buffer)) > 0) {
                        buffer.flip();
                        for (int i = 0; i < n; i++) {
                            if (buffer.get(i) == '\n') {
                                lines++;
                                lastProgressNs = System.nanoTime();
                            }
                        }
                        position += n;
                        buffer.clear();
                    }
                }
            }
            long now = System.nanoTime();
            if (now - lastReportNs > 2_000_000_000L) {
                out.printf("  %,d / %,d records in the file%n", lines, expected);
                lastReportNs = now;
            }
            if (now - lastProgressNs > 60_000_000_000L) {
                out.println("No progress for 60 s; statuses: " + worker.view().connectors());
                return lines;
            }
            LockSupport.parkNanos(50_000_000L); // polling a file that another process-part appends to
        }
        return lines;
    }

    private static String firstLine(Path file) {
        try (var lines = Files.lines(file)) {
            return lines.findFirst().orElse("");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
