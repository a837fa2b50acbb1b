package io.kanal.plugins.jdbc.sink;

import static io.kanal.plugins.jdbc.sink.SinkFixture.config;
import static io.kanal.plugins.jdbc.sink.SinkFixture.rows;
import static io.kanal.plugins.jdbc.sink.SinkFixture.start;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.kanal.api.data.Schema;
import io.kanal.api.data.SchemaBuilder;
import io.kanal.api.data.Struct;
import io.kanal.api.errors.PluginException;
import io.kanal.api.errors.RetriableException;
import io.kanal.api.sink.SinkRecord;
import io.kanal.testkit.postgres.PostgresServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The database taken away from a running sink: puts fail with {@link RetriableException} after asking for the
 * back-off, the runtime's retry of the same records succeeds once the server is back, and no row is lost or doubled.
 */
class JdbcSinkRestartIT {

    private static final Schema VALUE = SchemaBuilder.struct()
            .field("id", Schema.INT64_SCHEMA)
            .field("payload", Schema.STRING_SCHEMA)
            .build();

    private PostgresServer server;
    private final RecordingSinkContext context = new RecordingSinkContext(true);
    private JdbcSinkTask task;

    @BeforeEach
    void startServer() {
        server = PostgresServer.start();
    }

    @AfterEach
    void stopAll() {
        if (task != null) {
            task.stop();
        }
        server.close();
    }

    private static List<SinkRecord> batch(int first, int count) {
        List<SinkRecord> records = new ArrayList<>();
        for (int i = first; i < first + count; i++) {
            records.add(new SinkRecord(
                    "orders",
                    0,
                    null,
                    null,
                    VALUE,
                    new Struct(VALUE).put("id", (long) i).put("payload", "p" + i),
                    i));
        }
        return records;
    }

    private Map<String, String> sinkConfig(String maxRetries) {
        return config(
                server,
                "auto.create",
                "true",
                "pk.mode",
                "record_value",
                "pk.fields",
                "id",
                "max.retries",
                maxRetries,
                "retry.backoff.ms",
                "250",
                "connection.attempts",
                "1",
                "connection.backoff.ms",
                "500");
    }

    /** What the runtime does: the same records again after each RetriableException, until the put succeeds. */
    private int putUntilWritten(List<SinkRecord> records, Runnable beforeRetry) {
        int failures = 0;
        while (true) {
            try {
                task.put(records);
                return failures;
            } catch (RetriableException e) {
                failures++;
                beforeRetry.run();
            }
        }
    }

    @Test
    void theDatabaseStoppedAndRestartedMidRunLosesNothing() throws Exception {
        task = start(context, sinkConfig("10"));
        task.put(batch(0, 1000));

        server.stop();
        List<SinkRecord> during = batch(1000, 1000);
        int failures = putUntilWritten(during, () -> {
            if (!server.isRunning()) {
                server.restart();
            }
        });
        task.put(batch(2000, 1000));

        assertThat(failures).isPositive();
        assertThat(context.timeouts).hasSize(failures).containsOnly(250L);
        assertThat(rows(server, "SELECT count(*), count(DISTINCT id), min(id), max(id) FROM orders"))
                .containsExactly(List.of(3000L, 3000L, 0L, 2999L));
        assertThat(context.reports).isEmpty();
    }

    @Test
    void theDatabaseStoppedWhileAPutWaitsInsideItsTransactionLosesNothing() throws Exception {
        task = start(context, sinkConfig("10"));
        task.put(batch(0, 1000));
        // A lock held by another session keeps the put's INSERT waiting inside its transaction, so that the server
        // goes down at a known point of the put rather than between two puts.
        Connection locker = DriverManager.getConnection(server.jdbcUrl(), PostgresServer.USER, PostgresServer.PASSWORD);
        locker.setAutoCommit(false);
        try (Statement lock = locker.createStatement()) {
            lock.execute("LOCK TABLE orders IN ACCESS EXCLUSIVE MODE");
        }
        CompletableFuture<Void> put = CompletableFuture.runAsync(() -> task.put(batch(1000, 5000)));
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> !rows(
                                server,
                                "SELECT 1 FROM pg_stat_activity WHERE application_name = 'kanal-jdbc-sink'"
                                        + " AND wait_event_type = 'Lock'")
                        .isEmpty());
        server.stop();
        // The server ended the locker's session too; closing it only releases the client side.
        locker.close();
        assertThatThrownBy(put::join).hasCauseInstanceOf(RetriableException.class);
        assertThat(context.timeouts).containsExactly(250L);

        int failures = putUntilWritten(batch(1000, 5000), () -> {
            if (!server.isRunning()) {
                server.restart();
            }
        });
        assertThat(failures + 1).isEqualTo(context.timeouts.size());
        assertThat(rows(server, "SELECT count(*), count(DISTINCT id), min(id), max(id) FROM orders"))
                .containsExactly(List.of(6000L, 6000L, 0L, 5999L));
    }

    @Test
    void retriesRunOutAfterMaxRetries() {
        task = start(context, sinkConfig("1"));
        task.put(batch(0, 10));
        server.stop();

        assertThatThrownBy(() -> task.put(batch(10, 10))).isInstanceOf(RetriableException.class);
        assertThatThrownBy(() -> task.put(batch(10, 10)))
                .isInstanceOf(PluginException.class)
                .isNotInstanceOf(RetriableException.class)
                .hasMessageContaining("after 1 retries")
                .hasMessageNotContaining(PostgresServer.PASSWORD);
        assertThat(context.timeouts).containsExactly(250L);
    }
}
