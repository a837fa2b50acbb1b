package io.kanal.plugins.jdbc.sink;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.kanal.plugins.jdbc.connection.ConnectionSettings;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.ZoneId;

/**
 * The task's HikariCP pool: one connection (a task writes one put at a time), opened on first use so that a task
 * starts while the database is down and its puts are retried instead. Sessions are set up for the sink:
 *
 * <ul>
 *   <li>{@code reWriteBatchedInserts}: the driver sends a batch of {@code INSERT}s as multi-row inserts;
 *   <li>{@code logServerErrorDetail=false}: the server's detail, which quotes row values, stays out of exception
 *       messages;
 *   <li>{@code stringtype=unspecified}: strings reach {@code json}, {@code uuid} or enum columns without a cast;
 *   <li>the session time zone is {@code db.timezone}, so timestamps bound without zone mean the same instant in
 *       {@code timestamp} and {@code timestamptz} columns;
 *   <li>no auto-commit: the sink commits once per put.
 * </ul>
 *
 * Getting a connection waits at most {@code connection.attempts} × {@code connection.backoff.ms} (at least 250 ms,
 * HikariCP's floor) before failing with a retriable error. Thread-safe (HikariCP's pool); owned by the task.
 */
final class SinkConnectionPool implements AutoCloseable {

    private final HikariDataSource pool;

    SinkConnectionPool(ConnectionSettings settings, ZoneId zone, String name) {
        HikariConfig config = new HikariConfig();
        config.setPoolName(name);
        config.setJdbcUrl(settings.url());
        settings.user().ifPresent(config::setUsername);
        settings.password().ifPresent(password -> config.setPassword(password.reveal()));
        config.setMaximumPoolSize(1);
        config.setMinimumIdle(0);
        config.setAutoCommit(false);
        config.setInitializationFailTimeout(-1);
        // Short: a put waiting for a connection while the database is away holds the task's thread, and stop waits
        // for it. The retries (max.retries x retry.backoff.ms, through RetriableException) give the patience.
        config.setConnectionTimeout(
                Math.max(250L, Math.min(5_000L, settings.backoff().toMillis())));
        // The zone ID was checked by ZoneId.of, so it holds no quote.
        config.setConnectionInitSql("SET TIME ZONE '" + zone.getId() + "'");
        config.addDataSourceProperty("reWriteBatchedInserts", "true");
        config.addDataSourceProperty("logServerErrorDetail", "false");
        config.addDataSourceProperty("stringtype", "unspecified");
        config.addDataSourceProperty("ApplicationName", "kanal-jdbc-sink");
        this.pool = new HikariDataSource(config);
    }

    /**
     * Borrows the connection; close it to give it back.
     *
     * @return a connection without auto-commit
     * @throws SQLException when none can be had in time (retriable: {@link java.sql.SQLTransientConnectionException})
     */
    Connection connection() throws SQLException {
        return pool.getConnection();
    }

    /** Closes the pool and its connection, and stops HikariCP's threads. */
    @Override
    public void close() {
        pool.close();
    }
}
