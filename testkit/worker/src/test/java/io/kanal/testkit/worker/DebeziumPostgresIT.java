package io.kanal.testkit.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kanal.client.consumer.ConsumerRecord;
import io.kanal.runtime.herder.StatusState;
import io.kanal.runtime.isolation.PluginDescriptor;
import io.kanal.runtime.isolation.PluginLoadFailure;
import io.kanal.runtime.isolation.PluginPath;
import io.kanal.runtime.isolation.PluginRegistry;
import io.kanal.runtime.isolation.PluginType;
import io.kanal.runtime.isolation.connect.ConnectLayer;
import io.kanal.runtime.isolation.connect.PluginDiscovery;
import io.kanal.testkit.KafkaCluster;
import io.kanal.testkit.junit.WithKafkaCluster;
import io.kanal.testkit.postgres.PostgresServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Debezium's PostgreSQL connector ({@code debezium-connector-postgres-3.6.0.Final-plugin.tar.gz} from Maven Central,
 * unpacked into a {@code plugin.path} directory as a user deploys it, with the kafka-clients 4.3.0 and connect-api
 * 4.3.0 it bundles) runs unmodified on a Kanal worker through the Connect bridge, against a real PostgreSQL with
 * logical decoding ({@code pgoutput}): the snapshot of existing rows, then inserts, updates and deletes streamed, with a
 * worker stop and start, and a connector stop and resume through REST, in the middle, losing and repeating nothing. The
 * same connector on a real Apache Kafka Connect worker, reading its own replication slot of the same database at the
 * same time, writes the same events: both runs use Connect's {@code JsonConverter} with schemas (Kanal's own,
 * byte-compatible one on Kanal's side, so the events cross the bridge's data translation), and their topics are
 * compared record by record ({@link DebeziumComparison} says what is set aside and why). Heartbeats, the plugin
 * listing and {@code config/validate} answers are compared too, and each slot's confirmed LSN must end at the same
 * place (Debezium confirms it from {@code SourceTask.commit()}).
 *
 * <p>Both connectors log in as {@link PostgresServer#USER}, the superuser {@code initdb} creates (it has {@code
 * REPLICATION}); each creates its own publication (filtered to the one table) and slot.
 */
@WithKafkaCluster
class DebeziumPostgresIT {

    private static final String KANAL = DebeziumComparison.KANAL;
    private static final String APACHE = DebeziumComparison.APACHE;

    private static final String CONNECTOR = "io.debezium.connector.postgresql.PostgresConnector";
    private static final String JSON = "org.apache.kafka.connect.json.JsonConverter";
    private static final String TABLE = "public.customers";
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir
    Path dir;

    /** One statement the test runs and the change event Debezium must emit for it. */
    private record Change(String sql, String op, int id) {}

    @Test
    void debeziumCapturesOnKanalExactlyWhatItCapturesOnApacheConnect(KafkaCluster kafka) throws Exception {
        Path plugins = deployDebezium();
        Pipelines.createTopic(kafka, topic(KANAL), 1);
        Pipelines.createTopic(kafka, topic(APACHE), 1);
        Pipelines.createTopic(kafka, heartbeats(KANAL), 1);
        Pipelines.createTopic(kafka, heartbeats(APACHE), 1);

        try (PostgresServer pg = PostgresServer.start(PostgresServer.LOGICAL_REPLICATION)) {
            execute(
                    pg,
                    "CREATE TABLE customers (id int PRIMARY KEY, name text NOT NULL, balance numeric(10,2),"
                            + " born date, seen timestamp, active boolean, tags jsonb)",
                    // Updates and deletes carry the whole old row in "before".
                    "ALTER TABLE customers REPLICA IDENTITY FULL");
            for (int id = 1; id <= 5; id++) {
                execute(pg, insert(id));
            }
            DistributedSettings apacheCluster = DistributedSettings.of(kafka.bootstrapServers(), "dbz-apache")
                    .with("plugin.path", plugins.toString())
                    .with("key.converter", JSON)
                    .with("value.converter", JSON);
            try (EmbeddedWorkerCluster worker = EmbeddedWorkerCluster.builder()
                            .bootstrapServers(kafka.bootstrapServers())
                            .pluginPath(plugins)
                            .workerConfig(
                                    ConnectLayer.CONFIG,
                                    ConnectBridgeFileIT.layer().toString())
                            .workerConfig("key.converter", JSON)
                            .workerConfig("value.converter", JSON)
                            .workerConfig("offset.flush.interval.ms", "1000")
                            .workDir(dir.resolve("kanal"))
                            .build();
                    ApacheConnectWorker apache = ApacheConnectWorker.create(apacheCluster, dir.resolve("apache"))) {
                worker.putConnector("dbz-kanal", connectorConfig(pg, KANAL));
                worker.start();
                apache.start();
                apache.rest().createConnector("dbz-apache", connectorConfig(pg, APACHE), TIMEOUT);
                apache.rest().awaitRunning("dbz-apache", 1, TIMEOUT);
                assertThat(worker.view().connector("dbz-kanal").orElseThrow().tasks())
                        .singleElement()
                        .satisfies(task -> assertThat(task.status().state()).isEqualTo(StatusState.RUNNING));
                // Both snapshots are read (their last record is written after the read): from here on, every change
                // reaches both slots and nothing else.
                awaitRecords(kafka, topic(KANAL), 5);
                awaitRecords(kafka, topic(APACHE), 5);
                long kanalSlotAtStart = confirmedFlushLsn(pg, KANAL);

                List<Change> changes = new ArrayList<>();
                apply(
                        pg,
                        changes,
                        List.of(
                                new Change(insert(6), "c", 6),
                                new Change(insert(7), "c", 7),
                                new Change(update(1, "balance = balance + 10.25"), "u", 1),
                                new Change(update(6, "tags = '{\"vip\": true}', active = false"), "u", 6),
                                new Change("DELETE FROM customers WHERE id = 2", "d", 2)));
                awaitRecords(kafka, topic(KANAL), expectedRecords(changes));

                worker.stop();
                // Changes while the Kanal worker is down: read from the stored LSN on when it comes back.
                apply(
                        pg,
                        changes,
                        List.of(
                                new Change(insert(8), "c", 8),
                                new Change(update(3, "name = 'renamed', born = NULL"), "u", 3),
                                new Change("DELETE FROM customers WHERE id = 6", "d", 6),
                                new Change(update(7, "seen = '2026-12-05 11:00:00.123456'"), "u", 7)));
                worker.start();
                // Two changes in one transaction, and more after the restart.
                try (Connection c = connect(pg)) {
                    c.setAutoCommit(false);
                    try (Statement st = c.createStatement()) {
                        st.execute(insert(9));
                        st.execute(update(4, "balance = NULL"));
                    }
                    c.commit();
                }
                changes.add(new Change(insert(9), "c", 9));
                changes.add(new Change(update(4, "balance = NULL"), "u", 4));
                apply(
                        pg,
                        changes,
                        List.of(
                                new Change(update(8, "active = true"), "u", 8),
                                new Change("DELETE FROM customers WHERE id = 9", "d", 9)));
                awaitRecords(kafka, topic(KANAL), expectedRecords(changes));

                // The connector stopped and resumed on a running worker (its task stops, commits and starts again).
                ConnectRest kanalRest = new ConnectRest(worker.restUri());
                assertThat(kanalRest.put("connectors/dbz-kanal/stop", Map.of()).status())
                        .isBetween(200, 204);
                await("dbz-kanal stopped")
                        .atMost(TIMEOUT)
                        .until(() -> worker.view()
                                        .connector("dbz-kanal")
                                        .orElseThrow()
                                        .status()
                                        .state()
                                == StatusState.STOPPED);
                apply(pg, changes, List.of(new Change(insert(10), "c", 10)));
                assertThat(kanalRest
                                .put("connectors/dbz-kanal/resume", Map.of())
                                .status())
                        .isBetween(200, 204);
                kanalRest.awaitRunning("dbz-kanal", 1, TIMEOUT);
                apply(pg, changes, List.of(new Change(update(10, "name = 'after resume'"), "u", 10)));
                int expected = expectedRecords(changes);
                awaitRecords(kafka, topic(KANAL), expected);
                awaitRecords(kafka, topic(APACHE), expected);

                List<ConsumerRecord<String, String>> ours = Interop.readAll(kafka, topic(KANAL));
                List<ConsumerRecord<String, String>> theirs = Interop.readAll(kafka, topic(APACHE));
                assertStreamedExactlyOnce(ours, changes);
                assertStreamedExactlyOnce(theirs, changes);
                DebeziumComparison.assertSameEvents(ours, theirs);
                assertKanalStoredDebeziumsOffset(worker.offsetsFile());
                assertLogicalTypes(ours);
                assertSameHeartbeats(kafka);
                DebeziumComparison.assertListedAlike(
                        new ConnectRest(worker.restUri()), apache.rest(), CONNECTOR, "3.6.0.Final");
                DebeziumComparison.assertSameValidation(
                        new ConnectRest(worker.restUri()), apache.rest(), connectorConfig(pg, "checked"));
                // Debezium confirms an LSN to its slot only from SourceTask.commit() after Connect committed the
                // records' offsets (commitRecord): on Kanal, as on Apache, the slot advances to the last change.
                await("Kanal's slot confirmed up to where Apache's is")
                        .atMost(TIMEOUT)
                        .pollInterval(Duration.ofMillis(200))
                        .until(() -> confirmedFlushLsn(pg, KANAL) == confirmedFlushLsn(pg, APACHE)
                                && confirmedFlushLsn(pg, KANAL) > kanalSlotAtStart);
            }
        }
    }

    /**
     * Discovery of the unpacked archive as Connect's isolation has it: Debezium's connector, converters and
     * transforms are the location's own classes; the {@code connect-api} 4.3.0 and {@code kafka-clients} 4.3.0 it
     * bundles are ignored in favour of the layer's 4.3.1, as Apache's worker ignores them. The only load failures are
     * the three config providers of the bundled {@code kafka-clients}: Connect's rules load config provider classes
     * from the plugin, and the bridge runs no Connect config providers (Kanal's own answer to their names).
     */
    @Test
    void theArchiveIsDiscoveredWithConnectsIsolation() throws Exception {
        Path plugins = deployDebezium();
        try (ConnectLayer layer = ConnectLayer.open(
                        ConnectBridgeFileIT.layer(),
                        PluginDiscovery.SERVICE_LOAD,
                        getClass().getClassLoader());
                PluginRegistry registry =
                        PluginRegistry.load(PluginPath.of(List.of(plugins)), PluginRegistry.Builtins.NONE, layer)) {
            PluginDescriptor connector = registry.resolveConnector(CONNECTOR, null);
            assertThat(connector.bridged()).isNotNull();
            assertThat(connector.version().toString()).isEqualTo("3.6.0.Final");
            ClassLoader loader = connector.loader();
            assertThat(loader.loadClass(CONNECTOR).getClassLoader()).isSameAs(loader);
            Class<?> sourceConnector = loader.loadClass("org.apache.kafka.connect.source.SourceConnector");
            assertThat(sourceConnector.getClassLoader()).isNotSameAs(loader);
            assertThat(sourceConnector
                            .getProtectionDomain()
                            .getCodeSource()
                            .getLocation()
                            .getPath())
                    .endsWith("connect-api-4.3.1.jar");
            Class<?> appInfo = loader.loadClass("org.apache.kafka.common.utils.AppInfoParser");
            assertThat(appInfo.getMethod("getVersion").invoke(null)).isEqualTo("4.3.1");
            assertThat(registry.plugins(PluginType.TRANSFORMATION))
                    .extracting(PluginDescriptor::className)
                    .contains("io.debezium.transforms.ExtractNewRecordState");
            assertThat(registry.plugins(PluginType.CONVERTER))
                    .extracting(PluginDescriptor::className)
                    .contains("io.debezium.converters.CloudEventsConverter");
            // The config providers of Debezium's bundled kafka-clients load through the bridge as Connect config
            // providers (Apache's include list takes them from the plugin): nothing in the archive fails to load.
            assertThat(registry.plugins(PluginType.CONFIGPROVIDER))
                    .extracting(PluginDescriptor::className)
                    .contains(
                            "org.apache.kafka.common.config.provider.FileConfigProvider",
                            "org.apache.kafka.common.config.provider.DirectoryConfigProvider",
                            "org.apache.kafka.common.config.provider.EnvVarConfigProvider");
            assertThat(registry.failures())
                    .extracting(PluginLoadFailure::className)
                    .isEmpty();
        }
    }

    /**
     * The topic holds the 5 snapshot reads, then each change once, in commit order, each delete followed by its
     * tombstone; the streamed events' LSNs strictly increase (none read twice after the restart).
     */
    private static void assertStreamedExactlyOnce(List<ConsumerRecord<String, String>> records, List<Change> changes)
            throws Exception {
        assertThat(records).hasSize(expectedRecords(changes));
        List<String> seen = new ArrayList<>();
        List<String> want = new ArrayList<>();
        for (int id = 1; id <= 5; id++) {
            want.add("r" + id);
        }
        for (Change change : changes) {
            want.add(change.op() + change.id());
            if (change.op().equals("d")) {
                want.add("tombstone" + change.id());
            }
        }
        long lastLsn = -1;
        for (ConsumerRecord<String, String> r : records) {
            int id = MAPPER.readTree(r.key()).path("payload").path("id").asInt();
            if (r.value() == null) {
                seen.add("tombstone" + id);
                continue;
            }
            JsonNode payload = MAPPER.readTree(r.value()).path("payload");
            seen.add(payload.path("op").asText() + id);
            JsonNode source = payload.path("source");
            if (source.path("snapshot").asText().equals("false")) {
                long lsn = source.path("lsn").asLong();
                assertThat(lsn).as("the LSN of %s", r.value()).isGreaterThan(lastLsn);
                lastLsn = lsn;
            }
        }
        assertThat(seen).containsExactlyElementsOf(want);
    }

    /**
     * The events carry Connect's and Debezium's logical types through the bridge: {@code numeric} as Connect's {@code
     * Decimal}, {@code date}, {@code timestamp} and {@code jsonb} as Debezium's semantic types.
     */
    private static void assertLogicalTypes(List<ConsumerRecord<String, String>> records) throws Exception {
        JsonNode after = null;
        for (JsonNode field :
                MAPPER.readTree(records.get(0).value()).path("schema").path("fields")) {
            if (field.path("field").asText().equals("after")) {
                after = field;
            }
        }
        assertThat(after).isNotNull();
        Map<String, String> names = new HashMap<>();
        for (JsonNode field : after.path("fields")) {
            names.put(field.path("field").asText(), field.path("name").asText());
        }
        assertThat(names)
                .containsEntry("balance", "org.apache.kafka.connect.data.Decimal")
                .containsEntry("born", "io.debezium.time.Date")
                .containsEntry("seen", "io.debezium.time.MicroTimestamp")
                .containsEntry("tags", "io.debezium.data.Json");
    }

    /** The LSN a slot's consumer confirmed, as a number ({@code X/Y} is two 32-bit halves in hex). */
    private static long confirmedFlushLsn(PostgresServer pg, String prefix) throws SQLException {
        try (Connection c = connect(pg);
                Statement st = c.createStatement();
                var rs = st.executeQuery("SELECT confirmed_flush_lsn FROM pg_replication_slots WHERE slot_name = '"
                        + prefix + "_slot'")) {
            assertThat(rs.next()).as("slot %s_slot exists", prefix).isTrue();
            String[] halves = rs.getString(1).split("/");
            return (Long.parseLong(halves[0], 16) << 32) | Long.parseLong(halves[1], 16);
        }
    }

    /** Connect's offset for Debezium's partition {@code {"server": <prefix>}} in Kanal's offsets file. */
    private static void assertKanalStoredDebeziumsOffset(Path offsetsFile) throws Exception {
        JsonNode offsets = MAPPER.readTree(offsetsFile.toFile());
        JsonNode entry = null;
        for (JsonNode candidate : offsets.path("offsets")) {
            if (candidate.path("key").path(0).asText().equals("dbz-kanal")) {
                entry = candidate;
            }
        }
        assertThat(entry).as("Debezium's stored offset in %s", offsets).isNotNull();
        assertThat(entry.path("key").path(1).toString()).isEqualTo("{\"server\":\"" + KANAL + "\"}");
        assertThat(entry.path("value").path("lsn").asLong()).isPositive();
    }

    private static Map<String, String> connectorConfig(PostgresServer pg, String prefix) {
        Map<String, String> config = new HashMap<>();
        config.put("connector.class", CONNECTOR);
        config.put("tasks.max", "1");
        config.put("database.hostname", "127.0.0.1");
        config.put("database.port", Integer.toString(pg.port()));
        config.put("database.user", PostgresServer.USER);
        config.put("database.password", PostgresServer.PASSWORD);
        config.put("database.dbname", "postgres");
        config.put("topic.prefix", prefix);
        config.put("plugin.name", "pgoutput");
        config.put("slot.name", prefix + "_slot");
        config.put("publication.name", prefix + "_publication");
        config.put("publication.autocreate.mode", "filtered");
        config.put("table.include.list", TABLE);
        // Heartbeat records: a second topic, and source offsets that move without table changes.
        config.put("heartbeat.interval.ms", "1000");
        return config;
    }

    /**
     * Both connectors write heartbeats to their own heartbeat topic: the same key and value apart from the topic
     * prefix (the key's {@code serverName}) and the time ({@code ts_ms}).
     */
    private static void assertSameHeartbeats(KafkaCluster kafka) throws Exception {
        awaitRecords(kafka, heartbeats(KANAL), 1);
        awaitRecords(kafka, heartbeats(APACHE), 1);
        ConsumerRecord<String, String> ours =
                Interop.readAll(kafka, heartbeats(KANAL)).get(0);
        ConsumerRecord<String, String> theirs =
                Interop.readAll(kafka, heartbeats(APACHE)).get(0);
        assertThat(MAPPER.readTree(ours.key())
                        .path("payload")
                        .path("serverName")
                        .asText())
                .isEqualTo(KANAL);
        assertThat(ours.key()).isEqualTo(theirs.key().replace("\"" + APACHE + "\"", "\"" + KANAL + "\""));
        assertThat(MAPPER.readTree(ours.value()).path("payload").path("ts_ms").asLong())
                .isPositive();
        assertThat(DebeziumComparison.withoutProcessingTime(ours.value(), KANAL))
                .isEqualTo(DebeziumComparison.withoutProcessingTime(theirs.value(), APACHE));
    }

    private static String heartbeats(String prefix) {
        return "__debezium-heartbeat." + prefix;
    }

    private static String topic(String prefix) {
        return prefix + "." + TABLE;
    }

    private static String insert(int id) {
        return "INSERT INTO customers VALUES (" + id + ", 'customer " + id + "', " + (id * 100) + ".5, '19" + (70 + id)
                + "-0" + (id % 9 + 1) + "-1" + id % 10 + "', '2026-01-0" + (id % 9 + 1) + " 10:20:30.5', "
                + (id % 2 == 0) + ", '{\"n\": " + id + "}')";
    }

    private static String update(int id, String set) {
        return "UPDATE customers SET " + set + " WHERE id = " + id;
    }

    private static void apply(PostgresServer pg, List<Change> log, List<Change> changes) throws SQLException {
        for (Change change : changes) {
            execute(pg, change.sql());
            log.add(change);
        }
    }

    private static int expectedRecords(List<Change> changes) {
        return 5
                + changes.size()
                + (int) changes.stream().filter(c -> c.op().equals("d")).count();
    }

    private static void awaitRecords(KafkaCluster kafka, String topic, int count) {
        await("at least " + count + " records in " + topic)
                .atMost(TIMEOUT)
                .pollInterval(Duration.ofMillis(200))
                .until(() -> Pipelines.endOffsets(kafka, topic, 1) >= count);
    }

    private static void execute(PostgresServer pg, String... statements) throws SQLException {
        try (Connection c = connect(pg);
                Statement st = c.createStatement()) {
            for (String sql : statements) {
                st.execute(sql);
            }
        }
    }

    private static Connection connect(PostgresServer pg) throws SQLException {
        return DriverManager.getConnection(pg.jdbcUrl(), PostgresServer.USER, PostgresServer.PASSWORD);
    }

    /** A {@code plugin.path} directory with the unpacked archive's directory copied in, as a user installs it. */
    private Path deployDebezium() throws java.io.IOException {
        Path plugins = Files.createDirectories(dir.resolve("plugins"));
        Path debezium = debeziumPlugin();
        Path deployed = Files.createDirectories(plugins.resolve(debezium.getFileName()));
        try (var files = Files.list(debezium)) {
            for (Path file : files.toList()) {
                Files.copy(file, deployed.resolve(file.getFileName()));
            }
        }
        return plugins;
    }

    private static Path debeziumPlugin() {
        String dir = System.getProperty("kanal.test.debezium.postgres");
        assertThat(dir)
                .as("system property kanal.test.debezium.postgres (set by failsafe in testkit/worker/pom.xml)")
                .isNotNull();
        Path path = Path.of(dir).normalize();
        assertThat(path.resolve("debezium-connector-postgres-3.6.0.Final.jar"))
                .as("Debezium's unpacked plugin archive (maven-dependency-plugin unpack at pre-integration-test)")
                .isRegularFile();
        return path;
    }
}
