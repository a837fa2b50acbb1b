package io.kanal.plugins.jdbc.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kanal.config.Password;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class JdbcConnectionsTest {

    /** Nothing listens on port 1 of the loopback: every attempt is refused at once (SQLSTATE 08001). */
    private static ConnectionSettings refused(int attempts) {
        return new ConnectionSettings(
                "jdbc:postgresql://127.0.0.1:1/db",
                Optional.of("u"),
                Optional.of(new Password("p")),
                attempts,
                Duration.ofSeconds(10));
    }

    @Test
    void aRefusedConnectionIsTriedTheConfiguredNumberOfTimesWithTheBackoffBetween() {
        List<Duration> waits = new ArrayList<>();
        assertThatThrownBy(() -> JdbcConnections.open(refused(3), wait -> waits.add(wait)))
                .isInstanceOf(SQLException.class)
                .satisfies(
                        e -> assertThat(SqlErrors.isRetriable((SQLException) e)).isTrue());
        assertThat(waits).containsExactly(Duration.ofSeconds(10), Duration.ofSeconds(10));
    }

    @Test
    void aStopDuringTheBackoffEndsTheAttempts() {
        List<Duration> waits = new ArrayList<>();
        assertThatThrownBy(() -> JdbcConnections.open(refused(5), wait -> {
                    waits.add(wait);
                    return false; // the caller is stopping
                }))
                .isInstanceOf(SQLException.class);
        assertThat(waits).hasSize(1);
    }

    @Test
    void transientSqlStatesAreRetriableOthersAreNot() {
        assertThat(SqlErrors.isRetriable(new SQLException("gone", "08006"))).isTrue();
        assertThat(SqlErrors.isRetriable(new SQLException("serialization", "40001")))
                .isTrue();
        assertThat(SqlErrors.isRetriable(new SQLException("shutdown", "57P01"))).isTrue();
        assertThat(SqlErrors.isRetriable(new SQLTransientConnectionException("timeout")))
                .isTrue();
        assertThat(SqlErrors.isRetriable(new SQLException("syntax", "42601"))).isFalse();
        assertThat(SqlErrors.isRetriable(new SQLException("auth", "28P01"))).isFalse();
        assertThat(SqlErrors.isRetriable(new SQLException("no state"))).isFalse();
    }

    @Test
    void passwordsWrittenIntoTheUrlAreHiddenFromLogs() {
        assertThat(JdbcConnections.redact("jdbc:postgresql://h/db?user=a&password=s3cret&ssl=true"))
                .isEqualTo("jdbc:postgresql://h/db?user=a&password=[hidden]&ssl=true");
        assertThat(JdbcConnections.redact("jdbc:postgresql://a:s3cret@h:5432/db"))
                .isEqualTo("jdbc:postgresql://a:[hidden]@h:5432/db");
        assertThat(JdbcConnections.redact("jdbc:sqlserver://h;databaseName=d;Password=s3cret"))
                .isEqualTo("jdbc:sqlserver://h;databaseName=d;Password=[hidden]");
        assertThat(JdbcConnections.redact("jdbc:postgresql://h:5432/db")).isEqualTo("jdbc:postgresql://h:5432/db");
    }
}
