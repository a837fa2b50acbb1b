package io.kanal.runtime.transform;

import io.kanal.api.connector.ConnectRecord;
import io.kanal.api.data.Field;
import io.kanal.api.data.Schema;
import io.kanal.api.data.SchemaBuilder;
import io.kanal.api.data.Struct;
import io.kanal.api.data.Timestamp;
import io.kanal.api.errors.DataException;
import io.kanal.api.sink.SinkRecord;
import io.kanal.api.transform.Transformation;
import io.kanal.config.ConfigKey;
import io.kanal.config.ConfigSpec;
import io.kanal.config.ConfigType;
import io.kanal.config.Importance;
import io.kanal.config.ParsedConfig;
import io.kanal.runtime.transform.util.CommonConfigs;
import io.kanal.runtime.transform.util.FieldValues;
import io.kanal.runtime.transform.util.Operand;
import io.kanal.runtime.transform.util.Requirements;
import io.kanal.runtime.transform.util.SchemaUpdateCache;
import io.kanal.runtime.transform.util.SchemaUtil;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Adds fields from the record's metadata or a static value to the key or value: Kafka Connect's {@code
 * org.apache.kafka.connect.transforms.InsertField$Key} / {@code $Value}, with its keys {@code topic.field}, {@code
 * partition.field}, {@code offset.field} (sink records only), {@code timestamp.field}, {@code static.field}, {@code
 * static.value} and {@code replace.null.with.default}. A field name ending in {@code !} makes the new field required,
 * one ending in {@code ?} (or neither) optional.
 *
 * <p>Semantics as in Connect: a {@code null} operand (a tombstone) passes unchanged; without a schema the operand
 * must be a map, with one a struct; the partition and timestamp are added only when the record has them; the
 * timestamp is a {@code Timestamp} logical value; the new schema keeps the original's name, version, doc and
 * parameters but is always required.
 *
 * <p>Threading: configured once, then applied on the task thread that owns the instance (see {@link
 * Transformation}); {@code apply} changes nothing but the schema cache, which is thread-safe, so calls from other
 * threads after a safe publication are fine too.
 *
 * @param <R> the record type
 */
public abstract class InsertField<R extends ConnectRecord<R>> implements Transformation<R> {

    private static final String PURPOSE = "field insertion";
    private static final String OPTIONALITY =
            " Suffix with ! to make this a required field, or ? to keep it optional (the default).";
    private static final Schema OPTIONAL_TIMESTAMP_SCHEMA =
            Timestamp.builder().optional().build();

    /** Where the topic goes. */
    public static final ConfigKey<String> TOPIC_FIELD = fieldKey("topic.field", "Field name for Kafka topic.");

    /** Where the partition goes. */
    public static final ConfigKey<String> PARTITION_FIELD =
            fieldKey("partition.field", "Field name for Kafka partition.");

    /** Where the offset goes; sink records only. */
    public static final ConfigKey<String> OFFSET_FIELD =
            fieldKey("offset.field", "Field name for Kafka offset - only applicable to sink connectors.");

    /** Where the timestamp goes. */
    public static final ConfigKey<String> TIMESTAMP_FIELD =
            fieldKey("timestamp.field", "Field name for record timestamp.");

    /** Where the static value goes. */
    public static final ConfigKey<String> STATIC_FIELD = fieldKey("static.field", "Field name for static data field.");

    /** The static value. */
    public static final ConfigKey<String> STATIC_VALUE = ConfigKey.builder("static.value", ConfigType.STRING)
            .importance(Importance.MEDIUM)
            .documentation("Static field value, if field name configured.")
            .build();

    /** This transform's configuration. */
    public static final ConfigSpec CONFIG_SPEC = ConfigSpec.builder()
            .define(TOPIC_FIELD)
            .define(PARTITION_FIELD)
            .define(OFFSET_FIELD)
            .define(TIMESTAMP_FIELD)
            .define(STATIC_FIELD)
            .define(STATIC_VALUE)
            .define(CommonConfigs.REPLACE_NULL_WITH_DEFAULT)
            .build();

    private final Operand operand;
    private final SchemaUpdateCache schemaUpdates = new SchemaUpdateCache();
    private Insertion topicField;
    private Insertion partitionField;
    private Insertion offsetField;
    private Insertion timestampField;
    private Insertion staticField;
    private String staticValue;
    private boolean replaceNullWithDefault;

    private InsertField(Operand operand) {
        this.operand = operand;
    }

    private static ConfigKey<String> fieldKey(String name, String doc) {
        return ConfigKey.builder(name, ConfigType.STRING)
                .importance(Importance.MEDIUM)
                .documentation(doc + OPTIONALITY)
                .build();
    }

    /**
     * The configuration keys.
     *
     * @return {@link #CONFIG_SPEC}
     */
    @Override
    public ConfigSpec configSpec() {
        return CONFIG_SPEC;
    }

    /**
     * Reads the insertions.
     *
     * @param config parsed against {@link #CONFIG_SPEC}
     * @throws io.kanal.config.InvalidConfigValueException when no field is configured, or {@code static.field}
     *     without {@code static.value}
     */
    @Override
    public void configure(ParsedConfig config) {
        topicField = Insertion.parse(config.find(TOPIC_FIELD).orElse(null));
        partitionField = Insertion.parse(config.find(PARTITION_FIELD).orElse(null));
        offsetField = Insertion.parse(config.find(OFFSET_FIELD).orElse(null));
        timestampField = Insertion.parse(config.find(TIMESTAMP_FIELD).orElse(null));
        staticField = Insertion.parse(config.find(STATIC_FIELD).orElse(null));
        staticValue = config.find(STATIC_VALUE).orElse(null);
        replaceNullWithDefault = config.get(CommonConfigs.REPLACE_NULL_WITH_DEFAULT);
        if (topicField == null
                && partitionField == null
                && offsetField == null
                && timestampField == null
                && staticField == null) {
            throw ConfigRules.invalid(
                    TOPIC_FIELD.name(),
                    "",
                    "no field insertion configured: set at least one of 'topic.field', 'partition.field',"
                            + " 'offset.field', 'timestamp.field' or 'static.field'");
        }
        if (staticField != null && staticValue == null) {
            throw ConfigRules.invalid(
                    STATIC_VALUE.name(),
                    "",
                    "no value specified for static field '" + staticField.name() + "': 'static.value' is required"
                            + " when 'static.field' is set");
        }
        schemaUpdates.clear();
    }

    /**
     * Inserts the fields.
     *
     * @param record the record
     * @return a copy with the fields added; the record itself when the operand is {@code null}
     * @throws DataException when the operand is not a map (schemaless) or struct (with a schema), or an offset is
     *     wanted from a record that is not a sink record
     */
    @Override
    public R apply(R record) {
        Object value = operand.value(record);
        if (value == null) {
            return record;
        }
        return operand.schema(record) == null ? applySchemaless(record, value) : applyWithSchema(record, value);
    }

    private R applySchemaless(R record, Object operandValue) {
        Map<String, Object> original = Requirements.requireMap(operandValue, PURPOSE);
        Map<String, Object> updated = new HashMap<>(original);
        if (topicField != null) {
            updated.put(topicField.name(), record.topic());
        }
        if (partitionField != null && record.kafkaPartition() != null) {
            updated.put(partitionField.name(), record.kafkaPartition());
        }
        if (offsetField != null) {
            updated.put(offsetField.name(), requireSinkRecord(record).kafkaOffset());
        }
        if (timestampField != null && record.timestamp() != null) {
            updated.put(timestampField.name(), record.timestamp());
        }
        if (staticField != null) {
            updated.put(staticField.name(), staticValue);
        }
        return operand.with(record, null, updated);
    }

    private R applyWithSchema(R record, Object operandValue) {
        Struct original = Requirements.requireStruct(operandValue, PURPOSE);
        // Keyed by the struct's own schema, as Connect does.
        Schema updatedSchema = schemaUpdates.computeIfAbsent(original.schema(), this::makeUpdatedSchema);
        Struct updated = new Struct(updatedSchema);
        // The updated schema starts with the original's fields, in order, so positions match and no name lookup is
        // needed for the copy.
        List<Field> originalFields = original.schema().fields();
        List<Field> updatedFields = updatedSchema.fields();
        for (int i = 0; i < originalFields.size(); i++) {
            Field field = originalFields.get(i);
            updated.put(updatedFields.get(i), FieldValues.read(original, field, replaceNullWithDefault));
        }
        if (topicField != null) {
            updated.put(topicField.name(), record.topic());
        }
        if (partitionField != null && record.kafkaPartition() != null) {
            updated.put(partitionField.name(), record.kafkaPartition());
        }
        if (offsetField != null) {
            updated.put(offsetField.name(), requireSinkRecord(record).kafkaOffset());
        }
        if (timestampField != null && record.timestamp() != null) {
            updated.put(timestampField.name(), new java.util.Date(record.timestamp()));
        }
        if (staticField != null) {
            updated.put(staticField.name(), staticValue);
        }
        return operand.with(record, updatedSchema, updated);
    }

    private Schema makeUpdatedSchema(Schema schema) {
        SchemaBuilder builder = SchemaUtil.copySchemaBasics(schema, SchemaBuilder.struct());
        for (Field field : schema.fields()) {
            builder.field(field.name(), field.schema());
        }
        if (topicField != null) {
            builder.field(
                    topicField.name(), topicField.optional() ? Schema.OPTIONAL_STRING_SCHEMA : Schema.STRING_SCHEMA);
        }
        if (partitionField != null) {
            builder.field(
                    partitionField.name(),
                    partitionField.optional() ? Schema.OPTIONAL_INT32_SCHEMA : Schema.INT32_SCHEMA);
        }
        if (offsetField != null) {
            builder.field(
                    offsetField.name(), offsetField.optional() ? Schema.OPTIONAL_INT64_SCHEMA : Schema.INT64_SCHEMA);
        }
        if (timestampField != null) {
            builder.field(
                    timestampField.name(), timestampField.optional() ? OPTIONAL_TIMESTAMP_SCHEMA : Timestamp.SCHEMA);
        }
        if (staticField != null) {
            builder.field(
                    staticField.name(), staticField.optional() ? Schema.OPTIONAL_STRING_SCHEMA : Schema.STRING_SCHEMA);
        }
        return builder.build();
    }

    private static SinkRecord requireSinkRecord(ConnectRecord<?> record) {
        if (!(record instanceof SinkRecord sink)) {
            throw new DataException(
                    "Only SinkRecord supported for [" + PURPOSE + "], found: " + Requirements.className(record));
        }
        return sink;
    }

    /** Drops the cached schemas. */
    @Override
    public void close() {
        schemaUpdates.clear();
    }

    /**
     * The transform and what it inserts.
     *
     * @return for example {@code InsertField$Value{topic.field=topic, ...}}
     */
    @Override
    public String toString() {
        return "InsertField$" + (operand == Operand.KEY ? "Key" : "Value") + "{topic.field=" + topicField
                + ", partition.field=" + partitionField + ", offset.field=" + offsetField + ", timestamp.field="
                + timestampField + ", static.field=" + staticField + "}";
    }

    /**
     * One configured insertion: Connect's {@code name!} / {@code name?} / {@code name} syntax.
     *
     * @param name the field name, suffix removed
     * @param optional whether the field is optional
     */
    private record Insertion(String name, boolean optional) {

        /** Parses a configured field; {@code null} (not configured) stays {@code null}. */
        static Insertion parse(String spec) {
            if (spec == null) {
                return null;
            }
            if (spec.endsWith("?")) {
                return new Insertion(spec.substring(0, spec.length() - 1), true);
            }
            if (spec.endsWith("!")) {
                return new Insertion(spec.substring(0, spec.length() - 1), false);
            }
            return new Insertion(spec, true);
        }

        @Override
        public String toString() {
            return name + (optional ? "?" : "!");
        }
    }

    /**
     * Inserts into the record key.
     *
     * @param <R> the record type
     */
    public static final class Key<R extends ConnectRecord<R>> extends InsertField<R> {
        /** Creates an unconfigured transform. */
        public Key() {
            super(Operand.KEY);
        }
    }

    /**
     * Inserts into the record value.
     *
     * @param <R> the record type
     */
    public static final class Value<R extends ConnectRecord<R>> extends InsertField<R> {
        /** Creates an unconfigured transform. */
        public Value() {
            super(Operand.VALUE);
        }
    }
}
