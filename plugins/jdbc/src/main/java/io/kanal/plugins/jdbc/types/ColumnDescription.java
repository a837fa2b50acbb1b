package io.kanal.plugins.jdbc.types;

import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.Objects;

/**
 * What the driver says about a column of a result set: enough to choose its schema and reader.
 *
 * @param name the column's label, which becomes the field name
 * @param jdbcType the {@link java.sql.Types} code
 * @param typeName the database's own type name ({@code int4}, {@code timestamptz}, {@code _text}, ...)
 * @param precision the precision (digits for numerics, 0 when unconstrained)
 * @param scale the scale
 * @param optional whether the column may hold {@code NULL} (also when the driver does not know)
 */
public record ColumnDescription(
        String name, int jdbcType, String typeName, int precision, int scale, boolean optional) {

    /**
     * Checks presence.
     *
     * @param name the column's label
     * @param jdbcType the {@link java.sql.Types} code
     * @param typeName the database's own type name
     * @param precision the precision
     * @param scale the scale
     * @param optional whether the column may hold {@code NULL}
     */
    public ColumnDescription {
        Objects.requireNonNull(name, "name");
        typeName = typeName == null ? "" : typeName;
    }

    /**
     * Describes a column of a result set.
     *
     * @param metadata the result set's metadata
     * @param column the 1-based index
     * @return the description
     * @throws SQLException when the driver cannot say
     */
    public static ColumnDescription of(ResultSetMetaData metadata, int column) throws SQLException {
        return new ColumnDescription(
                metadata.getColumnLabel(column),
                metadata.getColumnType(column),
                metadata.getColumnTypeName(column),
                metadata.getPrecision(column),
                metadata.getScale(column),
                metadata.isNullable(column) != ResultSetMetaData.columnNoNulls);
    }
}
