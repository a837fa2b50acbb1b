package io.kanal.plugins.jdbc.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kanal.api.data.Schema;
import io.kanal.api.data.SchemaBuilder;
import io.kanal.api.data.Struct;
import io.kanal.api.errors.DataException;
import io.kanal.api.sink.SinkRecord;
import io.kanal.plugins.jdbc.dialect.TableId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RecordMapperTest {

    private static final Schema KEY = SchemaBuilder.struct()
            .field("tenant", Schema.STRING_SCHEMA)
            .field("id", Schema.INT64_SCHEMA)
            .build();
    private static final Schema VALUE = SchemaBuilder.struct()
            .field("id", Schema.INT64_SCHEMA)
            .field("name", Schema.OPTIONAL_STRING_SCHEMA)
            .field("qty", Schema.INT32_SCHEMA)
            .build();

    static JdbcSinkConfig config(String... keyValues) {
        Map<String, String> map = new HashMap<>();
        map.put("connection.url", "jdbc:postgresql://localhost/test");
        for (int i = 0; i < keyValues.length; i += 2) {
            map.put(keyValues[i], keyValues[i + 1]);
        }
        return JdbcSinkConfig.from(JdbcSinkConfig.SPEC.parse(map));
    }

    private static SinkRecord record(Schema keySchema, Object key, Schema valueSchema, Object value) {
        return new SinkRecord("orders", 3, keySchema, key, valueSchema, value, 42L);
    }

    private static Struct value() {
        return new Struct(VALUE).put("id", 7L).put("name", "bolt").put("qty", 5);
    }

    private static List<Object> values(List<Column> columns, SinkRecord record) {
        return columns.stream().map(c -> c.valueOf(record)).toList();
    }

    @Test
    void noKeyWritesTheWhitelistedValueFields() {
        RecordMapper mapper = new RecordMapper(config("fields.whitelist", "id,qty"));
        SinkRecord record = record(null, null, VALUE, value());
        RecordMapping mapping = mapper.mappingOf(record);
        assertThat(mapping.keyColumns()).isEmpty();
        assertThat(mapping.valueNames()).containsExactly("id", "qty");
        assertThat(values(mapping.valueColumns(), record)).containsExactly(7L, 5);
    }

    @Test
    void kafkaKeyIsTopicPartitionOffset() {
        SinkRecord record = record(null, null, VALUE, value());
        RecordMapping defaults = new RecordMapper(config("pk.mode", "kafka")).mappingOf(record);
        assertThat(defaults.keyNames()).containsExactly("__connect_topic", "__connect_partition", "__connect_offset");
        assertThat(values(defaults.keyColumns(), record)).containsExactly("orders", 3, 42L);
        assertThat(defaults.valueNames()).containsExactly("id", "name", "qty");

        RecordMapping named = new RecordMapper(config("pk.mode", "kafka", "pk.fields", "t,p,o")).mappingOf(record);
        assertThat(named.keyNames()).containsExactly("t", "p", "o");
    }

    @Test
    void primitiveRecordKeyTakesTheOnePkField() {
        SinkRecord record = record(Schema.INT64_SCHEMA, 7L, VALUE, value());
        RecordMapping mapping = new RecordMapper(config("pk.mode", "record_key", "pk.fields", "id")).mappingOf(record);
        assertThat(mapping.keyNames()).containsExactly("id");
        assertThat(values(mapping.keyColumns(), record)).containsExactly(7L);
        // The value's id is the key column already.
        assertThat(mapping.valueNames()).containsExactly("name", "qty");

        assertThatThrownBy(() -> new RecordMapper(config("pk.mode", "record_key")).mappingOf(record))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("exactly one column");
    }

    @Test
    void structRecordKeyTakesAllOrTheNamedFields() {
        Struct key = new Struct(KEY).put("tenant", "acme").put("id", 7L);
        SinkRecord record = record(KEY, key, VALUE, value());
        RecordMapping all = new RecordMapper(config("pk.mode", "record_key")).mappingOf(record);
        assertThat(all.keyNames()).containsExactly("tenant", "id");
        assertThat(values(all.keyColumns(), record)).containsExactly("acme", 7L);

        RecordMapping named =
                new RecordMapper(config("pk.mode", "record_key", "pk.fields", "tenant")).mappingOf(record);
        assertThat(named.keyNames()).containsExactly("tenant");
        assertThat(named.valueNames()).containsExactly("id", "name", "qty");

        assertThatThrownBy(
                        () -> new RecordMapper(config("pk.mode", "record_key", "pk.fields", "nope")).mappingOf(record))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("'nope'");
    }

    @Test
    void recordValueKeyTakesTheNamedValueFields() {
        SinkRecord record = record(null, null, VALUE, value());
        RecordMapping mapping = new RecordMapper(
                        config("pk.mode", "record_value", "pk.fields", "id", "fields.whitelist", "qty"))
                .mappingOf(record);
        assertThat(mapping.keyNames()).containsExactly("id");
        assertThat(mapping.valueNames()).containsExactly("qty");
        assertThat(new RecordMapper(config("pk.mode", "record_value"))
                        .mappingOf(record)
                        .keyNames())
                .containsExactly("id", "name", "qty");
    }

    @Test
    void tombstonesAreDeletesOnlyWhenEnabled() {
        SinkRecord tombstone = record(Schema.INT64_SCHEMA, 7L, null, null);
        assertThatThrownBy(
                        () -> new RecordMapper(config("pk.mode", "record_key", "pk.fields", "id")).mappingOf(tombstone))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("delete.enabled");
        RecordMapping delete = new RecordMapper(
                        config("pk.mode", "record_key", "pk.fields", "id", "delete.enabled", "true"))
                .mappingOf(tombstone);
        assertThat(delete.delete()).isTrue();
        assertThat(delete.keyNames()).containsExactly("id");
        WriteStatement statement = WriteStatement.of(TableId.parse("orders"), delete, InsertMode.UPSERT);
        assertThat(statement.sql()).isEqualTo("DELETE FROM \"orders\" WHERE \"id\" = ?");
    }

    @Test
    void valuesWithoutStructSchemaAreRefused() {
        RecordMapper mapper = new RecordMapper(config());
        assertThatThrownBy(() -> mapper.mappingOf(record(null, null, null, Map.of("id", 1))))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("struct schema");
        assertThatThrownBy(() -> mapper.mappingOf(record(null, null, Schema.STRING_SCHEMA, "x")))
                .isInstanceOf(DataException.class);
    }

    @Test
    void mappingsAreCachedPerSchemaPair() {
        RecordMapper mapper = new RecordMapper(config());
        RecordMapping first = mapper.mappingOf(record(null, null, VALUE, value()));
        Schema equalCopy = SchemaBuilder.struct()
                .field("id", Schema.INT64_SCHEMA)
                .field("name", Schema.OPTIONAL_STRING_SCHEMA)
                .field("qty", Schema.INT32_SCHEMA)
                .build();
        mapper.mappingOf(record(Schema.STRING_SCHEMA, "k", VALUE, value()));
        assertThat(mapper.mappingOf(record(null, null, equalCopy, value()))).isSameAs(first);
    }

    @Test
    void updateBindsTheOtherColumnsBeforeTheKey() {
        SinkRecord record = record(Schema.INT64_SCHEMA, 7L, VALUE, value());
        RecordMapping mapping = new RecordMapper(
                        config("pk.mode", "record_key", "pk.fields", "id", "insert.mode", "update"))
                .mappingOf(record);
        WriteStatement update = WriteStatement.of(TableId.parse("orders"), mapping, InsertMode.UPDATE);
        assertThat(update.sql()).isEqualTo("UPDATE \"orders\" SET \"name\" = ?, \"qty\" = ? WHERE \"id\" = ?");
        assertThat(update.parameters().stream().map(Column::name)).containsExactly("name", "qty", "id");
    }
}
