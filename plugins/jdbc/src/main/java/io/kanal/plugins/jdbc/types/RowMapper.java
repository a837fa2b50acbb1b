package io.kanal.plugins.jdbc.types;

import io.kanal.api.data.Field;
import io.kanal.api.data.Schema;
import io.kanal.api.data.SchemaBuilder;
import io.kanal.api.data.Struct;
import io.kanal.api.errors.DataException;
import io.kanal.api.errors.SchemaBuilderException;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Turns the rows of one result set into structs: the struct schema has one field per mapped column, in column order,
 * and is built once per result set from its metadata. Columns whose type has no mapping are left out and listed by
 * {@link #skippedColumns()}, for the caller to report once.
 *
 * <p>Immutable once built; use it on the thread that reads the result set.
 */
public final class RowMapper {

    private final Schema schema;
    private final int[] columns;
    private final ValueReader[] readers;
    private final Field[] fields;
    private final List<String> skippedColumns;

    private RowMapper(Schema schema, int[] columns, ValueReader[] readers, List<String> skippedColumns) {
        this.schema = schema;
        this.columns = columns;
        this.readers = readers;
        this.skippedColumns = List.copyOf(skippedColumns);
        this.fields = schema.fields().toArray(new Field[0]);
    }

    /**
     * Builds the mapper of a result set.
     *
     * @param schemaName the struct schema's name (the table's name), or {@code null} for none
     * @param metadata the result set's metadata
     * @param options the user's choices
     * @param source what the rows come from, for messages
     * @return the mapper
     * @throws SQLException when the driver cannot describe the columns
     * @throws DataException when two mapped columns have the same label
     */
    public static RowMapper of(String schemaName, ResultSetMetaData metadata, TypeOptions options, String source)
            throws SQLException {
        SchemaBuilder struct = SchemaBuilder.struct();
        if (schemaName != null) {
            struct.name(schemaName);
        }
        List<Integer> columns = new ArrayList<>();
        List<ValueReader> readers = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (int column = 1; column <= metadata.getColumnCount(); column++) {
            ColumnDescription description = ColumnDescription.of(metadata, column);
            Optional<ColumnMapping> mapping = ColumnMapper.map(description, options);
            if (mapping.isEmpty()) {
                skipped.add(description.name() + " (" + description.typeName() + ", JDBC type " + description.jdbcType()
                        + ")");
                continue;
            }
            try {
                struct.field(mapping.get().field(), mapping.get().schema());
            } catch (SchemaBuilderException e) {
                throw new DataException(source + ": " + e.getMessage() + "; give the columns distinct labels", e);
            }
            columns.add(column);
            readers.add(mapping.get().reader());
        }
        return new RowMapper(
                struct.build(),
                columns.stream().mapToInt(Integer::intValue).toArray(),
                readers.toArray(new ValueReader[0]),
                skipped);
    }

    /**
     * The struct schema of every row.
     *
     * @return the schema
     */
    public Schema schema() {
        return schema;
    }

    /**
     * The columns left out because their type has no mapping.
     *
     * @return each as {@code name (type name, JDBC type code)}; empty when every column is mapped
     */
    public List<String> skippedColumns() {
        return skippedColumns;
    }

    /**
     * Reads the current row.
     *
     * @param rows a result set positioned on a row
     * @return the row as a struct of {@link #schema()}
     * @throws SQLException when the driver cannot read a value
     * @throws DataException when a value does not fit its field
     */
    public Struct read(ResultSet rows) throws SQLException {
        Struct struct = new Struct(schema);
        for (int i = 0; i < readers.length; i++) {
            struct.put(fields[i], readers[i].read(rows, columns[i]));
        }
        return struct;
    }
}
