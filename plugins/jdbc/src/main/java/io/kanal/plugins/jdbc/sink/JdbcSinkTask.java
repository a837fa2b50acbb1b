package io.kanal.plugins.jdbc.sink;

import io.kanal.api.errors.PluginException;
import io.kanal.api.errors.RetriableException;
import io.kanal.api.sink.SinkRecord;
import io.kanal.api.sink.SinkTask;
import io.kanal.config.ConfigSpec;
import io.kanal.config.ParsedConfig;
import io.kanal.plugins.jdbc.PluginVersion;
import io.kanal.plugins.jdbc.connection.JdbcConnections;
import io.kanal.plugins.jdbc.connection.SqlErrors;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The task of {@link JdbcSinkConnector}: writes each {@link #put} to PostgreSQL in one transaction through a
 * {@link RecordWriter}, over a connection of its own HikariCP pool.
 *
 * <p>Failures of a put:
 *
 * <ul>
 *   <li>a record that cannot be written (no schema, a constraint, a bad value) is reported to the errant record
 *       reporter with its topic, partition and offset, and the others are committed;
 *   <li>a retriable error (connection lost, database restarting, serialization failure, deadlock) rolls the put
 *       back, asks the runtime to wait {@code retry.backoff.ms} ({@code context.timeout}) and throws {@link
 *       RetriableException}, so that the same records come again; after {@code max.retries} retries in a row the
 *       task fails. A success resets the count;
 *   <li>an error about the setup (a missing privilege, a table changed behind the task) fails the task.
 * </ul>
 *
 * A commit that fails by losing the connection leaves its outcome unknown: the put is retried, which an upsert
 * absorbs and a plain insert may report as duplicate keys (at least once).
 *
 * <p>{@code flush} has nothing to do: every put is committed before it returns, so the offsets the runtime commits
 * never pass what the database holds.
 *
 * <p>Threading: the runtime calls every method on the task's thread, one call at a time; HikariCP's housekeeping
 * thread lives from {@link #start} to {@link #stop}.
 */
public class JdbcSinkTask extends SinkTask {

    private static final Logger LOG = LoggerFactory.getLogger(JdbcSinkTask.class);

    private JdbcSinkConfig config;
    /** The URL without its parameters, which may hold a password: for messages. */
    private String database;

    private SinkConnectionPool pool;
    private RecordWriter writer;
    private int remainingRetries;

    /** For the runtime, which creates tasks through their public no-argument constructor. */
    public JdbcSinkTask() {}

    @Override
    public String version() {
        return PluginVersion.VERSION;
    }

    @Override
    public ConfigSpec configSpec() {
        return JdbcSinkConfig.SPEC;
    }

    @Override
    public void start(ParsedConfig parsed) {
        config = JdbcSinkConfig.from(parsed);
        String url = config.connection().url();
        database = JdbcConnections.redact(url);
        String name = "kanal-jdbc-sink-" + parsed.originals().getOrDefault("name", "task");
        pool = new SinkConnectionPool(config.connection(), config.dbTimeZone(), name);
        writer = new RecordWriter(
                config, new ErrantRecords(context() == null ? null : context().errantRecordReporter()));
        remainingRetries = config.maxRetries();
        LOG.info(
                "JDBC sink task started on {}: insert.mode={}, pk.mode={}, table.name.format={}",
                database,
                config.insertMode(),
                config.pkMode(),
                config.tableNameFormat());
    }

    @Override
    public void put(Collection<SinkRecord> records) {
        if (records.isEmpty()) {
            return;
        }
        try (Connection connection = pool.connection()) {
            writer.write(connection, records);
            remainingRetries = config.maxRetries();
        } catch (SQLException e) {
            throw failure(e, records.size());
        }
    }

    private RuntimeException failure(SQLException e, int count) {
        String what = "cannot write " + count + " records to " + database + ": " + SqlErrors.describe(e);
        // The root, not a batch exception, whose message quotes the statement's values.
        SQLException cause = SqlErrors.root(e);
        if (!SqlErrors.isRetriable(e)) {
            return new PluginException(what, cause);
        }
        if (remainingRetries <= 0) {
            return new PluginException(what + "; giving up after " + config.maxRetries() + " retries", cause);
        }
        remainingRetries--;
        LOG.warn("{}; retrying in {} ms ({} retries left)", what, config.retryBackoffMs(), remainingRetries);
        context().timeout(config.retryBackoffMs());
        return new RetriableException(what, cause);
    }

    @Override
    public void stop() {
        if (pool != null) {
            pool.close();
            pool = null;
        }
    }
}
