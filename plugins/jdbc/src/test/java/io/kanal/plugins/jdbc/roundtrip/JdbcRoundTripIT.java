package io.kanal.plugins.jdbc.roundtrip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kanal.client.admin.AdminClient;
import io.kanal.client.admin.NewTopic;
import io.kanal.runtime.herder.StatusState;
import io.kanal.testkit.KafkaCluster;
import io.kanal.testkit.junit.WithKafkaCluster;
import io.kanal.testkit.postgres.PostgresServer;
import io.kanal.testkit.worker.EmbeddedWorkerCluster;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JDBC source and the JDBC sink together in a real worker on a real broker, with JSON carrying the schemas in
 * between: a table copied through Kafka into another table is equal to it, types included; incrementing mode copies
 * rows inserted while it runs and across a worker restart, each once; timestamp+incrementing mode carries updates,
 * which the sink's upsert applies. Tables are compared with SQL ({@code EXCEPT} both ways).
 */
@WithKafkaCluster
class JdbcRoundTripIT {

    private static final String JSON = "org.apache.kafka.connect.json.JsonConverter";
    private static final Duration TIMEOUT = Duration.ofSeconds(90);

    private static PostgresServer postgres;

    @TempDir
    Path dir;

    @BeforeAll
    static void startPostgres() {
        postgres = PostgresServer.start();
    }

    @AfterAll
    static void stopPostgres() {
        postgres.close();
    }

    @Test
    void aTableOfManyTypesCopiedThroughKafkaIntoAnotherTableEqualsTheOriginal(KafkaCluster cluster) throws Exception {
        int rows = 100_000;
        sql(
                "CREATE SCHEMA types",
                "CREATE TABLE types.everything (id bigint PRIMARY KEY, i integer, s smallint, r real,"
                        + " d double precision, n numeric(12,3), b boolean, t text NOT NULL, v varchar(40), dt date,"
                        + " tm time, ts timestamp, tstz timestamptz, by bytea, j json, jb jsonb, u uuid)",
                // Every nullable column is NULL in some rows, each on its own rhythm; times and timestamps have
                // millisecond precision, which is what the data model's Time and Timestamp carry.
                "INSERT INTO types.everything SELECT g,"
                        + " CASE WHEN g % 7 = 0 THEN NULL ELSE g * 21407 - 1000000000 END,"
                        + " CASE WHEN g % 11 = 0 THEN NULL ELSE (g % 65535 - 32767)::smallint END,"
                        + " CASE WHEN g % 13 = 0 THEN NULL ELSE (g * 1.1 - 3000)::real END,"
                        + " CASE WHEN g % 17 = 0 THEN NULL ELSE g / 3.0::double precision * pi() END,"
                        + " CASE WHEN g % 19 = 0 THEN NULL ELSE (g * 1234.567 - 50000000)::numeric(12,3) END,"
                        + " CASE WHEN g % 5 = 0 THEN NULL ELSE g % 3 = 0 END,"
                        + " 'row ' || g || E' \\'quoted\\' \"double\" ünïcödé €\\ttab\\nnewline \\\\ backslash',"
                        + " CASE WHEN g % 23 = 0 THEN NULL ELSE md5(g::text) END,"
                        + " CASE WHEN g % 29 = 0 THEN NULL ELSE DATE '1970-01-01' + (g - 50000) END,"
                        + " CASE WHEN g % 31 = 0 THEN NULL"
                        + "   ELSE TIME '00:00' + (g::bigint * 86399 % 86400000) * INTERVAL '1 millisecond' END,"
                        + " CASE WHEN g % 37 = 0 THEN NULL"
                        + "   ELSE TIMESTAMP '1960-01-01 00:00:00.007' + g * INTERVAL '1 hour 1 minute 1.001 second'"
                        + "   END,"
                        + " CASE WHEN g % 41 = 0 THEN NULL"
                        + "   ELSE TIMESTAMPTZ '2020-01-01 00:00:00+02' + g * INTERVAL '17 minutes 0.123 second' END,"
                        + " CASE WHEN g % 43 = 0 THEN NULL ELSE decode(md5(g::text) || '00ff', 'hex') END,"
                        + " CASE WHEN g % 47 = 0 THEN NULL ELSE json_build_object('g', g, 'name', 'n' || g) END,"
                        + " CASE WHEN g % 53 = 0 THEN NULL ELSE jsonb_build_object('g', g, 'list', json_build_array(1, g))"
                        + "   END,"
                        + " CASE WHEN g % 59 = 0 THEN NULL ELSE md5(g::text)::uuid END"
                        + " FROM generate_series(1, " + rows + ") g");
        createTopics(cluster, "rt-everything");
        long started = System.nanoTime();
        try (EmbeddedWorkerCluster worker = worker(cluster, "types")) {
            worker.putConnector("source", source("types", "incrementing", "incrementing.column.name", "id"));
            worker.putConnector("sink", upsertSink("rt-everything", "public.everything_copy"));
            worker.start();
            awaitCount("public.everything_copy", rows, worker);
            assertRunning(worker);
        }
        System.out.printf("%d rows of 17 types through Kafka and back in %d ms%n", rows, elapsedMs(started));

        // The column types the sink created are those the source's types map to.
        assertThat(columnTypes("public", "everything_copy"))
                .containsExactly(
                        "id bigint NO",
                        "i integer YES",
                        "s smallint YES",
                        "r real YES",
                        "d double precision YES",
                        "n numeric YES",
                        "b boolean YES",
                        "t text NO",
                        "v text YES",
                        "dt date YES",
                        "tm time without time zone YES",
                        "ts timestamp without time zone YES",
                        "tstz timestamp without time zone YES",
                        "by bytea YES",
                        "j text YES",
                        "jb text YES",
                        "u text YES");
        // The sink writes a timestamptz's instant as a UTC timestamp (db.timezone); json has no equality, so
        // both sides compare its text.
        String original = "SELECT id, i, s, r, d, n, b, t, v, dt, tm, ts, tstz AT TIME ZONE 'UTC', by, j::text,"
                + " jb::text, u::text FROM types.everything";
        String copy = "SELECT id, i, s, r, d, n, b, t, v, dt, tm, ts, tstz, by, j, jb, u FROM public.everything_copy";
        assertThat(queryRows(original + " EXCEPT " + copy + " ORDER BY 1 LIMIT 5"))
                .as("rows of the original not in the copy")
                .isEmpty();
        assertThat(queryRows(copy + " EXCEPT " + original + " ORDER BY 1 LIMIT 5"))
                .as("rows of the copy not in the original")
                .isEmpty();
        // numeric equality ignores the scale; the copy keeps the original's digits too.
        assertThat(queryRows("SELECT count(*) FROM types.everything o JOIN public.everything_copy c USING (id)"
                        + " WHERE o.n::text IS DISTINCT FROM c.n::text"))
                .containsExactly("0");
    }

    @Test
    void incrementingModeCopiesRowsInsertedWhileRunningAndAcrossARestartEachOnce(KafkaCluster cluster)
            throws Exception {
        sql(
                "CREATE SCHEMA inc",
                "CREATE TABLE inc.events (id bigserial PRIMARY KEY, name text NOT NULL, amount numeric(10,2))",
                "INSERT INTO inc.events (name, amount) SELECT 'event ' || g, g / 4.0 FROM generate_series(1, 1000) g");
        createTopics(cluster, "rt-events");
        try (EmbeddedWorkerCluster worker = worker(cluster, "inc")) {
            worker.putConnector("source", source("inc", "incrementing"));
            // Two sinks on the topic: an upsert keyed by the row's id, and a plain insert with no key, in which any
            // record written twice would be a second row.
            worker.putConnector("upsert", upsertSink("rt-events", "events_upsert"));
            worker.putConnector("insert", sink("rt-events", "events_insert", "insert.mode", "insert"));
            worker.start();
            awaitCount("events_insert", 1000, worker);
            for (int i = 0; i < 10; i++) {
                sql("INSERT INTO inc.events (name, amount) SELECT 'live ' || g, NULL FROM generate_series(1, 100) g");
            }
            awaitCount("events_insert", 2000, worker);

            worker.stop();
            sql("INSERT INTO inc.events (name, amount) SELECT 'stopped ' || g, 1 FROM generate_series(1, 500) g");
            worker.start();
            sql("INSERT INTO inc.events (name, amount) SELECT 'restarted ' || g, 2 FROM generate_series(1, 500) g");
            awaitCount("events_insert", 3000, worker);
            // One partition keeps the order: once a last row is in, any repeat before it would be too.
            sql("INSERT INTO inc.events (name) VALUES ('last')");
            awaitCount("events_upsert", 3001, worker);
            await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(100)).until(() -> queryRows(
                            "SELECT count(*) FROM events_insert WHERE name = 'last'")
                    .equals(List.of("1")));
        }
        assertThat(queryRows("SELECT count(*), count(DISTINCT id), min(id), max(id) FROM events_insert"))
                .containsExactly("3001 3001 1 3001");
        for (String copy : List.of("events_insert", "events_upsert")) {
            String original = "SELECT id, name, amount FROM inc.events";
            String copied = "SELECT id, name, amount FROM " + copy;
            assertThat(queryRows(original + " EXCEPT " + copied)).as(copy).isEmpty();
            assertThat(queryRows(copied + " EXCEPT " + original)).as(copy).isEmpty();
        }
    }

    @Test
    void timestampIncrementingModeCarriesUpdatesWhichTheSinkUpserts(KafkaCluster cluster) throws Exception {
        sql(
                "CREATE SCHEMA ts",
                "CREATE TABLE ts.items (id bigserial PRIMARY KEY, name text NOT NULL, price numeric(10,2),"
                        + " updated timestamptz NOT NULL DEFAULT clock_timestamp())",
                "INSERT INTO ts.items (name, price) SELECT 'item ' || g, g * 1.25 FROM generate_series(1, 500) g");
        createTopics(cluster, "rt-items");
        try (EmbeddedWorkerCluster worker = worker(cluster, "ts")) {
            worker.putConnector(
                    "source",
                    source(
                            "ts",
                            "timestamp+incrementing",
                            "incrementing.column.name",
                            "id",
                            "timestamp.column.name",
                            "updated"));
            worker.putConnector("sink", upsertSink("rt-items", "items_copy"));
            worker.start();
            awaitCount("items_copy", 500, worker);

            sql(
                    "UPDATE ts.items SET name = 'changed ' || id, price = NULL, updated = clock_timestamp()"
                            + " WHERE id % 10 = 0",
                    "UPDATE ts.items SET price = price * 2, updated = clock_timestamp() WHERE id % 7 = 0",
                    "INSERT INTO ts.items (name, price) VALUES ('new', 9.99)");
            String original = "SELECT id, name, price FROM ts.items";
            String copied = "SELECT id, name, price FROM items_copy";
            await().atMost(TIMEOUT)
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> queryRows(original + " EXCEPT " + copied).isEmpty());
            assertThat(queryRows(copied + " EXCEPT " + original)).isEmpty();
            assertThat(queryRows("SELECT count(*), count(*) FILTER (WHERE name LIKE 'changed %') FROM items_copy"))
                    .containsExactly("501 50");
            assertRunning(worker);
        }
    }

    private EmbeddedWorkerCluster worker(KafkaCluster cluster, String name) {
        return EmbeddedWorkerCluster.builder()
                .bootstrapServers(cluster.bootstrapServers())
                .pluginPath(plugin())
                .workerConfig("offset.flush.interval.ms", "500")
                .workDir(dir.resolve("worker-" + name))
                .build();
    }

    /** A source on the tables of one schema, to topics {@code rt-<table>}, as JSON with schemas. */
    private static Map<String, String> source(String schema, String mode, String... keyValues) {
        Map<String, String> config = connection();
        config.put("connector.class", "io.confluent.connect.jdbc.JdbcSourceConnector");
        config.put("mode", mode);
        config.put("schema.pattern", schema);
        config.put("topic.prefix", "rt-");
        config.put("poll.interval.ms", "100");
        config.put("batch.max.rows", "1000");
        put(config, keyValues);
        return config;
    }

    /** A sink of one topic into one table that it creates, upserting by the value's {@code id}. */
    private static Map<String, String> upsertSink(String topic, String table) {
        return sink(topic, table, "insert.mode", "upsert", "pk.mode", "record_value", "pk.fields", "id");
    }

    /** A sink of one topic into one table that it creates, from JSON with schemas. */
    private static Map<String, String> sink(String topic, String table, String... keyValues) {
        Map<String, String> config = connection();
        config.put("connector.class", "io.confluent.connect.jdbc.JdbcSinkConnector");
        config.put("topics", topic);
        config.put("table.name.format", table);
        config.put("auto.create", "true");
        config.put("batch.size", "3000");
        put(config, keyValues);
        return config;
    }

    private static Map<String, String> connection() {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("connection.url", postgres.jdbcUrl());
        config.put("connection.user", PostgresServer.USER);
        config.put("connection.password", PostgresServer.PASSWORD);
        config.put("value.converter", JSON);
        config.put("value.converter.schemas.enable", "true");
        return config;
    }

    private static void put(Map<String, String> config, String... keyValues) {
        for (int i = 0; i < keyValues.length; i += 2) {
            config.put(keyValues[i], keyValues[i + 1]);
        }
    }

    private static void createTopics(KafkaCluster cluster, String... topics) throws Exception {
        List<NewTopic> newTopics = new ArrayList<>();
        for (String topic : topics) {
            newTopics.add(NewTopic.of(topic, 1, 1));
        }
        try (AdminClient admin = AdminClient.create(Map.of("bootstrap.servers", cluster.bootstrapServers()))) {
            admin.createTopics(newTopics, false).get().orThrow();
        }
    }

    /** Waits until a table the sink creates holds a number of rows, failing early when a task fails. */
    private static void awaitCount(String table, long rows, EmbeddedWorkerCluster worker) {
        await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(200)).until(() -> {
            assertNoTaskFailed(worker);
            List<String> count = queryRows(
                    "SELECT count(*) FROM pg_tables WHERE schemaname || '.' || tablename = '" + qualified(table) + "'");
            return count.equals(List.of("1"))
                    && Long.parseLong(queryRows("SELECT count(*) FROM " + table).get(0)) >= rows;
        });
        assertThat(Long.parseLong(queryRows("SELECT count(*) FROM " + table).get(0)))
                .as("rows in %s", table)
                .isEqualTo(rows);
    }

    private static String qualified(String table) {
        return table.contains(".") ? table : "public." + table;
    }

    /** Tasks may be unassigned for a moment while the worker starts; a failed one ends the wait at once. */
    private static void assertNoTaskFailed(EmbeddedWorkerCluster worker) {
        worker.view().connectors().values().forEach(connector -> connector
                .tasks()
                .forEach(task -> assertThat(task.status().state())
                        .as("task %s: %s", task.id(), task.status())
                        .isNotEqualTo(StatusState.FAILED)));
    }

    private static void assertRunning(EmbeddedWorkerCluster worker) {
        worker.view().connectors().values().forEach(connector -> connector
                .tasks()
                .forEach(task -> assertThat(task.status().state())
                        .as("task %s: %s", task.id(), task.status())
                        .isEqualTo(StatusState.RUNNING)));
    }

    private static List<String> columnTypes(String schema, String table) {
        return queryRows("SELECT column_name, data_type, is_nullable FROM information_schema.columns"
                + " WHERE table_schema = '" + schema + "' AND table_name = '" + table + "' ORDER BY ordinal_position");
    }

    /** Each row of a query as its columns' text joined by spaces. */
    private static List<String> queryRows(String query) {
        try (Connection connection = connect();
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery(query)) {
            List<String> rows = new ArrayList<>();
            int columns = result.getMetaData().getColumnCount();
            while (result.next()) {
                List<String> values = new ArrayList<>(columns);
                for (int c = 1; c <= columns; c++) {
                    values.add(result.getString(c));
                }
                rows.add(String.join(" ", values));
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException("query failed: " + query, e);
        }
    }

    private static void sql(String... statements) {
        try (Connection connection = connect();
                Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("SQL failed: " + e.getMessage(), e);
        }
    }

    private static Connection connect() throws SQLException {
        return DriverManager.getConnection(postgres.jdbcUrl(), PostgresServer.USER, PostgresServer.PASSWORD);
    }

    private static long elapsedMs(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1_000_000;
    }

    private static Path plugin() {
        String path = System.getProperty("kanal.test.plugin.jdbc");
        assertThat(path)
                .as("system property kanal.test.plugin.jdbc (set by failsafe)")
                .isNotNull();
        assertThat(Path.of(path).resolve("kanal-jdbc")).as("plugins/jdbc built").isDirectory();
        return Path.of(path);
    }
}
