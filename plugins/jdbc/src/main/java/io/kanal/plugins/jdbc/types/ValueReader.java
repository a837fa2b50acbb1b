package io.kanal.plugins.jdbc.types;

import java.sql.ResultSet;
import java.sql.SQLException;

/** Reads one column of the current row as a value of Kanal's data model ({@code null} for SQL {@code NULL}). */
@FunctionalInterface
public interface ValueReader {

    /**
     * Reads the column.
     *
     * @param rows a result set positioned on a row
     * @param column the column's 1-based index
     * @return the value, or {@code null}
     * @throws SQLException when the driver cannot read it
     */
    Object read(ResultSet rows, int column) throws SQLException;
}
