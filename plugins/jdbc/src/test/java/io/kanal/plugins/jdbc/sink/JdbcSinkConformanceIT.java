package io.kanal.plugins.jdbc.sink;

import io.kanal.api.connector.SinkConnector;
import io.kanal.testkit.plugins.InvalidConfig;
import io.kanal.testkit.plugins.SinkConnectorConformance;
import io.kanal.testkit.postgres.PostgresServer;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * The plugin conformance suite for {@link JdbcSinkConnector} on a private PostgreSQL: the kit's {@code {id, name}}
 * rows upserted by {@code id} into a table the sink creates, read back by {@code id}.
 */
class JdbcSinkConformanceIT extends SinkConnectorConformance {

    private static final String TABLE = "sink_conformance";

    private static PostgresServer server;

    @BeforeAll
    static void startServer() {
        server = PostgresServer.start();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @BeforeEach
    void emptyDatabase() throws SQLException {
        SinkFixture.execute(server, "DROP TABLE IF EXISTS " + TABLE);
    }

    @Override
    protected Class<? extends SinkConnector> connectorClass() {
        return JdbcSinkConnector.class;
    }

    @Override
    protected Map<String, String> validConfig() {
        return SinkFixture.config(
                server,
                "table.name.format",
                TABLE,
                "auto.create",
                "true",
                "insert.mode",
                "upsert",
                "pk.mode",
                "record_value",
                "pk.fields",
                "id");
    }

    @Override
    protected List<InvalidConfig> invalidConfigs() {
        Map<String, String> valid = validConfig();
        return List.of(
                InvalidConfig.with(valid, "insert.mode", "merge"),
                InvalidConfig.with(valid, "pk.mode", "none"),
                InvalidConfig.with(valid, "delete.enabled", "true", List.of("delete.enabled")),
                InvalidConfig.with(valid, "db.timezone", "Mars/Olympus"),
                InvalidConfig.with(valid, "batch.size", "0"),
                InvalidConfig.with(valid, "connection.url", "postgresql://localhost/db"));
    }

    @Override
    protected List<Object> writtenIdentities() throws SQLException {
        if (SinkFixture.rows(server, "SELECT to_regclass('" + TABLE + "')")
                        .get(0)
                        .get(0)
                == null) {
            return List.of();
        }
        return SinkFixture.rows(server, "SELECT id FROM " + TABLE).stream()
                .map(row -> row.get(0))
                .toList();
    }
}
