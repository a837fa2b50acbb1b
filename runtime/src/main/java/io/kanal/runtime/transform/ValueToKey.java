package io.kanal.runtime.transform;

import io.kanal.api.connector.ConnectRecord;
import io.kanal.api.data.Field;
import io.kanal.api.data.Schema;
import io.kanal.api.data.SchemaBuilder;
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
import io.kanal.runtime.transform.util.Requirements;
import io.kanal.runtime.transform.util.SchemaUpdateCache;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Replaces the record key with a struct (or, without a schema, a map) of fields copied from the value: Kafka
 * Connect's {@code ValueToKey}. The key's fields are named as configured (a V2 path {@code a.b} gives a key field
 * named {@code a.b}). With a schema every field must exist; without one an absent field is copied as {@code null}.
 * The value must be a struct or a map; a tombstone fails.
 *
 * <p>Configure once, then call {@link #apply} from one thread at a time (the runtime's task thread).
 *
 * @param <R> the record type
 */
public final class ValueToKey<R extends ConnectRecord<R>> implements Transformation<R> {

    /** {@code fields}: the value's fields that make up the key. */
    public static final ConfigKey<List<String>> FIELDS = ConfigKey.builder("fields", ConfigType.LIST)
            .required()
            .validator(CommonConfigs.fieldNames(false))
            .importance(Importance.HIGH)
            .documentation("Field names on the record value to extract as the record key.")
            .build();

    /** The configuration, as Connect's. */
    public static final ConfigSpec CONFIG_SPEC = ConfigSpec.builder()
            .define(FIELDS)
            .define(CommonConfigs.REPLACE_NULL_WITH_DEFAULT)
            .define(FieldSyntaxVersion.CONFIG_KEY)
            .build();

    private static final String PURPOSE = "copying fields from value to key";

    private List<String> fields;
    private List<SingleFieldPath> paths;
    private boolean replaceNullWithDefault;
    private final SchemaUpdateCache keySchemas = new SchemaUpdateCache();

    /** Creates the transform; configure it before use. */
    public ValueToKey() {}

    @Override
    public ConfigSpec configSpec() {
        return CONFIG_SPEC;
    }

    @Override
    public void configure(ParsedConfig config) {
        fields = CommonConfigs.withoutDuplicates(FIELDS.name(), config.get(FIELDS));
        FieldSyntaxVersion version = FieldSyntaxVersion.fromConfig(config);
        List<SingleFieldPath> parsed = new ArrayList<>(fields.size());
        for (String field : fields) {
            parsed.add(SingleFieldPath.forConfig(FIELDS.name(), field, version));
        }
        paths = List.copyOf(parsed);
        replaceNullWithDefault = config.get(CommonConfigs.REPLACE_NULL_WITH_DEFAULT);
        keySchemas.clear();
    }

    @Override
    public R apply(R record) {
        return record.valueSchema() == null ? applySchemaless(record) : applyWithSchema(record);
    }

    private R applySchemaless(R record) {
        Map<String, Object> value = Requirements.requireMap(record.value(), PURPOSE);
        Map<String, Object> key = new HashMap<>();
        for (int i = 0; i < fields.size(); i++) {
            key.put(fields.get(i), paths.get(i).valueFrom(value));
        }
        return record.newRecord(
                record.topic(),
                record.kafkaPartition(),
                null,
                key,
                record.valueSchema(),
                record.value(),
                record.timestamp());
    }

    private R applyWithSchema(R record) {
        Struct value = Requirements.requireStruct(record.value(), PURPOSE);
        Schema keySchema = keySchemas.computeIfAbsent(value.schema(), this::keySchema);
        Struct key = new Struct(keySchema);
        for (int i = 0; i < fields.size(); i++) {
            key.put(fields.get(i), paths.get(i).valueFrom(value, replaceNullWithDefault));
        }
        return record.newRecord(
                record.topic(), record.kafkaPartition(), keySchema, key, value.schema(), value, record.timestamp());
    }

    private Schema keySchema(Schema valueSchema) {
        SchemaBuilder builder = SchemaBuilder.struct();
        for (int i = 0; i < fields.size(); i++) {
            Field field = paths.get(i).fieldFrom(valueSchema);
            if (field == null) {
                throw new DataException("Field does not exist: " + fields.get(i));
            }
            builder.field(fields.get(i), field.schema());
        }
        return builder.build();
    }

    @Override
    public void close() {
        keySchemas.clear();
    }
}
