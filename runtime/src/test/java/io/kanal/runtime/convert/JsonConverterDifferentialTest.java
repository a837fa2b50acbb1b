package io.kanal.runtime.convert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kanal.api.data.ApacheData;
import io.kanal.api.data.DataArbitraries;
import io.kanal.api.data.Schema;
import io.kanal.api.data.SchemaAndValue;
import io.kanal.api.errors.DataException;
import java.util.HashMap;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.statistics.Statistics;

/**
 * Kanal's JsonConverter against Apache Kafka Connect's, over random schemas and values in every configuration:
 * the same bytes when writing, the same data (Apache's reading of the same bytes) when reading, and Kanal reading
 * its own bytes back into data that writes the same bytes again.
 */
class JsonConverterDifferentialTest {

    /** One converter configuration, applied to both sides. */
    record Setup(boolean schemas, String decimalFormat, boolean replaceNull) {
        Map<String, Object> map() {
            Map<String, Object> config = new HashMap<>();
            config.put("schemas.enable", String.valueOf(schemas));
            config.put("decimal.format", decimalFormat);
            config.put("replace.null.with.default", String.valueOf(replaceNull));
            return config;
        }

        JsonConverter kanal() {
            JsonConverter converter = new JsonConverter();
            converter.configure(converter.configSpec().parse(map()), false);
            return converter;
        }

        org.apache.kafka.connect.json.JsonConverter apache() {
            org.apache.kafka.connect.json.JsonConverter converter = new org.apache.kafka.connect.json.JsonConverter();
            converter.configure(map(), false);
            return converter;
        }
    }

    @Provide
    Arbitrary<Setup> setups() {
        return Combinators.combine(
                        Arbitraries.of(true, false),
                        Arbitraries.of("BASE64", "NUMERIC", "numeric"),
                        Arbitraries.of(true, false))
                .as(Setup::new);
    }

    @Provide
    Arbitrary<SchemaAndValue> data() {
        return DataArbitraries.schemasAndValues();
    }

    @Provide
    Arbitrary<SchemaAndValue> anyData() {
        return DataArbitraries.schemasAndAnyValues();
    }

    @Property(tries = 1500, shrinking = ShrinkingMode.BOUNDED)
    void writesApacheBytesAndReadsThemLikeApache(@ForAll("data") SchemaAndValue data, @ForAll("setups") Setup setup) {
        JsonConverter kanal = setup.kanal();
        org.apache.kafka.connect.json.JsonConverter apache = setup.apache();
        Schema schema = data.schema();
        Object value = data.value();

        byte[] expected;
        try {
            expected = apache.fromConnectData("t", ApacheData.schemaToApache(schema), ApacheData.valueToApache(value));
        } catch (org.apache.kafka.connect.errors.DataException apacheFailure) {
            // Valid data Connect cannot write: a null for a required field with a default, with
            // replace.null.with.default=false.
            assertThatThrownBy(() -> kanal.fromConnectData("t", null, schema, value))
                    .as("Apache failed with %s", apacheFailure)
                    .isInstanceOf(DataException.class);
            Statistics.collect("Connect cannot write it");
            return;
        }
        Statistics.collect(schema.type().isPrimitive() ? "primitive" : schema.type());
        byte[] actual = kanal.fromConnectData("t", null, schema, value);
        assertThat(text(actual)).isEqualTo(text(expected));
        assertThat(actual).isEqualTo(expected);

        // Reading: Kanal's result equals Apache's, except where Apache loses information (NaN, infinities, -0.0).
        org.apache.kafka.connect.data.SchemaAndValue apacheRead = apache.toConnectData("t", expected);
        SchemaAndValue kanalRead = kanal.toConnectData("t", null, expected);
        assertSameSchema(kanalRead.schema(), ApacheData.schemaFromApache(apacheRead.schema()));
        assertThat(DeepEquality.equivalent(kanalRead.value(), ApacheData.valueFromApache(apacheRead.value())))
                .as("read %s as %s, Apache as %s", text(expected), kanalRead.value(), apacheRead.value())
                .isTrue();

        // Kanal's own round trip: what it read writes bytes that read back into the same data again. (Not always the
        // original bytes: a null map key written as its default can collide with a real one and merge on reading.)
        byte[] again = kanal.fromConnectData("t", null, kanalRead.schema(), kanalRead.value());
        if (again != null) {
            SchemaAndValue reread = kanal.toConnectData("t", null, again);
            assertThat(text(kanal.fromConnectData("t", null, reread.schema(), reread.value())))
                    .isEqualTo(text(again));
        }
    }

    @Property(tries = 1000)
    void rejectsWhatApacheRejectsAndWritesTheSameOtherwise(
            @ForAll("anyData") SchemaAndValue data, @ForAll("setups") Setup setup) {
        JsonConverter kanal = setup.kanal();
        org.apache.kafka.connect.json.JsonConverter apache = setup.apache();
        byte[] expected;
        try {
            expected = apache.fromConnectData(
                    "t", ApacheData.schemaToApache(data.schema()), ApacheData.valueToApache(data.value()));
        } catch (RuntimeException apacheFailure) {
            assertThatThrownBy(() -> kanal.fromConnectData("t", null, data.schema(), data.value()))
                    .as("Apache failed with %s", apacheFailure)
                    .isInstanceOf(DataException.class);
            return;
        }
        assertThat(text(kanal.fromConnectData("t", null, data.schema(), data.value())))
                .isEqualTo(text(expected));
    }

    @Property(tries = 300)
    void readsSchemaContentLikeApache(@ForAll("data") SchemaAndValue data) {
        // schema.content: the schema comes from the configuration and the message is the bare payload.
        Map<String, Object> config = new HashMap<>();
        config.put("schemas.enable", "false");
        org.apache.kafka.connect.json.JsonConverter plain = new org.apache.kafka.connect.json.JsonConverter();
        plain.configure(config, false);
        byte[] payload = plain.fromConnectData(
                "t", ApacheData.schemaToApache(data.schema()), ApacheData.valueToApache(data.value()));
        if (payload == null) {
            return;
        }
        org.apache.kafka.connect.json.JsonConverter withSchemas = new org.apache.kafka.connect.json.JsonConverter();
        withSchemas.configure(Map.of(), false);
        String envelope = text(withSchemas.fromConnectData(
                "t", ApacheData.schemaToApache(data.schema()), ApacheData.valueToApache(data.value())));
        String schemaJson = envelope.substring("{\"schema\":".length(), envelope.lastIndexOf(",\"payload\":"));

        Map<String, Object> contentConfig = new HashMap<>();
        contentConfig.put("schema.content", schemaJson);
        org.apache.kafka.connect.json.JsonConverter apache = new org.apache.kafka.connect.json.JsonConverter();
        apache.configure(contentConfig, false);
        JsonConverter kanal = new JsonConverter();
        kanal.configure(kanal.configSpec().parse(contentConfig), false);

        org.apache.kafka.connect.data.SchemaAndValue apacheRead = apache.toConnectData("t", payload);
        SchemaAndValue kanalRead = kanal.toConnectData("t", null, payload);
        assertSameSchema(kanalRead.schema(), ApacheData.schemaFromApache(apacheRead.schema()));
        assertThat(DeepEquality.equivalent(kanalRead.value(), ApacheData.valueFromApache(apacheRead.value())))
                .isTrue();
    }

    static void assertSameSchema(Schema kanal, Schema apache) {
        assertThat(DeepEquality.equivalentSchemas(kanal, apache))
                .as("Kanal read %s, Apache %s", DeepEquality.describe(kanal), DeepEquality.describe(apache))
                .isTrue();
    }

    static String text(byte[] bytes) {
        return bytes == null ? null : new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
    }
}
