package io.kanal.plugins.jdbc.sink;

import io.kanal.api.data.Field;
import io.kanal.api.data.Schema;
import io.kanal.api.errors.DataException;
import io.kanal.api.sink.SinkRecord;
import io.kanal.plugins.jdbc.dialect.ParameterBinder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decides a record's columns from {@code pk.mode}, {@code pk.fields} and {@code fields.whitelist}, as the established
 * JDBC sink does:
 *
 * <ul>
 *   <li>{@code none}: no key; the value's fields are the columns;
 *   <li>{@code kafka}: the topic, partition and offset are the key (columns named by {@code pk.fields}, by default
 *       {@code __connect_topic}, {@code __connect_partition}, {@code __connect_offset}); the value's fields follow;
 *   <li>{@code record_key}: a primitive key is one key column named by the single {@code pk.fields} entry; a struct
 *       key gives the fields {@code pk.fields} names, or all of them; the value's other fields follow;
 *   <li>{@code record_value}: the value's fields that {@code pk.fields} names (or all of them) are the key, the
 *       others follow.
 * </ul>
 *
 * {@code fields.whitelist} keeps only the named value fields among the non-key columns. The result is cached per key
 * and value schema; the last one is remembered by identity, since the records of one batch usually share their
 * schema objects.
 *
 * <p>Threading: owned by the task's thread.
 */
final class RecordMapper {

    private record Shape(Schema keySchema, Schema valueSchema, boolean delete) {}

    private final JdbcSinkConfig config;
    private final Map<Shape, RecordMapping> cache = new HashMap<>();

    private Schema lastKeySchema;
    private Schema lastValueSchema;
    private boolean lastDelete;
    private RecordMapping last;

    RecordMapper(JdbcSinkConfig config) {
        this.config = config;
    }

    /**
     * The columns of a record.
     *
     * @param record the record
     * @return its mapping
     * @throws DataException when the record cannot be written (no schema, a missing key field, a field with no
     *     column type, a tombstone when deletes are off)
     */
    RecordMapping mappingOf(SinkRecord record) {
        boolean delete = record.value() == null;
        Schema keySchema = record.keySchema();
        Schema valueSchema = record.valueSchema();
        if (last != null && keySchema == lastKeySchema && valueSchema == lastValueSchema && delete == lastDelete) {
            return last;
        }
        Shape shape = new Shape(keySchema, delete ? null : valueSchema, delete);
        RecordMapping mapping = cache.get(shape);
        if (mapping == null) {
            mapping = build(keySchema, valueSchema, delete);
            cache.put(shape, mapping);
        }
        lastKeySchema = keySchema;
        lastValueSchema = valueSchema;
        lastDelete = delete;
        last = mapping;
        return mapping;
    }

    private RecordMapping build(Schema keySchema, Schema valueSchema, boolean delete) {
        if (delete) {
            if (!config.deleteEnabled()) {
                throw new DataException("the record is a tombstone (null value) and delete.enabled is false");
            }
            return new RecordMapping(keyFromRecordKey(keySchema), List.of(), true);
        }
        if (valueSchema == null || valueSchema.type() != Schema.Type.STRUCT) {
            throw new DataException("the record's value needs a struct schema (it has "
                    + (valueSchema == null ? "none" : valueSchema.type().getName())
                    + "); use a converter with schemas, such as JSON with schemas.enable=true");
        }
        List<Column> keys =
                switch (config.pkMode()) {
                    case NONE -> List.of();
                    case KAFKA -> kafkaKey();
                    case RECORD_KEY -> keyFromRecordKey(keySchema);
                    case RECORD_VALUE -> keyFromValue(valueSchema);
                };
        Set<String> keyNames = new HashSet<>();
        keys.forEach(column -> keyNames.add(column.name()));
        List<Column> values = new ArrayList<>();
        for (Field field : valueSchema.fields()) {
            boolean listed = config.fieldsWhitelist().isEmpty()
                    || config.fieldsWhitelist().contains(field.name());
            if (listed && !keyNames.contains(field.name())) {
                values.add(column(field.name(), field.schema(), Column.Source.VALUE_FIELD, field));
            }
        }
        return new RecordMapping(keys, values, false);
    }

    private List<Column> kafkaKey() {
        List<String> names = config.pkFields().isEmpty() ? JdbcSinkConfig.DEFAULT_KAFKA_PK_FIELDS : config.pkFields();
        return List.of(
                column(names.get(0), Schema.STRING_SCHEMA, Column.Source.TOPIC, null),
                column(names.get(1), Schema.INT32_SCHEMA, Column.Source.PARTITION, null),
                column(names.get(2), Schema.INT64_SCHEMA, Column.Source.OFFSET, null));
    }

    private List<Column> keyFromRecordKey(Schema keySchema) {
        if (keySchema == null) {
            throw new DataException("pk.mode=record_key needs a key with a schema, and the record's key has none");
        }
        if (keySchema.type().isPrimitive()) {
            if (config.pkFields().size() != 1) {
                throw new DataException(
                        "the record's key is a primitive (" + keySchema.type().getName()
                                + "), so pk.fields must name exactly one column for it; it names " + config.pkFields());
            }
            return List.of(column(config.pkFields().get(0), keySchema, Column.Source.KEY, null));
        }
        if (keySchema.type() != Schema.Type.STRUCT) {
            throw new DataException("pk.mode=record_key needs a primitive or struct key, not a "
                    + keySchema.type().getName());
        }
        return fields(keySchema, Column.Source.KEY_FIELD, "key");
    }

    private List<Column> keyFromValue(Schema valueSchema) {
        return fields(valueSchema, Column.Source.VALUE_FIELD, "value");
    }

    private List<Column> fields(Schema struct, Column.Source source, String what) {
        List<Column> columns = new ArrayList<>();
        if (config.pkFields().isEmpty()) {
            for (Field field : struct.fields()) {
                columns.add(column(field.name(), field.schema(), source, field));
            }
            return columns;
        }
        for (String name : config.pkFields()) {
            Field field = struct.field(name);
            if (field == null) {
                throw new DataException(
                        "pk.fields names '" + name + "', which the record's " + what + " schema does not have");
            }
            columns.add(column(name, field.schema(), source, field));
        }
        return columns;
    }

    private Column column(String name, Schema schema, Column.Source source, Field field) {
        return new Column(name, schema, source, field, ParameterBinder.of(name, schema, config.dbTimeZone()));
    }
}
