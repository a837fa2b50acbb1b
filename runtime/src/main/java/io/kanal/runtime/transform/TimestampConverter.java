package io.kanal.runtime.transform;

import io.kanal.api.connector.ConnectRecord;
import io.kanal.api.data.Field;
import io.kanal.api.data.Schema;
import io.kanal.api.data.SchemaBuilder;
import io.kanal.api.data.Struct;
import io.kanal.api.transform.Transformation;
import io.kanal.config.ConfigKey;
import io.kanal.config.ConfigSpec;
import io.kanal.config.ConfigType;
import io.kanal.config.Importance;
import io.kanal.config.InvalidConfigValueException;
import io.kanal.config.ParsedConfig;
import io.kanal.config.Validators;
import io.kanal.runtime.transform.util.CommonConfigs;
import io.kanal.runtime.transform.util.FieldValues;
import io.kanal.runtime.transform.util.Operand;
import io.kanal.runtime.transform.util.Requirements;
import io.kanal.runtime.transform.util.SchemaUpdateCache;
import io.kanal.runtime.transform.util.SchemaUtil;
import java.text.SimpleDateFormat;
import java.util.HashMap;
import java.util.Map;
import java.util.TimeZone;

/**
 * Converts a timestamp, the whole key or value or one top-level field of it, between Unix time (a long in {@code
 * unix.precision} units), a string in a {@link SimpleDateFormat} pattern (UTC), and Connect's Date, Time and
 * Timestamp logical types: Kafka Connect's {@code TimestampConverter}. With a schema the source representation comes
 * from the schema; without one from the value's class ({@code java.util.Date}, {@code Long} or {@code String}).
 * {@code null} converts to {@code null}. The conversions themselves are in {@link TimestampFormats}.
 *
 * <p>Configure once, then call {@link #apply} from one thread at a time (the runtime's task thread).
 *
 * @param <R> the record type
 */
public abstract class TimestampConverter<R extends ConnectRecord<R>> implements Transformation<R> {

    /** {@code field}: the field holding the timestamp; empty for the whole key or value. */
    public static final ConfigKey<String> FIELD = ConfigKey.builder("field", ConfigType.STRING)
            .defaultValue("")
            .importance(Importance.HIGH)
            .documentation("The field containing the timestamp, or empty if the entire value is a timestamp")
            .build();

    /** {@code target.type}: the representation to convert to. */
    public static final ConfigKey<String> TARGET_TYPE = ConfigKey.builder("target.type", ConfigType.STRING)
            .required()
            .validator(Validators.oneOf(
                    TimestampFormats.STRING,
                    TimestampFormats.UNIX,
                    TimestampFormats.DATE,
                    TimestampFormats.TIME,
                    TimestampFormats.TIMESTAMP))
            .importance(Importance.HIGH)
            .documentation("The desired timestamp representation: string, unix, Date, Time, or Timestamp")
            .build();

    /** {@code format}: the {@link SimpleDateFormat} pattern for string timestamps. */
    public static final ConfigKey<String> FORMAT = ConfigKey.builder("format", ConfigType.STRING)
            .defaultValue("")
            .importance(Importance.MEDIUM)
            .documentation("A SimpleDateFormat-compatible format for the timestamp. Used to generate the output when"
                    + " type=string or used to parse the input if the input is a string.")
            .build();

    /** {@code unix.precision}: the unit of Unix timestamps. */
    public static final ConfigKey<String> UNIX_PRECISION = ConfigKey.builder("unix.precision", ConfigType.STRING)
            .defaultValue(TimestampFormats.MILLISECONDS)
            .validator(Validators.oneOf(
                    TimestampFormats.NANOSECONDS,
                    TimestampFormats.MICROSECONDS,
                    TimestampFormats.MILLISECONDS,
                    TimestampFormats.SECONDS))
            .importance(Importance.LOW)
            .documentation("The desired Unix precision for the timestamp: seconds, milliseconds, microseconds, or"
                    + " nanoseconds. Used to generate the output when type=unix or used to parse the input if the"
                    + " input is a Long. Conversions lose anything finer than a millisecond.")
            .build();

    /** The configuration, as Connect's. */
    public static final ConfigSpec CONFIG_SPEC = ConfigSpec.builder()
            .define(FIELD)
            .define(TARGET_TYPE)
            .define(FORMAT)
            .define(UNIX_PRECISION)
            .define(CommonConfigs.REPLACE_NULL_WITH_DEFAULT)
            .build();

    private static final String PURPOSE = "converting timestamp formats";

    private final Operand operand;
    private String field;
    private TimestampFormats formats;
    private boolean replaceNullWithDefault;
    private final SchemaUpdateCache schemas = new SchemaUpdateCache();

    private TimestampConverter(Operand operand) {
        this.operand = operand;
    }

    @Override
    public ConfigSpec configSpec() {
        return CONFIG_SPEC;
    }

    @Override
    public void configure(ParsedConfig config) {
        field = config.get(FIELD);
        String target = config.get(TARGET_TYPE);
        String pattern = config.get(FORMAT);
        if (target.equals(TimestampFormats.STRING) && pattern.isBlank()) {
            throw new InvalidConfigValueException(
                    FORMAT.name(), pattern, "must be a SimpleDateFormat pattern when target.type is string");
        }
        SimpleDateFormat format = null;
        if (!pattern.isBlank()) {
            try {
                format = new SimpleDateFormat(pattern);
            } catch (IllegalArgumentException invalid) {
                throw new InvalidConfigValueException(
                        FORMAT.name(), pattern, "must be a SimpleDateFormat pattern (" + invalid.getMessage() + ")");
            }
            format.setTimeZone(TimeZone.getTimeZone("UTC"));
        }
        formats = new TimestampFormats(target, format, config.get(UNIX_PRECISION));
        replaceNullWithDefault = config.get(CommonConfigs.REPLACE_NULL_WITH_DEFAULT);
        schemas.clear();
    }

    @Override
    public R apply(R record) {
        Schema schema = operand.schema(record);
        return schema == null ? applySchemaless(record) : applyWithSchema(record, schema);
    }

    private R applySchemaless(R record) {
        Object value = operand.value(record);
        if (value == null || field.isEmpty()) {
            return operand.with(record, null, formats.convert(value, null));
        }
        Map<String, Object> map = Requirements.requireMap(value, PURPOSE);
        Map<String, Object> updated = new HashMap<>(map);
        updated.put(field, formats.convert(map.get(field), null));
        return operand.with(record, null, updated);
    }

    private R applyWithSchema(R record, Schema schema) {
        if (field.isEmpty()) {
            String source = TimestampFormats.formatOf(schema);
            Schema updatedSchema = formats.targetSchema(schema.isOptional());
            return operand.with(record, updatedSchema, formats.convert(operand.value(record), source));
        }
        Struct value = Requirements.requireStructOrNull(operand.value(record), PURPOSE);
        Schema updatedSchema = schemas.computeIfAbsent(schema, this::updatedSchema);
        return operand.with(record, updatedSchema, updatedStruct(value, updatedSchema));
    }

    private Schema updatedSchema(Schema schema) {
        SchemaBuilder builder = SchemaUtil.copySchemaBasics(schema, SchemaBuilder.struct());
        for (Field candidate : schema.fields()) {
            builder.field(
                    candidate.name(),
                    candidate.name().equals(field)
                            ? formats.targetSchema(candidate.schema().isOptional())
                            : candidate.schema());
        }
        if (schema.isOptional()) {
            builder.optional();
        }
        if (schema.defaultValue() != null) {
            Struct defaultValue = Requirements.requireStruct(schema.defaultValue(), PURPOSE);
            builder.defaultValue(updatedStruct(defaultValue, builder));
        }
        return builder.build();
    }

    private Struct updatedStruct(Struct value, Schema updatedSchema) {
        if (value == null) {
            return null;
        }
        Struct updated = new Struct(updatedSchema);
        for (Field candidate : value.schema().fields()) {
            Object fieldValue = FieldValues.read(value, candidate, replaceNullWithDefault);
            if (candidate.name().equals(field)) {
                fieldValue = formats.convert(fieldValue, TimestampFormats.formatOf(candidate.schema()));
            }
            updated.put(candidate.name(), fieldValue);
        }
        return updated;
    }

    @Override
    public void close() {
        schemas.clear();
    }

    /**
     * Converts a timestamp in the record key.
     *
     * @param <R> the record type
     */
    public static final class Key<R extends ConnectRecord<R>> extends TimestampConverter<R> {
        /** Creates the transform; configure it before use. */
        public Key() {
            super(Operand.KEY);
        }
    }

    /**
     * Converts a timestamp in the record value.
     *
     * @param <R> the record type
     */
    public static final class Value<R extends ConnectRecord<R>> extends TimestampConverter<R> {
        /** Creates the transform; configure it before use. */
        public Value() {
            super(Operand.VALUE);
        }
    }
}
