package io.kanal.plugins.jdbc.source;

import io.kanal.api.connector.SourceConnector;
import io.kanal.testkit.plugins.InvalidConfig;
import io.kanal.testkit.plugins.SourceConnectorConformance;
import io.kanal.testkit.postgres.PostgresServer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The plugin conformance suite for {@link JdbcSourceConnector}, in incrementing mode over two tables of a private
 * PostgreSQL (so the offsets check covers two source partitions), into which each step inserts rows.
 */
class JdbcSourceConformanceIT extends SourceConnectorConformance {

    private static PostgresServer postgres;
    private static SourceTaskHarness db;

    @BeforeAll
    static void startPostgres() {
        postgres = PostgresServer.start();
        db = new SourceTaskHarness(postgres);
        db.sql(
                "CREATE SCHEMA conformance",
                "CREATE TABLE conformance.orders (id serial PRIMARY KEY, item text NOT NULL, price numeric(8,2),"
                        + " placed timestamptz NOT NULL DEFAULT now(), tags text[])",
                "CREATE TABLE conformance.refunds (id bigserial PRIMARY KEY, amount double precision)");
    }

    @AfterAll
    static void stopPostgres() {
        postgres.close();
    }

    @Override
    protected Class<? extends SourceConnector> connectorClass() {
        return JdbcSourceConnector.class;
    }

    @Override
    protected Map<String, String> validConfig() {
        return db.config("conformance", "incrementing", "poll.interval.ms", "100", "batch.max.rows", "7");
    }

    @Override
    protected List<InvalidConfig> invalidConfigs() {
        return List.of(
                InvalidConfig.with(validConfig(), "mode", "sometimes"),
                InvalidConfig.with(validConfig(), "connection.url", "postgresql://host/db"),
                InvalidConfig.with(validConfig(), "numeric.mapping", "exact"),
                InvalidConfig.with(validConfig(), "db.timezone", "Mars/Base"),
                InvalidConfig.with(validConfig(), "batch.max.rows", "0"),
                InvalidConfig.with(validConfig(), "mode", "timestamp", List.of("timestamp.column.name")));
    }

    @Override
    protected void makeDataAvailable(int count) {
        db.sql(
                "INSERT INTO conformance.orders (item, price, tags) SELECT 'item ' || g, g * 1.25, ARRAY['a', NULL]"
                        + " FROM generate_series(1, " + count + ") g",
                "INSERT INTO conformance.refunds (amount) SELECT g / 3.0 FROM generate_series(1, " + count + ") g");
    }

    /** PostgreSQL's driver keeps one shared cleaner thread for the whole JVM, owned by no connection. */
    @Override
    protected boolean mayOutliveTask(Thread thread) {
        return thread.getName().startsWith("PostgreSQL-JDBC-Cleaner");
    }
}
