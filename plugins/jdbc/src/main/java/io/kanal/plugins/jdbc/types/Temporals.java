package io.kanal.plugins.jdbc.types;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.Locale;

/**
 * Reads dates, times and timestamps through {@code java.time} (JDBC 4.2), not {@code java.sql.Timestamp} and a
 * {@code Calendar}: no hybrid Julian calendar for old dates, no default-zone surprises, and the full precision of the
 * column (microseconds in PostgreSQL) for source offsets.
 *
 * <p>Stateless; any thread.
 */
public final class Temporals {

    private static final long MILLIS_PER_DAY = 86_400_000L;

    private Temporals() {}

    /**
     * Whether a column holds a timestamp with a time zone (an instant), as opposed to a local date-time.
     *
     * @param jdbcType the {@link Types} code
     * @param typeName the database's type name
     * @return {@code true} for {@code timestamptz} and {@code TIMESTAMP_WITH_TIMEZONE}
     */
    public static boolean isZonedTimestamp(int jdbcType, String typeName) {
        return jdbcType == Types.TIMESTAMP_WITH_TIMEZONE
                || typeName.toLowerCase(Locale.ROOT).startsWith("timestamptz")
                || typeName.toLowerCase(Locale.ROOT).contains("with time zone");
    }

    /**
     * Reads a timestamp column as an instant: a zoned value as it is, a local one as a date-time in {@code dbZone}.
     *
     * @param rows a result set positioned on a row
     * @param column the 1-based index
     * @param zoned whether the column holds instants ({@link #isZonedTimestamp})
     * @param dbZone the zone of local date-times
     * @return the instant, or {@code null}
     * @throws SQLException when the driver cannot read it
     */
    public static Instant instant(ResultSet rows, int column, boolean zoned, ZoneId dbZone) throws SQLException {
        if (zoned) {
            OffsetDateTime value = rows.getObject(column, OffsetDateTime.class);
            return value == null ? null : value.toInstant();
        }
        LocalDateTime value = rows.getObject(column, LocalDateTime.class);
        return value == null ? null : value.atZone(dbZone).toInstant();
    }

    /**
     * Reads a {@code DATE} column as the {@code Date} logical type's value: midnight UTC of that day.
     *
     * @param rows a result set positioned on a row
     * @param column the 1-based index
     * @return the date, or {@code null}
     * @throws SQLException when the driver cannot read it
     */
    public static Date date(ResultSet rows, int column) throws SQLException {
        LocalDate value = rows.getObject(column, LocalDate.class);
        return value == null ? null : new Date(value.toEpochDay() * MILLIS_PER_DAY);
    }

    /**
     * Reads a {@code TIME} column as the {@code Time} logical type's value: milliseconds of the day on 1970-01-01
     * UTC. A time with a time zone is first moved to UTC.
     *
     * @param rows a result set positioned on a row
     * @param column the 1-based index
     * @param zoned whether the column holds a time with a time zone
     * @return the time, or {@code null}
     * @throws SQLException when the driver cannot read it
     */
    public static Date time(ResultSet rows, int column, boolean zoned) throws SQLException {
        LocalTime value;
        if (zoned) {
            OffsetTime zonedValue = rows.getObject(column, OffsetTime.class);
            value = zonedValue == null
                    ? null
                    : zonedValue.withOffsetSameInstant(ZoneOffset.UTC).toLocalTime();
        } else {
            value = rows.getObject(column, LocalTime.class);
        }
        return value == null ? null : new Date(value.toNanoOfDay() / 1_000_000L);
    }

    /**
     * Reads a timestamp column as the {@code Timestamp} logical type's value (milliseconds; finer digits are cut).
     *
     * @param rows a result set positioned on a row
     * @param column the 1-based index
     * @param zoned whether the column holds instants
     * @param dbZone the zone of local date-times
     * @return the timestamp, or {@code null}
     * @throws SQLException when the driver cannot read it
     */
    public static Date timestamp(ResultSet rows, int column, boolean zoned, ZoneId dbZone) throws SQLException {
        Instant value = instant(rows, column, zoned, dbZone);
        return value == null ? null : new Date(value.toEpochMilli());
    }
}
