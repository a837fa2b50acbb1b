package io.kanal.plugins.jdbc.dialect;

import io.kanal.api.data.Date;
import io.kanal.api.data.Decimal;
import io.kanal.api.data.Schema;
import io.kanal.api.data.Time;
import io.kanal.api.data.Timestamp;
import io.kanal.api.errors.DataException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;

/**
 * Binds the values of one column to a statement parameter with the setter its schema calls for, chosen once per
 * column rather than per value: {@code setLong} for INT64, {@code setBigDecimal} for Decimal, {@code setBytes} for
 * bytes ({@code bytea}), a {@link LocalDate} for Date, a {@link LocalTime} for Time, and a {@link LocalDateTime} in
 * {@code db.timezone} for Timestamp (the sink's sessions run in that zone too, so {@code timestamptz} columns get the
 * same instant). Date and Time are the UTC calendar day and time of day that the logical types encode.
 *
 * <p>Implementations are stateless and thread-safe.
 */
@FunctionalInterface
public interface ParameterBinder {

    /**
     * Binds one value.
     *
     * @param statement the statement
     * @param index the parameter's index, from 1
     * @param value the value, or null
     * @throws SQLException when the driver refuses it
     * @throws DataException when the value does not fit the column's schema
     */
    void bind(PreparedStatement statement, int index, Object value) throws SQLException;

    /**
     * The binder for a column's schema.
     *
     * @param column the column's name, for errors
     * @param schema the schema of the column's values
     * @param zone the time zone for Timestamp values ({@code db.timezone})
     * @return the binder
     * @throws DataException when the schema has no column type (see {@link PostgresTypes#sqlType})
     */
    static ParameterBinder of(String column, Schema schema, ZoneId zone) {
        int nullType = PostgresTypes.jdbcType(schema);
        ParameterBinder nonNull = nonNull(column, schema, zone);
        return (statement, index, value) -> {
            if (value == null) {
                statement.setNull(index, nullType);
            } else {
                nonNull.bind(statement, index, value);
            }
        };
    }

    private static ParameterBinder nonNull(String column, Schema schema, ZoneId zone) {
        if (schema.name() != null) {
            switch (schema.name()) {
                case Decimal.LOGICAL_NAME:
                    return (s, i, v) -> s.setBigDecimal(i, (BigDecimal) v);
                case Date.LOGICAL_NAME:
                    return (s, i, v) -> s.setObject(i, toLocalDate(v));
                case Time.LOGICAL_NAME:
                    return (s, i, v) -> s.setObject(i, toLocalTime(v));
                case Timestamp.LOGICAL_NAME:
                    return (s, i, v) -> s.setObject(i, toLocalDateTime(v, zone));
                default:
                // Another named schema: its type decides.
            }
        }
        return switch (schema.type()) {
            case INT8 -> (s, i, v) -> s.setShort(i, ((Number) v).shortValue());
            case INT16 -> (s, i, v) -> s.setShort(i, (Short) v);
            case INT32 -> (s, i, v) -> s.setInt(i, (Integer) v);
            case INT64 -> (s, i, v) -> s.setLong(i, (Long) v);
            case FLOAT32 -> (s, i, v) -> s.setFloat(i, (Float) v);
            case FLOAT64 -> (s, i, v) -> s.setDouble(i, (Double) v);
            case BOOLEAN -> (s, i, v) -> s.setBoolean(i, (Boolean) v);
            case STRING -> (s, i, v) -> s.setString(i, (String) v);
            case BYTES -> (s, i, v) -> s.setBytes(i, bytes(v));
            case ARRAY -> array(column, schema, zone);
            case MAP, STRUCT ->
                throw new DataException("column '" + column + "' has schema type " + schema.type()
                        + ", which has no PostgreSQL column type");
        };
    }

    private static ParameterBinder array(String column, Schema schema, ZoneId zone) {
        String elementType = PostgresTypes.arrayElementType(column, schema);
        Schema element = schema.valueSchema();
        return (s, i, v) -> {
            List<?> list = (List<?>) v;
            Object[] elements = new Object[list.size()];
            for (int e = 0; e < elements.length; e++) {
                elements[e] = element(list.get(e), element, zone);
            }
            s.setArray(i, s.getConnection().createArrayOf(elementType, elements));
        };
    }

    private static Object element(Object value, Schema schema, ZoneId zone) {
        if (value == null || schema.name() == null) {
            return value instanceof ByteBuffer buffer ? bytes(buffer) : value;
        }
        return switch (schema.name()) {
            case Date.LOGICAL_NAME -> toLocalDate(value);
            case Time.LOGICAL_NAME -> toLocalTime(value);
            case Timestamp.LOGICAL_NAME -> toLocalDateTime(value, zone);
            default -> value;
        };
    }

    private static byte[] bytes(Object value) {
        if (value instanceof byte[] array) {
            return array;
        }
        ByteBuffer buffer = ((ByteBuffer) value).duplicate();
        byte[] copy = new byte[buffer.remaining()];
        buffer.get(copy);
        return copy;
    }

    private static LocalDate toLocalDate(Object value) {
        return LocalDate.ofEpochDay(Math.floorDiv(((java.util.Date) value).getTime(), 86_400_000L));
    }

    private static LocalTime toLocalTime(Object value) {
        return LocalTime.ofNanoOfDay(Math.floorMod(((java.util.Date) value).getTime(), 86_400_000L) * 1_000_000L);
    }

    private static LocalDateTime toLocalDateTime(Object value, ZoneId zone) {
        return LocalDateTime.ofInstant(Instant.ofEpochMilli(((java.util.Date) value).getTime()), zone);
    }
}
