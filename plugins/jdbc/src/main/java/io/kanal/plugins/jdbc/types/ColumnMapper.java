package io.kanal.plugins.jdbc.types;

import io.kanal.api.data.Date;
import io.kanal.api.data.Decimal;
import io.kanal.api.data.Schema;
import io.kanal.api.data.SchemaBuilder;
import io.kanal.api.data.Time;
import io.kanal.api.data.Timestamp;
import io.kanal.api.errors.DataException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Types;
import java.util.Locale;
import java.util.Optional;

/**
 * Chooses a column's schema and reader from what the driver says about it. The table:
 *
 * <ul>
 *   <li>{@code BOOLEAN}/{@code BIT} → BOOLEAN ({@code bit(n)} with n &gt; 1 and {@code varbit} → STRING);
 *       {@code TINYINT}/{@code SMALLINT}/{@code INTEGER}/{@code BIGINT} → INT8/INT16/INT32/INT64; {@code REAL} →
 *       FLOAT32; {@code FLOAT}/{@code DOUBLE} → FLOAT64;
 *   <li>{@code NUMERIC}/{@code DECIMAL}(p, s) → {@code Decimal}(s) with a {@code connect.decimal.precision} parameter,
 *       or INT8..INT64/FLOAT64 as {@link NumericMapping} says; an unconstrained {@code numeric} (precision 0: every
 *       value has its own scale, which a Decimal schema cannot carry) → its exact text as STRING, or FLOAT64 under the
 *       best-fit mappings;
 *   <li>character types, {@code CLOB}, and the types without a counterpart that have a faithful text form ({@code
 *       json}, {@code jsonb}, {@code uuid}, {@code xml}, {@code interval}, {@code inet}, enums, ... all reported as
 *       {@code OTHER}/{@code SQLXML}) → STRING;
 *   <li>{@code BINARY}/{@code VARBINARY}/{@code BLOB} ({@code bytea}) → BYTES;
 *   <li>{@code DATE} → {@code Date}; {@code TIME} → {@code Time} (a {@code timetz} moved to UTC); {@code TIMESTAMP}
 *       → {@code Timestamp} (a {@code timestamptz} as the instant it is, a local timestamp read in {@code
 *       db.timezone});
 *   <li>one-dimensional arrays of the simple types above (PostgreSQL {@code _int4}, {@code _text}, ...) → ARRAY of
 *       optional elements;
 *   <li>anything else (structured and distinct types, multi-dimensional arrays of unknown types) → empty: the
 *       column is left out, as the established connector does.
 * </ul>
 *
 * A nullable column (or one whose nullability is unknown, as for computed columns) gets an optional schema.
 *
 * <p>Stateless; any thread.
 */
public final class ColumnMapper {

    /** The schema parameter carrying a decimal column's precision, as the established connectors name it. */
    public static final String DECIMAL_PRECISION_PARAMETER = "connect.decimal.precision";

    /** Integral numerics of precision below this fit in a {@code long}. */
    private static final int MAX_LONG_PRECISION = 19;

    private ColumnMapper() {}

    /**
     * The mapping of one column.
     *
     * @param column the column
     * @param options the user's choices
     * @return the mapping, or empty when the column's type has no mapping and the column is to be left out
     */
    public static Optional<ColumnMapping> map(ColumnDescription column, TypeOptions options) {
        String typeName = column.typeName().toLowerCase(Locale.ROOT);
        if (column.jdbcType() == Types.ARRAY || typeName.startsWith("_")) {
            return ArrayMapper.map(column);
        }
        Optional<Mapped> mapped = scalar(column, typeName, options);
        return mapped.map(m -> new ColumnMapping(column.name(), finish(m.schema(), column.optional()), m.reader()));
    }

    /** A schema still open for {@code optional()}, and its reader. */
    record Mapped(SchemaBuilder schema, ValueReader reader) {}

    static Schema finish(SchemaBuilder builder, boolean optional) {
        return optional ? builder.optional().build() : builder.build();
    }

    private static Optional<Mapped> scalar(ColumnDescription column, String typeName, TypeOptions options) {
        switch (column.jdbcType()) {
            case Types.BIT:
                if (typeName.equals("varbit") || (typeName.equals("bit") && column.precision() > 1)) {
                    return text();
                }
                return bool();
            case Types.BOOLEAN:
                return bool();
            case Types.TINYINT:
                return Optional.of(new Mapped(SchemaBuilder.int8(), (rows, i) -> {
                    byte v = rows.getByte(i);
                    return rows.wasNull() ? null : v;
                }));
            case Types.SMALLINT:
                return int16();
            case Types.INTEGER:
                return int32();
            case Types.BIGINT:
                return int64();
            case Types.REAL:
                return Optional.of(new Mapped(SchemaBuilder.float32(), (rows, i) -> {
                    float v = rows.getFloat(i);
                    return rows.wasNull() ? null : v;
                }));
            case Types.FLOAT:
            case Types.DOUBLE:
                return float64();
            case Types.NUMERIC:
            case Types.DECIMAL:
                return numeric(column, options.numericMapping());
            case Types.CHAR:
            case Types.VARCHAR:
            case Types.LONGVARCHAR:
            case Types.NCHAR:
            case Types.NVARCHAR:
            case Types.LONGNVARCHAR:
            case Types.CLOB:
            case Types.NCLOB:
            case Types.OTHER:
            case Types.SQLXML:
                return text();
            case Types.BINARY:
            case Types.VARBINARY:
            case Types.LONGVARBINARY:
            case Types.BLOB:
                return Optional.of(new Mapped(SchemaBuilder.bytes(), (rows, i) -> rows.getBytes(i)));
            case Types.DATE:
                return Optional.of(new Mapped(Date.builder(), (rows, i) -> Temporals.date(rows, i)));
            case Types.TIME:
            case Types.TIME_WITH_TIMEZONE:
                boolean zonedTime = column.jdbcType() == Types.TIME_WITH_TIMEZONE || typeName.equals("timetz");
                return Optional.of(new Mapped(Time.builder(), (rows, i) -> Temporals.time(rows, i, zonedTime)));
            case Types.TIMESTAMP:
            case Types.TIMESTAMP_WITH_TIMEZONE:
                boolean zoned = Temporals.isZonedTimestamp(column.jdbcType(), typeName);
                return Optional.of(new Mapped(
                        Timestamp.builder(), (rows, i) -> Temporals.timestamp(rows, i, zoned, options.dbZone())));
            default:
                return Optional.empty();
        }
    }

    private static Optional<Mapped> numeric(ColumnDescription column, NumericMapping mapping) {
        int precision = column.precision();
        int scale = column.scale();
        boolean bestFit = mapping == NumericMapping.BEST_FIT || mapping == NumericMapping.BEST_FIT_EAGER_DOUBLE;
        if (precision <= 0) {
            // Unconstrained: each value carries its own scale.
            return bestFit ? float64() : text();
        }
        if (mapping != NumericMapping.NONE && scale <= 0 && precision < MAX_LONG_PRECISION) {
            return integralByPrecision(precision);
        }
        if (bestFit
                && scale > 0
                && (precision < MAX_LONG_PRECISION || mapping == NumericMapping.BEST_FIT_EAGER_DOUBLE)) {
            return float64();
        }
        SchemaBuilder schema =
                Decimal.builder(scale).parameter(DECIMAL_PRECISION_PARAMETER, Integer.toString(precision));
        String name = column.name();
        return Optional.of(new Mapped(schema, (rows, i) -> decimal(rows.getBigDecimal(i), scale, name)));
    }

    /** A value at the column's scale: the data model requires the schema's scale exactly. */
    static BigDecimal decimal(BigDecimal value, int scale, String column) {
        if (value == null) {
            return null;
        }
        try {
            return value.setScale(scale, RoundingMode.UNNECESSARY);
        } catch (ArithmeticException e) {
            throw new DataException(
                    "column '" + column + "' holds " + value + ", which has more digits than its scale " + scale, e);
        }
    }

    private static Optional<Mapped> integralByPrecision(int precision) {
        if (precision > 9) {
            return int64();
        }
        if (precision > 4) {
            return int32();
        }
        if (precision > 2) {
            return int16();
        }
        return Optional.of(new Mapped(SchemaBuilder.int8(), (rows, i) -> {
            byte v = rows.getByte(i);
            return rows.wasNull() ? null : v;
        }));
    }

    private static Optional<Mapped> bool() {
        return Optional.of(new Mapped(SchemaBuilder.bool(), (rows, i) -> {
            boolean v = rows.getBoolean(i);
            return rows.wasNull() ? null : v;
        }));
    }

    private static Optional<Mapped> int16() {
        return Optional.of(new Mapped(SchemaBuilder.int16(), (rows, i) -> {
            short v = rows.getShort(i);
            return rows.wasNull() ? null : v;
        }));
    }

    private static Optional<Mapped> int32() {
        return Optional.of(new Mapped(SchemaBuilder.int32(), (rows, i) -> {
            int v = rows.getInt(i);
            return rows.wasNull() ? null : v;
        }));
    }

    private static Optional<Mapped> int64() {
        return Optional.of(new Mapped(SchemaBuilder.int64(), (rows, i) -> {
            long v = rows.getLong(i);
            return rows.wasNull() ? null : v;
        }));
    }

    private static Optional<Mapped> float64() {
        return Optional.of(new Mapped(SchemaBuilder.float64(), (rows, i) -> {
            double v = rows.getDouble(i);
            return rows.wasNull() ? null : v;
        }));
    }

    private static Optional<Mapped> text() {
        return Optional.of(new Mapped(SchemaBuilder.string(), (rows, i) -> rows.getString(i)));
    }
}
