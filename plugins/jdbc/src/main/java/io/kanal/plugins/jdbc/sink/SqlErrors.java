package io.kanal.plugins.jdbc.sink;

import java.sql.BatchUpdateException;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.Set;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * What a failed statement means for the sink, decided by SQLState, never by message text:
 *
 * <ul>
 *   <li><b>retriable</b>: the connection (class {@code 08}, or the driver's transient and recoverable exceptions,
 *       such as the pool timing out while the server is down), a serialization failure ({@code 40001}), a deadlock
 *       ({@code 40P01}), the server shutting down ({@code 57P01}..{@code 57P03}); the whole put is tried again;
 *   <li><b>about one record</b>: data exceptions (class {@code 22}), integrity constraints (class {@code 23}), and
 *       everything else not named below; the record is reported and the others are written;
 *   <li><b>about the setup</b>: syntax or access rules (class {@code 42}: an undefined table or column, no
 *       privilege), authorization ({@code 28}), an unknown database ({@code 3D}), an unsupported feature ({@code 0A});
 *       every record would fail alike, so the task fails.
 * </ul>
 *
 * Descriptions never quote values: the server's detail (which does) is turned off for the sink's sessions, and only
 * the SQLState, the constraint, column and table names, and the primary message of constraint violations (which
 * names no values) are shown. Stateless.
 */
final class SqlErrors {

    private static final Set<String> RETRIABLE_STATES = Set.of("40001", "40P01", "57P01", "57P02", "57P03");
    private static final Set<String> SETUP_CLASSES = Set.of("42", "28", "3D", "0A");

    private SqlErrors() {}

    /**
     * The exception that says what went wrong: a batch's first chained exception, else the exception itself.
     *
     * @param e the exception a statement threw
     * @return the root SQL exception
     */
    static SQLException root(SQLException e) {
        SQLException current = e;
        while (current instanceof BatchUpdateException && current.getNextException() != null) {
            current = current.getNextException();
        }
        return current;
    }

    /**
     * Whether trying the same writes again may succeed.
     *
     * @param e the exception
     * @return {@code true} for connection losses, serialization failures, deadlocks and server shutdowns
     */
    static boolean isRetriable(SQLException e) {
        SQLException root = root(e);
        if (root instanceof SQLTransientException || root instanceof SQLRecoverableException) {
            return true;
        }
        String state = root.getSQLState();
        return state != null && (state.startsWith("08") || RETRIABLE_STATES.contains(state));
    }

    /**
     * Whether the failure is about the database setup rather than about a record: every record would fail alike.
     *
     * @param e the exception
     * @return {@code true} for classes {@code 42}, {@code 28}, {@code 3D} and {@code 0A}
     */
    static boolean isAboutSetup(SQLException e) {
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
    static String describe(SQLException e) {
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
