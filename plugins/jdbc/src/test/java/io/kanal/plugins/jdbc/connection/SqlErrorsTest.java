package io.kanal.plugins.jdbc.connection;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.BatchUpdateException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;

class SqlErrorsTest {

    private static SQLException state(String sqlState) {
        return new SQLException("failed", sqlState);
    }

    @Test
    void connectionLossSerializationDeadlockAndShutdownAreRetriable() {
        assertThat(SqlErrors.isRetriable(state("08006"))).isTrue();
        assertThat(SqlErrors.isRetriable(state("08001"))).isTrue();
        assertThat(SqlErrors.isRetriable(state("40001"))).isTrue();
        assertThat(SqlErrors.isRetriable(state("40P01"))).isTrue();
        assertThat(SqlErrors.isRetriable(state("57P01"))).isTrue();
        assertThat(SqlErrors.isRetriable(state("57P03"))).isTrue();
        // The pool timing out while the server is down carries no SQLState of its own.
        assertThat(SqlErrors.isRetriable(new SQLTransientConnectionException("pool timed out")))
                .isTrue();
    }

    @Test
    void constraintsBadDataAndSetupErrorsAreNot() {
        assertThat(SqlErrors.isRetriable(state("23505"))).isFalse();
        assertThat(SqlErrors.isRetriable(state("22P02"))).isFalse();
        assertThat(SqlErrors.isRetriable(state("42501"))).isFalse();
        assertThat(SqlErrors.isRetriable(new SQLException("no state"))).isFalse();
        assertThat(SqlErrors.isAboutSetup(state("42501"))).isTrue();
        assertThat(SqlErrors.isAboutSetup(state("42P01"))).isTrue();
        assertThat(SqlErrors.isAboutSetup(state("28P01"))).isTrue();
        assertThat(SqlErrors.isAboutSetup(state("23502"))).isFalse();
        assertThat(SqlErrors.isAboutSetup(state("22003"))).isFalse();
    }

    @Test
    void aBatchIsJudgedByTheExceptionItChains() {
        BatchUpdateException batch =
                new BatchUpdateException("Batch entry 0 INSERT ... ('secret') was aborted", "08006", new int[0]);
        batch.setNextException(state("40P01"));
        assertThat(SqlErrors.root(batch).getSQLState()).isEqualTo("40P01");
        assertThat(SqlErrors.isRetriable(batch)).isTrue();
        assertThat(SqlErrors.describe(batch)).startsWith("SQLState 40P01").doesNotContain("secret");
    }
}
