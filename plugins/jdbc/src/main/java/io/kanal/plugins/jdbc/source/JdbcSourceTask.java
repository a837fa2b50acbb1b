package io.kanal.plugins.jdbc.source;

import io.kanal.api.errors.PluginException;
import io.kanal.api.errors.RetriableException;
import io.kanal.api.source.SourceRecord;
import io.kanal.api.source.SourceTask;
import io.kanal.config.ConfigSpec;
import io.kanal.config.ParsedConfig;
import io.kanal.plugins.jdbc.PluginVersion;
import io.kanal.plugins.jdbc.connection.JdbcConnections;
import io.kanal.plugins.jdbc.connection.SqlErrors;
import io.kanal.plugins.jdbc.dialect.TableId;
import io.kanal.plugins.jdbc.source.SourceOffsets.Position;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The task of {@link JdbcSourceConnector}: polls its tables (or the custom query) through one {@link Querier} each,
 * on one JDBC connection.
 *
 * <p>Each {@link #poll} works on one querier: the one whose run is under way, else the one due first. It returns up
 * to {@code batch.max.rows} records of that run; when no querier is due, it waits until one is, but at most a second,
 * and returns an empty list, so the runtime stays in control. Waits (the poll interval, the back-off between
 * connection attempts) are on a latch that {@link #stop} releases, so a stop is never held up by them.
 *
 * <p>Failures: a retriable SQL failure (a lost connection, a rolled-back transaction) closes the connection and the
 * run; the same poll reconnects ({@code connection.attempts} times, {@code connection.backoff.ms} apart) and runs
 * the querier again from the last record it returned, so nothing is skipped. When that keeps failing, the poll
 * throws {@link RetriableException}. Any other SQL failure throws {@link PluginException} naming the table.
 *
 * <p>Threading: the runtime calls every method on the task's thread, one at a time, and that thread owns the
 * connection and the queriers. {@link #stop} may also come from another thread (Kafka Connect's threading, through
 * the bridge): it only releases the latch and then closes the connection, which fails a poll in progress promptly.
 */
public class JdbcSourceTask extends SourceTask {

    private static final Logger LOG = LoggerFactory.getLogger(JdbcSourceTask.class);

    /** The longest a poll waits for a querier to be due before returning an empty list. */
    private static final long MAX_IDLE_WAIT_MS = 1000;

    private final CountDownLatch stopped = new CountDownLatch(1);
    private final LongSupplier clockMs;

    private SourceSettings settings;
    private List<Querier> queriers;
    private Querier current;
    private volatile Connection connection;
    private String quote;
    /** The database, for logs and messages: the URL without a password written into it. */
    private String where;

    /** For the runtime, which creates tasks through their public no-argument constructor. */
    public JdbcSourceTask() {
        this(System::currentTimeMillis);
    }

    /** For tests: another clock. */
    JdbcSourceTask(LongSupplier clockMs) {
        this.clockMs = clockMs;
    }

    @Override
    public String version() {
        return PluginVersion.VERSION;
    }

    @Override
    public ConfigSpec configSpec() {
        return JdbcSourceConfig.TASK_SPEC;
    }

    @Override
    public void start(ParsedConfig config) {
        settings = SourceSettings.from(config);
        where = JdbcConnections.redact(settings.connection().url());
        List<QueryTarget> targets = new ArrayList<>();
        if (settings.query().isPresent()) {
            targets.add(QueryTarget.ofQuery(settings.query().get(), settings.topicPrefix()));
        } else {
            for (TableId table : TableId.decode(config.get(JdbcSourceConfig.TABLES))) {
                targets.add(QueryTarget.of(table, settings.topicPrefix()));
            }
        }
        Map<Map<String, String>, Map<String, Object>> committed = committedOffsets(targets);
        try {
            connect();
            if (connection == null) {
                throw new PluginException("stopped while connecting to " + where);
            }
            queriers = new ArrayList<>(targets.size());
            for (QueryTarget target : targets) {
                Position start = Position.fromMap(committed.get(target.partition()));
                if (target.table().isPresent()) {
                    for (Map<String, String> fallback :
                            SourceOffsets.fallbackPartitions(target.table().get())) {
                        if (start.equals(Position.START)) {
                            start = Position.fromMap(committed.get(fallback));
                        }
                    }
                }
                queriers.add(QuerierFactory.create(connection, target, settings, start));
                LOG.info(
                        "{}: polling {} in mode {} from {} into topic {}",
                        where,
                        target.describe(),
                        settings.mode().configValue(),
                        start,
                        target.topic());
            }
            connection.commit();
        } catch (SQLException e) {
            closeConnection(e);
            throw failure("cannot start on " + where, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closeConnection(e);
            throw new PluginException("interrupted while connecting to " + where, e);
        } catch (RuntimeException e) {
            // A querier refused its table (validate.non.null, no incrementing column): the runtime does not call
            // stop() after a failed start, so the connection is closed here.
            closeConnection(e);
            throw e;
        }
    }

    @Override
    public List<SourceRecord> poll() throws InterruptedException {
        int failures = 0;
        while (stopped.getCount() > 0) {
            Querier querier = current;
            try {
                if (connection == null && !reconnect()) {
                    return List.of();
                }
                if (querier == null) {
                    querier = queriers.stream()
                            .min(Comparator.comparingLong(Querier::nextRunMs))
                            .orElse(null);
                    if (querier == null) {
                        pause(MAX_IDLE_WAIT_MS); // no tables: nothing to do but wait for a stop
                        return List.of();
                    }
                    long waitMs = querier.nextRunMs() - clockMs.getAsLong();
                    if (waitMs > 0) {
                        pause(Math.min(waitMs, MAX_IDLE_WAIT_MS));
                        return List.of();
                    }
                    querier.start(connection, quote);
                    current = querier;
                }
                List<SourceRecord> records = querier.read(settings.batchMaxRows());
                if (querier.exhausted()) {
                    current = null;
                    querier.finish(clockMs.getAsLong());
                    connection.commit(); // ends the run's transaction, releasing its snapshot
                }
                if (!records.isEmpty()) {
                    return records;
                }
            } catch (SQLException e) {
                failures++;
                if (!recover(e, querier, failures)) {
                    return List.of();
                }
            }
        }
        return List.of();
    }

    @Override
    public void stop() {
        stopped.countDown();
        Querier querier = current;
        current = null;
        // Failures to close are collected as suppressed exceptions of one, thrown only when there are any.
        PluginException failure = new PluginException(
                querier == null
                        ? "cannot close the connection"
                        : "cannot close the run of " + querier.target().describe());
        if (querier != null) {
            querier.abort(failure);
        }
        closeConnection(failure);
        if (failure.getSuppressed().length > 0) {
            throw failure;
        }
    }

    /**
     * After a SQL failure in a poll: closes the run and the connection, and decides. A retriable failure is tried
     * again (true) after the back-off, until {@code connection.attempts} failures in this poll; then, or for any other
     * failure, it is thrown. False when a stop came during the back-off.
     */
    private boolean recover(SQLException e, Querier querier, int failures) throws InterruptedException {
        String what = querier == null ? "polling" : querier.target().describe();
        if (querier != null) {
            querier.abort(e);
        }
        current = null;
        closeConnection(e);
        if (!SqlErrors.isRetriable(e)) {
            throw new PluginException(what + " failed on " + where + ": " + e.getMessage(), e);
        }
        if (failures >= settings.connection().attempts()) {
            throw new RetriableException(
                    what + " failed " + failures + " times on " + where + ": " + e.getMessage(), e);
        }
        LOG.warn(
                "{} failed on {} (attempt {} of {}), reconnecting: {}",
                what,
                where,
                failures,
                settings.connection().attempts(),
                e.getMessage());
        return pause(settings.connection().backoff().toMillis());
    }

    /** Opens the connection; a stop during the back-off gives up quietly (false). */
    private boolean reconnect() throws InterruptedException {
        try {
            connect();
            return connection != null;
        } catch (SQLException e) {
            throw failure("cannot connect to " + where, e);
        }
    }

    private void connect() throws SQLException, InterruptedException {
        Connection c = JdbcConnections.open(settings.connection(), wait -> pause(wait.toMillis()));
        try {
            c.setAutoCommit(false); // the driver streams a result set by the fetch size only in a transaction
            c.setReadOnly(true);
            String q = c.getMetaData().getIdentifierQuoteString();
            quote = q == null ? "" : q.trim();
        } catch (SQLException e) {
            try {
                c.close();
            } catch (SQLException closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
        if (stopped.getCount() == 0) {
            c.close();
            return;
        }
        connection = c;
    }

    private void closeConnection(Exception failure) {
        Connection c = connection;
        connection = null;
        if (c != null) {
            try {
                c.close();
            } catch (SQLException e) {
                failure.addSuppressed(e);
            }
        }
    }

    private static PluginException failure(String what, SQLException e) {
        String message = what + ": " + e.getMessage();
        return SqlErrors.isRetriable(e) ? new RetriableException(message, e) : new PluginException(message, e);
    }

    /** Waits on the stop latch; false when stopped. */
    private boolean pause(long millis) throws InterruptedException {
        return !stopped.await(millis, TimeUnit.MILLISECONDS);
    }

    private Map<Map<String, String>, Map<String, Object>> committedOffsets(List<QueryTarget> targets) {
        List<Map<String, String>> partitions = new ArrayList<>();
        for (QueryTarget target : targets) {
            partitions.add(target.partition());
            target.table().ifPresent(table -> partitions.addAll(SourceOffsets.fallbackPartitions(table)));
        }
        return context().offsetReader().offsets(partitions);
    }
}
