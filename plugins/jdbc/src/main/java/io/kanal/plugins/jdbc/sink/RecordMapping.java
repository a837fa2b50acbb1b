package io.kanal.plugins.jdbc.sink;

import io.kanal.plugins.jdbc.dialect.ColumnDefinition;
import java.util.List;
import java.util.stream.Stream;

/**
 * How the records of one key schema and value schema are written: the primary key's columns and the other columns,
 * each with where its value is in a record. Built once per schema pair and cached, so that writing a record costs no
 * schema inspection. Immutable.
 *
 * @param keyColumns the primary key's columns, in order; empty with {@code pk.mode=none}
 * @param valueColumns the other columns, in the value's field order
 * @param delete whether the records are tombstones, written as deletes of their key
 */
record RecordMapping(List<Column> keyColumns, List<Column> valueColumns, boolean delete) {

    /**
     * Copies the lists.
     *
     * @param keyColumns the primary key's columns
     * @param valueColumns the other columns
     * @param delete whether the records are deletes
     */
    RecordMapping {
        keyColumns = List.copyOf(keyColumns);
        valueColumns = List.copyOf(valueColumns);
    }

    /** @return the names of the key columns */
    List<String> keyNames() {
        return keyColumns.stream().map(Column::name).toList();
    }

    /** @return the names of the other columns */
    List<String> valueNames() {
        return valueColumns.stream().map(Column::name).toList();
    }

    /** @return every column, key columns first */
    List<Column> allColumns() {
        return Stream.concat(keyColumns.stream(), valueColumns.stream()).toList();
    }

    /** @return every column as a definition for {@code CREATE TABLE} */
    List<ColumnDefinition> definitions() {
        return allColumns().stream().map(Column::definition).toList();
    }
}
