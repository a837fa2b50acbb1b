package io.kanal.plugins.jdbc.connection;

import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;

/**
 * Which SQL failures are worth trying again: lost or refused connections, transactions rolled back by the database
 * (serialization failures, deadlocks), a server short of resources or shutting down. The JDBC exception subclasses
 * say it when the driver uses them; PostgreSQL's driver mostly does not, so the SQLSTATE class decides.
 *
 * <p>Stateless; any thread.
 */
public final class SqlErrors {

    private SqlErrors() {}

    /**
     * Whether a failure is transient: the same statement may succeed later, perhaps on a new connection.
     *
     * @param error the failure, with its chain of next exceptions and causes
     * @return {@code true} when retriable
     */
    public static boolean isRetriable(SQLException error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof SQLTransientException || t instanceof SQLRecoverableException) {
                return true;
            }
            if (t instanceof SQLException sql && isRetriableState(sql.getSQLState())) {
                return true;
            }
        }
        for (SQLException next = error.getNextException(); next != null; next = next.getNextException()) {
            if (isRetriableState(next.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether a SQLSTATE names a transient condition.
     *
     * @param state the five-character SQLSTATE, or {@code null}
     * @return {@code true} for classes 08 (connection exception), 40 (transaction rollback), 53 (insufficient
     *     resources), 57P01 to 57P03 (the server shutting down or starting) and 55P03 (lock not available)
     */
    public static boolean isRetriableState(String state) {
        if (state == null || state.length() < 2) {
            return false;
        }
        return state.startsWith("08")
                || state.startsWith("40")
                || state.startsWith("53")
                || state.equals("57P01")
                || state.equals("57P02")
                || state.equals("57P03")
                || state.equals("55P03");
    }
}
