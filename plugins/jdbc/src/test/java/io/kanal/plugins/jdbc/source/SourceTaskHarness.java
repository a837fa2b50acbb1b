package io.kanal.plugins.jdbc.source;

import static org.awaitility.Awaitility.await;

import io.kanal.api.data.Struct;
import io.kanal.api.source.SourceRecord;
import io.kanal.api.testing.FakeContexts;
import io.kanal.testkit.postgres.PostgresServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Drives the JDBC source without a runtime: configurations, a connector's task configurations, tasks, SQL. */
final class SourceTaskHarness {

    private final PostgresServer postgres;

    SourceTaskHarness(PostgresServer postgres) {
        this.postgres = postgres;
    }

    void sql(String... statements) {
        try (Connection connection =
                        DriverManager.getConnection(postgres.jdbcUrl(), PostgresServer.USER, PostgresServer.PASSWORD);
                Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("SQL failed: " + e.getMessage(), e);
        }
    }

    /** A configuration for the tables of one schema, polled every 50 ms, 3 rows per batch. */
    Map<String, String> config(String schema, String mode, String... keyValues) {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("connection.url", postgres.jdbcUrl());
        config.put("connection.user", PostgresServer.USER);
        config.put("connection.password", PostgresServer.PASSWORD);
        config.put("connection.attempts", "2");
        config.put("connection.backoff.ms", "100");
        config.put("mode", mode);
        config.put("schema.pattern", schema);
        config.put("topic.prefix", "pg-");
        config.put("poll.interval.ms", "50");
        config.put("batch.max.rows", "3");
        for (int i = 0; i < keyValues.length; i += 2) {
            config.put(keyValues[i], keyValues[i + 1]);
        }
        return config;
    }

    static List<Map<String, String>> taskConfigs(Map<String, String> config, int maxTasks) {
        JdbcSourceConnector connector = new JdbcSourceConnector();
        connector.start(JdbcSourceConfig.CONNECTOR_SPEC.parse(config));
        try {
            return connector.taskConfigs(maxTasks);
        } finally {
            connector.stop();
        }
    }

    static JdbcSourceTask start(Map<String, String> taskConfig, Map<Map<String, ?>, Map<String, Object>> committed) {
        JdbcSourceTask task = new JdbcSourceTask();
        task.initialize(FakeContexts.source(taskConfig, committed));
        task.start(JdbcSourceConfig.TASK_SPEC.parse(taskConfig));
        return task;
    }

    static JdbcSourceTask startOnly(Map<String, String> config) {
        List<Map<String, String>> configs = taskConfigs(config, 1);
        return start(configs.get(0), Map.of());
    }

    /** Polls until at least {@code count} records came, and returns them all. */
    static List<SourceRecord> pollAtLeast(JdbcSourceTask task, int count) {
        List<SourceRecord> records = new ArrayList<>();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ZERO).until(() -> {
            records.addAll(task.poll());
            return records.size() >= count;
        });
        return records;
    }

    /** Polls until three polls in a row came back empty (each after a run found nothing): what is left. */
    static List<SourceRecord> pollRest(JdbcSourceTask task) throws InterruptedException {
        List<SourceRecord> records = new ArrayList<>();
        int empty = 0;
        while (empty < 3) {
            List<SourceRecord> batch = task.poll();
            records.addAll(batch);
            empty = batch.isEmpty() ? empty + 1 : 0;
        }
        return records;
    }

    /** What a runtime would have committed after these records: the last offset of each partition. */
    static Map<Map<String, ?>, Map<String, Object>> committed(List<SourceRecord> acknowledged) {
        Map<Map<String, ?>, Map<String, Object>> committed = new HashMap<>();
        for (SourceRecord record : acknowledged) {
            if (record.sourceOffset() != null) {
                committed.put(record.sourcePartition(), new HashMap<>(record.sourceOffset()));
            }
        }
        return committed;
    }

    static Struct value(SourceRecord record) {
        return (Struct) record.value();
    }

    static List<Integer> ids(List<SourceRecord> records) {
        return records.stream().map(r -> value(r).getInt32("id")).toList();
    }
}
