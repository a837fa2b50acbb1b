package io.kanal.bridge.convert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kanal.api.data.Headers;
import io.kanal.api.data.Schema;
import io.kanal.api.data.SchemaAndValue;
import io.kanal.api.data.SchemaBuilder;
import io.kanal.api.data.Struct;
import io.kanal.api.errors.DataException;
import io.kanal.bridge.connector.ConnectPluginAdapter;
import io.kanal.config.ConfigValidationException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.storage.StringConverter;
import org.junit.jupiter.api.Test;

/** Apache's own converters (connect-json, connect-api's StringConverter) through the bridge, compared with Apache. */
class BridgedConvertersTest {

    private static final Schema VALUE = SchemaBuilder.struct()
            .name("line")
            .field("text", Schema.STRING_SCHEMA)
            .field("n", Schema.OPTIONAL_INT64_SCHEMA)
            .build();

    private static final org.apache.kafka.connect.data.Schema APACHE_VALUE =
            org.apache.kafka.connect.data.SchemaBuilder.struct()
                    .name("line")
                    .field("text", org.apache.kafka.connect.data.Schema.STRING_SCHEMA)
                    .field("n", org.apache.kafka.connect.data.Schema.OPTIONAL_INT64_SCHEMA)
                    .build();

    private final ConnectPluginAdapter adapter = new ConnectPluginAdapter();

    @Test
    void jsonConverterWritesAndReadsApachesBytes() throws Exception {
        for (boolean schemas : new boolean[] {true, false}) {
            io.kanal.api.convert.Converter bridged =
                    adapter.adapt(JsonConverter.class, io.kanal.api.convert.Converter.class);
            Map<String, String> config = Map.of("schemas.enable", String.valueOf(schemas));
            bridged.configure(bridged.configSpec().parse(config), false);
            JsonConverter apache = new JsonConverter();
            apache.configure(Map.of("schemas.enable", String.valueOf(schemas)), false);

            byte[] ours = bridged.serialize(
                            "t",
                            Headers.empty(),
                            VALUE,
                            new Struct(VALUE).put("text", "hi").put("n", 7L))
                    .bytes();
            byte[] theirs = apache.fromConnectData(
                    "t",
                    APACHE_VALUE,
                    new org.apache.kafka.connect.data.Struct(APACHE_VALUE)
                            .put("text", "hi")
                            .put("n", 7L));
            assertThat(new String(ours, StandardCharsets.UTF_8)).isEqualTo(new String(theirs, StandardCharsets.UTF_8));

            SchemaAndValue back = bridged.toConnectData("t", Headers.empty(), theirs);
            org.apache.kafka.connect.data.SchemaAndValue apacheBack = apache.toConnectData("t", theirs);
            assertThat(String.valueOf(back.value())).isEqualTo(String.valueOf(apacheBack.value()));
            if (schemas) {
                assertThat(back.value())
                        .isEqualTo(new Struct(VALUE).put("text", "hi").put("n", 7L));
            }
            assertThat(bridged.toConnectData("t", Headers.empty(), null)).isEqualTo(SchemaAndValue.NULL);
            bridged.close();
        }
    }

    @Test
    void converterTypeIsTheWorkersNotTheUsers() throws Exception {
        io.kanal.api.convert.Converter bridged =
                adapter.adapt(JsonConverter.class, io.kanal.api.convert.Converter.class);
        assertThat(bridged.configSpec().keys()).noneMatch(k -> k.name().equals("converter.type"));
        assertThat(bridged.configSpec().keys()).anyMatch(k -> k.name().equals("schemas.enable"));
        // Connect's validators stay in force.
        assertThatThrownBy(() -> bridged.configSpec().parse(Map.of("decimal.format", "ROMAN")))
                .isInstanceOf(ConfigValidationException.class)
                .hasMessageContaining("decimal.format");
    }

    @Test
    void jsonConverterAsHeaderConverter() throws Exception {
        assertThat(adapter.kanalTypes(JsonConverter.class))
                .containsExactlyInAnyOrder(
                        io.kanal.api.convert.Converter.class, io.kanal.api.convert.HeaderConverter.class);
        io.kanal.api.convert.HeaderConverter bridged =
                adapter.adapt(JsonConverter.class, io.kanal.api.convert.HeaderConverter.class);
        assertThat(bridged).isInstanceOf(BridgedHeaderConverter.class);
        bridged.configure(bridged.configSpec().parse(Map.of("schemas.enable", "false")));
        JsonConverter apache = new JsonConverter();
        apache.configure(Map.of("schemas.enable", "false", "converter.type", "header"));

        byte[] ours = bridged.fromConnectHeader("t", "h", Schema.INT32_SCHEMA, 42);
        assertThat(ours)
                .isEqualTo(apache.fromConnectHeader("t", "h", org.apache.kafka.connect.data.Schema.INT32_SCHEMA, 42));
        assertThat(bridged.toConnectHeader("t", "h", ours).value()).isEqualTo(42L);
        bridged.close();
    }

    @Test
    void stringConverterRoundTrip() throws Exception {
        io.kanal.api.convert.Converter bridged =
                adapter.adapt(StringConverter.class, io.kanal.api.convert.Converter.class);
        bridged.configure(bridged.configSpec().parse(Map.of()), true);
        assertThat(bridged.fromConnectData("t", Headers.empty(), Schema.STRING_SCHEMA, "käse"))
                .isEqualTo("käse".getBytes(StandardCharsets.UTF_8));
        assertThat(bridged.toConnectData("t", Headers.empty(), "x".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(new SchemaAndValue(Schema.OPTIONAL_STRING_SCHEMA, "x"));
        assertThat(((io.kanal.api.connector.Versioned) bridged).version()).isEqualTo(new StringConverter().version());
    }

    @Test
    void connectsDataExceptionsBecomeKanals() throws Exception {
        io.kanal.api.convert.Converter bridged =
                adapter.adapt(JsonConverter.class, io.kanal.api.convert.Converter.class);
        bridged.configure(bridged.configSpec().parse(Map.of()), false);
        assertThatThrownBy(
                        () -> bridged.toConnectData("t", Headers.empty(), "{not json".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(DataException.class)
                .hasCauseInstanceOf(org.apache.kafka.connect.errors.DataException.class);
        assertThatThrownBy(() -> bridged.fromConnectData("t", Headers.empty(), Schema.STRING_SCHEMA, 3))
                .isInstanceOf(DataException.class)
                .hasCauseInstanceOf(org.apache.kafka.connect.errors.DataException.class);
    }
}
