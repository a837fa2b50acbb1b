package io.kanal.plugins.jdbc.dialect;

import io.kanal.api.data.Date;
import io.kanal.api.data.Decimal;
import io.kanal.api.data.Schema;
import io.kanal.api.data.Time;
import io.kanal.api.data.Timestamp;
import io.kanal.api.errors.DataException;
import java.math.BigDecimal;
import java.sql.Types;
import java.util.Optional;

/**
 * The PostgreSQL column type of each data model schema: the logical types first (Decimal as {@code NUMERIC}, Date,
 * Time, Timestamp), then the primitive types, and arrays of primitives as PostgreSQL arrays. Maps and structs have no
 * column type: they are refused with a {@link DataException} naming the column. Stateless.
 */
public final class PostgresTypes {

    private PostgresTypes() {}

    /**
     * The SQL type of a column holding values of a schema.
     *
     * @param column the column's name, for the error
     * @param schema the schema
     * @return for example {@code BIGINT}, {@code NUMERIC}, {@code TEXT[]}
     * @throws DataException for a map, a struct, or an array of something other than primitives
     */
    public static String sqlType(String column, Schema schema) {
        if (schema.name() != null) {
            switch (schema.name()) {
                case Decimal.LOGICAL_NAME:
                    return "NUMERIC";
                case Date.LOGICAL_NAME:
                    return "DATE";
                case Time.LOGICAL_NAME:
                    return "TIME";
                case Timestamp.LOGICAL_NAME:
                    return "TIMESTAMP";
                default:
                // Another named schema: its type decides, as the established sink does.
            }
        }
        return switch (schema.type()) {
            // PostgreSQL has no one-byte integer.
            case INT8, INT16 -> "SMALLINT";
            case INT32 -> "INTEGER";
            case INT64 -> "BIGINT";
            case FLOAT32 -> "REAL";
            case FLOAT64 -> "DOUBLE PRECISION";
            case BOOLEAN -> "BOOLEAN";
            case STRING -> "TEXT";
            case BYTES -> "BYTEA";
            case ARRAY -> arrayElementType(column, schema) + "[]";
            case MAP, STRUCT ->
                throw new DataException(
                        "column '" + column + "' has schema type " + schema.type()
                                + ", which has no PostgreSQL column type; flatten it first (for example with the Flatten transform)");
        };
    }

    /**
     * The type name of an array's elements as {@link java.sql.Connection#createArrayOf} takes it.
     *
     * @param column the column's name, for the error
     * @param schema an array schema
     * @return the element type name
     * @throws DataException when the elements are not primitives or logical types
     */
    public static String arrayElementType(String column, Schema schema) {
        Schema element = schema.valueSchema();
        if (element.type() == Schema.Type.ARRAY || !element.type().isPrimitive()) {
            throw new DataException("column '" + column + "' is an array of " + element.type()
                    + ", which PostgreSQL cannot hold; only arrays of primitive values are supported");
        }
        return sqlType(column, element);
    }

    /**
     * The {@link Types} code used to bind a null of a schema.
     *
     * @param schema the schema
     * @return the JDBC type code
     */
    public static int jdbcType(Schema schema) {
        if (schema.name() != null) {
            switch (schema.name()) {
                case Decimal.LOGICAL_NAME:
                    return Types.NUMERIC;
                case Date.LOGICAL_NAME:
                    return Types.DATE;
                case Time.LOGICAL_NAME:
                    return Types.TIME;
                case Timestamp.LOGICAL_NAME:
                    return Types.TIMESTAMP;
                default:
                // Another named schema: its type decides.
            }
        }
        return switch (schema.type()) {
            case INT8, INT16 -> Types.SMALLINT;
            case INT32 -> Types.INTEGER;
            case INT64 -> Types.BIGINT;
            case FLOAT32 -> Types.REAL;
            case FLOAT64 -> Types.DOUBLE;
            case BOOLEAN -> Types.BOOLEAN;
            case STRING -> Types.VARCHAR;
            case BYTES -> Types.BINARY;
            case ARRAY -> Types.ARRAY;
            case MAP, STRUCT -> Types.OTHER;
        };
    }

    /**
     * The SQL literal of a schema's default value, for {@code DEFAULT} in a column definition: numbers, booleans and
     * strings have one; other defaults are left to the rows (the column gets no {@code DEFAULT}).
     *
     * @param schema the schema
     * @return the literal, or empty
     */
    public static Optional<String> defaultLiteral(Schema schema) {
        Object value = schema.defaultValue();
        if (value == null) {
            return Optional.empty();
        }
        if (value instanceof BigDecimal decimal) {
            return Optional.of(decimal.toPlainString());
        }
        if (schema.name() != null) {
            return Optional.empty();
        }
        return switch (schema.type()) {
            case INT8, INT16, INT32, INT64, FLOAT32, FLOAT64 -> finite(value);
            case BOOLEAN -> Optional.of(((Boolean) value) ? "TRUE" : "FALSE");
            case STRING -> Optional.of("'" + ((String) value).replace("'", "''") + "'");
            default -> Optional.empty();
        };
    }

    private static Optional<String> finite(Object number) {
        String text = number.toString();
        // NaN and Infinity are not numeric literals.
        return text.chars().allMatch(c -> Character.isDigit(c) || c == '-' || c == '.' || c == 'E')
                ? Optional.of(text)
                : Optional.empty();
    }
}
