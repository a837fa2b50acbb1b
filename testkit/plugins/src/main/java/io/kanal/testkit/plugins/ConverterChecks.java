package io.kanal.testkit.plugins;

import static org.assertj.core.api.Assertions.assertThat;

import io.kanal.api.connector.ConnectRecord;
import io.kanal.api.data.ConnectSchema;
import io.kanal.api.data.Header;
import io.kanal.api.data.Schema;
import io.kanal.api.data.SchemaAndValue;
import io.kanal.runtime.convert.JsonConverter;
import io.kanal.runtime.convert.StringConverter;
import java.util.Map;

/**
 * Puts record keys, values and headers through the runtime's own converters, as the pipeline does: {@link
 * JsonConverter} with schemas enabled (Connect's envelope) must write each and read back an equal value with an equal
 * schema; {@link StringConverter} must do the same for {@code STRING} values.
 *
 * <p>Threading: confined to the test's thread.
 */
final class ConverterChecks {

    private final JsonConverter json = new JsonConverter();
    private final StringConverter string = new StringConverter();

    ConverterChecks() {
        json.configure(json.configSpec().parse(Map.of("schemas.enable", "true")), false);
        string.configure(string.configSpec().parse(Map.of()), false);
    }

    /**
     * Checks one record's key, value and headers.
     *
     * @param record the record, as a task produced it
     * @param what how to name it in a failure
     */
    void assertConvertible(ConnectRecord<?> record, String what) {
        assertThat(record.topic()).as(what + " has a topic").isNotBlank();
        check(record.topic(), record.keySchema(), record.key(), what + " key");
        check(record.topic(), record.valueSchema(), record.value(), what + " value");
        for (Header header : record.headers()) {
            String where = what + " header '" + header.key() + "'";
            byte[] bytes = json.fromConnectHeader(record.topic(), header.key(), header.schema(), header.value());
            if (header.schema() != null) {
                SchemaAndValue back = json.toConnectHeader(record.topic(), header.key(), bytes);
                assertThat(back.value())
                        .as(where + " reads back equal from JSON")
                        .isEqualTo(header.value());
            }
        }
    }

    /**
     * A value as the runtime's JSON converter hands it to a sink: written and read back.
     *
     * @param topic the topic
     * @param schema the schema, or null
     * @param value the value
     * @return what a sink task receives
     */
    SchemaAndValue throughJson(String topic, Schema schema, Object value) {
        return json.toConnectData(topic, null, json.fromConnectData(topic, null, schema, value));
    }

    private void check(String topic, Schema schema, Object value, String where) {
        if (schema == null && value == null) {
            return;
        }
        if (schema != null) {
            try {
                ConnectSchema.validateValue(schema, value);
            } catch (RuntimeException e) {
                throw new AssertionError(where + " does not match its own schema " + schema + ": " + e.getMessage(), e);
            }
        }
        SchemaAndValue back;
        try {
            back = throughJson(topic, schema, value);
        } catch (RuntimeException e) {
            throw new AssertionError(where + " cannot go through JsonConverter (schemas.enable=true): " + e, e);
        }
        if (schema == null) {
            return; // schemaless values come back in JSON's types (a Long for an Integer): only writing is checked
        }
        assertThat(back.schema())
                .as(where + " schema reads back equal from JSON")
                .isEqualTo(schema);
        assertThat(back.value()).as(where + " reads back equal from JSON").isEqualTo(value);
        if (schema.type() == Schema.Type.STRING && value != null) {
            SchemaAndValue text = string.toConnectData(topic, null, string.fromConnectData(topic, null, schema, value));
            assertThat(text.value())
                    .as(where + " reads back equal through StringConverter")
                    .isEqualTo(value);
        }
    }
}
