package io.kanal.plugins.jdbc.sink;

import io.kanal.api.sink.SinkRecord;
import io.kanal.testkit.postgres.PostgresServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Helpers of the sink's integration tests: a task on a server, and plain JDBC to look at the tables. */
final class SinkFixture {

    private SinkFixture() {}

    static Map<String, String> config(PostgresServer server, String... keyValues) {
        Map<String, String> config = new HashMap<>();
        config.put("connection.url", server.jdbcUrl());
        config.put("connection.user", PostgresServer.USER);
        config.put("connection.password", PostgresServer.PASSWORD);
        for (int i = 0; i < keyValues.length; i += 2) {
            config.put(keyValues[i], keyValues[i + 1]);
        }
        return config;
    }

    static JdbcSinkTask start(RecordingSinkContext context, Map<String, String> config) {
        JdbcSinkTask task = new JdbcSinkTask();
        task.initialize(context);
        task.start(task.configSpec().parse(config));
        return task;
    }

    static void execute(PostgresServer server, String sql) throws SQLException {
        try (Connection c = connect(server);
                Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    /** Every row of a query, each as a list of its column values (JDBC objects). */
    static List<List<Object>> rows(PostgresServer server, String sql) throws SQLException {
        List<List<Object>> rows = new ArrayList<>();
        try (Connection c = connect(server);
                Statement s = c.createStatement();
                ResultSet r = s.executeQuery(sql)) {
            int columns = r.getMetaData().getColumnCount();
            while (r.next()) {
                List<Object> row = new ArrayList<>();
                for (int i = 1; i <= columns; i++) {
                    row.add(r.getObject(i));
                }
                rows.add(row);
            }
        }
        return rows;
    }

    static long count(PostgresServer server, String table) throws SQLException {
        return (Long)
                rows(server, "SELECT count(*) FROM \"" + table + "\"").get(0).get(0);
    }

    static String coordinates(SinkRecord record) {
        return record.topic() + "/" + record.kafkaPartition() + "/" + record.kafkaOffset();
    }

    private static Connection connect(PostgresServer server) throws SQLException {
        return DriverManager.getConnection(server.jdbcUrl(), PostgresServer.USER, PostgresServer.PASSWORD);
    }
}
