package io.kanal.testkit.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

class PostgresServerIT {

    @Test
    void aPrivateServerKeepsItsDataAcrossAStopAndRestartAndIsGoneAfterClose() throws Exception {
        Path dataDir;
        try (PostgresServer pg = PostgresServer.start()) {
            try (Connection c = connect(pg);
                    Statement st = c.createStatement()) {
                st.execute("CREATE TABLE kept (id int primary key, name text)");
                st.execute("INSERT INTO kept VALUES (1, 'one')");
            }
            pg.stop();
            assertThat(pg.isRunning()).isFalse();
            assertThatThrownBy(() -> connect(pg)).isInstanceOf(SQLException.class);

            pg.restart();
            try (Connection c = connect(pg);
                    Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("SELECT name FROM kept WHERE id = 1")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("one");
                dataDir = Path.of(singleValue(c, "SHOW data_directory")).getParent();
            }
        }
        assertThat(Files.exists(dataDir)).isFalse();
    }

    @Test
    void logicalReplicationSettingsAllowAPgoutputSlotAndSurviveARestart() throws Exception {
        try (PostgresServer pg = PostgresServer.start(PostgresServer.LOGICAL_REPLICATION)) {
            try (Connection c = connect(pg)) {
                assertThat(singleValue(c, "SHOW wal_level")).isEqualTo("logical");
                assertThat(singleValue(c, "SHOW max_replication_slots")).isEqualTo("10");
                assertThat(singleValue(c, "SELECT rolreplication FROM pg_roles WHERE rolname = current_user"))
                        .isEqualTo("t");
                assertThat(singleValue(c, "SELECT slot_name FROM pg_create_logical_replication_slot('s', 'pgoutput')"))
                        .isEqualTo("s");
            }
            pg.stop();
            pg.restart();
            try (Connection c = connect(pg)) {
                assertThat(singleValue(c, "SHOW wal_level")).isEqualTo("logical");
                assertThat(singleValue(c, "SELECT plugin FROM pg_replication_slots WHERE slot_name = 's'"))
                        .isEqualTo("pgoutput");
            }
        }
    }

    @Test
    void theDefaultServerHasNoLogicalDecoding() throws Exception {
        try (PostgresServer pg = PostgresServer.start();
                Connection c = connect(pg)) {
            assertThat(singleValue(c, "SHOW wal_level")).isEqualTo("replica");
        }
    }

    @Test
    void aWrongPasswordIsRefused() {
        try (PostgresServer pg = PostgresServer.start()) {
            assertThatThrownBy(() -> DriverManager.getConnection(pg.jdbcUrl(), PostgresServer.USER, "wrong"))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("password authentication failed");
        }
    }

    private static Connection connect(PostgresServer pg) throws SQLException {
        return DriverManager.getConnection(pg.jdbcUrl(), PostgresServer.USER, PostgresServer.PASSWORD);
    }

    private static String singleValue(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
