package io.kanal.runtime.transform;

import io.kanal.api.connector.ConnectRecord;
import io.kanal.api.data.Field;
import io.kanal.api.data.Schema;
import io.kanal.api.data.Struct;
import io.kanal.api.errors.DataException;
import io.kanal.api.transform.Transformation;
import io.kanal.config.ConfigKey;
import io.kanal.config.ConfigSpec;
import io.kanal.config.ConfigType;
import io.kanal.config.Importance;
import io.kanal.config.ParsedConfig;
import io.kanal.runtime.transform.field.FieldSyntaxVersion;
import io.kanal.runtime.transform.field.SingleFieldPath;
import io.kanal.runtime.transform.util.CommonConfigs;
import io.kanal.runtime.transform.util.Operand;
import io.kanal.runtime.transform.util.Requirements;
import java.util.Map;

/**
 * Replaces the key or value with one of its fields: Kafka Connect's {@code ExtractField}. With a schema the operand
 * must be a struct (or {@code null}) and the field must exist in its schema; without one it must be a map (or
 * {@code null}), and an absent field extracts {@code null}. A {@code null} operand stays {@code null}. Nested fields
 * are reachable with {@code field.syntax.version=V2}.
 *
 * <p>Configure once, then call {@link #apply} from one thread at a time (the runtime's task thread).
 *
 * @param <R> the record type
 */
public abstract class ExtractField<R extends ConnectRecord<R>> implements Transformation<R> {

    /** {@code field}: the field to extract. */
    public static final ConfigKey<String> FIELD = ConfigKey.builder("field", ConfigType.STRING)
            .required()
            .importance(Importance.MEDIUM)
            .documentation("Field name to extract.")
            .build();

    /** The configuration, as Connect's. */
    public static final ConfigSpec CONFIG_SPEC = ConfigSpec.builder()
            .define(FIELD)
            .define(CommonConfigs.REPLACE_NULL_WITH_DEFAULT)
            .define(FieldSyntaxVersion.CONFIG_KEY)
            .build();

    private static final String PURPOSE = "field extraction";

    private final Operand operand;
    private SingleFieldPath path;
    private boolean replaceNullWithDefault;

    private ExtractField(Operand operand) {
        this.operand = operand;
    }

    @Override
    public ConfigSpec configSpec() {
        return CONFIG_SPEC;
    }

    @Override
    public void configure(ParsedConfig config) {
        path = SingleFieldPath.forConfig(FIELD.name(), config.get(FIELD), FieldSyntaxVersion.fromConfig(config));
        replaceNullWithDefault = config.get(CommonConfigs.REPLACE_NULL_WITH_DEFAULT);
    }

    @Override
    public R apply(R record) {
        Schema schema = operand.schema(record);
        if (schema == null) {
            Map<String, Object> map = Requirements.requireMapOrNull(operand.value(record), PURPOSE);
            return operand.with(record, null, map == null ? null : path.valueFrom(map));
        }
        Struct struct = Requirements.requireStructOrNull(operand.value(record), PURPOSE);
        Field field = path.fieldFrom(schema);
        if (field == null) {
            // Connect throws IllegalArgumentException here; a record that lacks the field is a data problem.
            throw new DataException("Unknown field: " + path.original());
        }
        return operand.with(
                record, field.schema(), struct == null ? null : path.valueFrom(struct, replaceNullWithDefault));
    }

    /**
     * Extracts a field of the record key.
     *
     * @param <R> the record type
     */
    public static final class Key<R extends ConnectRecord<R>> extends ExtractField<R> {
        /** Creates the transform; configure it before use. */
        public Key() {
            super(Operand.KEY);
        }
    }

    /**
     * Extracts a field of the record value.
     *
     * @param <R> the record type
     */
    public static final class Value<R extends ConnectRecord<R>> extends ExtractField<R> {
        /** Creates the transform; configure it before use. */
        public Value() {
            super(Operand.VALUE);
        }
    }
}
