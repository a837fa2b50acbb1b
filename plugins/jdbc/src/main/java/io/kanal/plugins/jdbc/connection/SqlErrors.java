package io.kanal.plugins.jdbc.connection;

import java.sql.BatchUpdateException;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.Set;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * What a failed statement means, decided by SQLSTATE, never by message text:
 *
 * <ul>
 *   <li><b>retriable</b> ({@link #isRetriable}): lost or refused connections, transactions rolled back by the database
 *       (serialization failures, deadlocks), a server short of resources or shutting down, a lock not available. The
 *       JDBC exception subclasses say it when the driver uses them (the pool timing out while the server is down);
 *       PostgreSQL's driver mostly does not, so the SQLSTATE class decides;
 *   <li><b>about the setup</b> ({@link #isAboutSetup}): syntax or access rules (class {@code 42}: an undefined table or
 *       column, no privilege), authorization ({@code 28}), an unknown database ({@code 3D}), an unsupported feature
 *       ({@code 0A}): every statement would fail alike;
 *   <li>anything else is about the data of one statement (data exceptions, class {@code 22}; integrity constraints,
 *       class {@code 23}).
 * </ul>
 *
 * {@link #describe} never quotes values: only the SQLSTATE, the constraint, column and table names, and the primary
 * message of constraint violations (which names no values) are shown; the sink turns the server's detail (which does
 * quote values) off for its sessions.
 *
 * <p>Stateless; any thread.
 */
public final class SqlErrors {

    private static final Set<String> SETUP_CLASSES = Set.of("42", "28", "3D", "0A");

    private SqlErrors() {}

    /**
     * Whether a failure is transient: the same statement may succeed later, perhaps on a new connection. A batch is
     * judged by the exceptions it chains too.
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
            if (next instanceof SQLTransientException
                    || next instanceof SQLRecoverableException
                    || isRetriableState(next.getSQLState())) {
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

    /**
     * The exception that says what went wrong: a batch's first chained exception, else the exception itself.
     *
     * @param e the exception a statement threw
     * @return the root SQL exception
     */
    public static SQLException root(SQLException e) {
        SQLException current = e;
        while (current instanceof BatchUpdateException && current.getNextException() != null) {
            current = current.getNextException();
        }
        return current;
    }

    /**
     * Whether the failure is about the database setup rather than about a record: every record would fail alike.
     *
     * @param e the exception
     * @return {@code true} for classes {@code 42}, {@code 28}, {@code 3D} and {@code 0A}
     */
    public static boolean isAboutSetup(SQLException e) {
        String state = root(e).getSQLState();
        return state != null && state.length() == 5 && SETUP_CLASSES.contains(state.substring(0, 2));
    }

    /**
     * A description without values.
     *
     * @param e the exception
     * @return for example {@code SQLState 23502 (null value in column "name" of relation "t" violates not-null
     *     constraint; column name)}
     */
    public static String describe(SQLException e) {
        SQLException root = root(e);
        StringBuilder text = new StringBuilder("SQLState ").append(root.getSQLState());
        ServerErrorMessage server = root instanceof PSQLException p ? p.getServerErrorMessage() : null;
        if (server == null) {
            // A client-side failure (I/O, pool timeout): its message is about the connection, not about data.
            return text.append(" (").append(root.getMessage()).append(')').toString();
        }
        StringBuilder facts = new StringBuilder();
        String state = root.getSQLState();
        if (state != null && (state.startsWith("23") || !state.startsWith("22"))) {
            append(facts, null, server.getMessage());
        }
        append(facts, "table", server.getTable());
        append(facts, "column", server.getColumn());
        append(facts, "constraint", server.getConstraint());
        append(facts, "type", server.getDatatype());
        return facts.isEmpty()
                ? text.toString()
                : text.append(" (").append(facts).append(')').toString();
    }

    private static void append(StringBuilder facts, String label, String value) {
        if (value == null || value.isEmpty()) {
            return;
        }
        if (!facts.isEmpty()) {
            facts.append("; ");
        }
        facts.append(label == null ? value : label + " " + value);
    }
}
