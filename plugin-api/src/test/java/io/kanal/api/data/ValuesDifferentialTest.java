package io.kanal.api.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.kanal.api.errors.DataException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Kanal's {@link Values} against Apache Kafka Connect's on random input: the same parse (schema and value), the same
 * conversion result, the same rendering, or a failure on both sides (a {@link DataException} on Kanal's).
 */
class ValuesDifferentialTest {

    /** What a call returned or threw. */
    private record Outcome(Object value, RuntimeException error) {
        static Outcome of(Supplier<?> call) {
            try {
                return new Outcome(call.get(), null);
            } catch (RuntimeException e) {
                return new Outcome(null, e);
            }
        }
    }

    // ---- (a) parseString ----------------------------------------------------------------------------------------

    @Property(tries = 3000)
    void parsesRandomTextAsConnectDoes(@ForAll("randomText") String text) {
        assertSameParse(text);
    }

    @Property(tries = 3000)
    void parsesTextOfRandomValuesAsConnectDoes(@ForAll("valueText") String text) {
        assertSameParse(text);
    }

    @Property(tries = 1000)
    void parsesWhatConnectRendersAsConnectDoes(@ForAll("values") Object value) {
        Outcome rendered = Outcome.of(
                () -> org.apache.kafka.connect.data.Values.convertToString(null, ApacheData.valueToApache(value)));
        if (rendered.error() == null) {
            assertSameParse((String) rendered.value());
        }
    }

    private static void assertSameParse(String text) {
        Outcome kanal = Outcome.of(() -> Values.parseString(text));
        Outcome apache = Outcome.of(() -> org.apache.kafka.connect.data.Values.parseString(text));
        assertThat(kanal.error()).as("Kanal's parse of [%s]", text).isNull();
        assertThat(apache.error()).as("Connect's parse of [%s]", text).isNull();
        SchemaAndValue mine = (SchemaAndValue) kanal.value();
        var theirs = (org.apache.kafka.connect.data.SchemaAndValue) apache.value();
        if (mine == null || theirs == null) {
            assertThat(mine)
                    .as("parse of [%s]: Kanal %s, Connect %s", text, mine, theirs)
                    .isNull();
            assertThat(theirs)
                    .as("parse of [%s]: Kanal %s, Connect %s", text, mine, theirs)
                    .isNull();
            return;
        }
        assertThat(SchemaText.describe(ApacheData.schemaToApache(mine.schema())))
                .as("schema of [%s]", text)
                .isEqualTo(SchemaText.describe(theirs.schema()));
        assertThat(ApacheData.valueToApache(mine.value()))
                .as("value of [%s]", text)
                .isEqualTo(theirs.value());
    }

    // ---- (b) convertTo... -----------------------------------------------------------------------------------------

    /** A Values method on both sides: Kanal's with Kanal data, Connect's with the mapped data. */
    private enum Conversion {
        BOOLEAN(Values::convertToBoolean, org.apache.kafka.connect.data.Values::convertToBoolean),
        BYTE(Values::convertToByte, org.apache.kafka.connect.data.Values::convertToByte),
        SHORT(Values::convertToShort, org.apache.kafka.connect.data.Values::convertToShort),
        INTEGER(Values::convertToInteger, org.apache.kafka.connect.data.Values::convertToInteger),
        LONG(Values::convertToLong, org.apache.kafka.connect.data.Values::convertToLong),
        FLOAT(Values::convertToFloat, org.apache.kafka.connect.data.Values::convertToFloat),
        DOUBLE(Values::convertToDouble, org.apache.kafka.connect.data.Values::convertToDouble),
        STRING(Values::convertToString, org.apache.kafka.connect.data.Values::convertToString),
        LIST(Values::convertToList, org.apache.kafka.connect.data.Values::convertToList),
        MAP(Values::convertToMap, org.apache.kafka.connect.data.Values::convertToMap),
        STRUCT(Values::convertToStruct, org.apache.kafka.connect.data.Values::convertToStruct),
        TIME(Values::convertToTime, org.apache.kafka.connect.data.Values::convertToTime),
        DATE(Values::convertToDate, org.apache.kafka.connect.data.Values::convertToDate),
        TIMESTAMP(Values::convertToTimestamp, org.apache.kafka.connect.data.Values::convertToTimestamp);

        final BiFunction<Schema, Object, Object> kanal;
        final BiFunction<org.apache.kafka.connect.data.Schema, Object, Object> apache;

        Conversion(
                BiFunction<Schema, Object, Object> kanal,
                BiFunction<org.apache.kafka.connect.data.Schema, Object, Object> apache) {
            this.kanal = kanal;
            this.apache = apache;
        }
    }

    @Property(tries = 1500)
    void convertsAsConnectDoes(
            @ForAll("schemas") Schema schema, @ForAll("values") Object value, @ForAll("scales") int scale) {
        var apacheSchema = ApacheData.schemaToApache(schema);
        Object apacheValue = ApacheData.valueToApache(value);
        for (Conversion conversion : Conversion.values()) {
            assertSameOutcome(
                    conversion + " of " + describe(value) + " with " + schema,
                    Outcome.of(() -> conversion.kanal.apply(schema, value)),
                    Outcome.of(() -> conversion.apache.apply(apacheSchema, apacheValue)));
        }
        assertSameOutcome(
                "DECIMAL(" + scale + ") of " + describe(value),
                Outcome.of(() -> Values.convertToDecimal(schema, value, scale)),
                Outcome.of(
                        () -> org.apache.kafka.connect.data.Values.convertToDecimal(apacheSchema, apacheValue, scale)));
        Outcome inferred = Outcome.of(() -> Values.inferSchema(value));
        Outcome apacheInferred = Outcome.of(() -> org.apache.kafka.connect.data.Values.inferSchema(apacheValue));
        assertSameFailure("inferSchema of " + describe(value), inferred, apacheInferred);
        if (inferred.error() == null) {
            assertThat(SchemaText.describe(ApacheData.schemaToApache((Schema) inferred.value())))
                    .as("inferSchema of %s", describe(value))
                    .isEqualTo(SchemaText.describe((org.apache.kafka.connect.data.Schema) apacheInferred.value()));
        }
    }

    // ---- (c) convertToString --------------------------------------------------------------------------------------

    @Property(tries = 2000)
    void rendersAsConnectDoes(@ForAll("values") Object value) {
        assertSameOutcome(
                "convertToString of " + describe(value),
                Outcome.of(() -> Values.convertToString(null, value)),
                Outcome.of(() ->
                        org.apache.kafka.connect.data.Values.convertToString(null, ApacheData.valueToApache(value))));
    }

    // ---- comparison -----------------------------------------------------------------------------------------------

    private static void assertSameOutcome(String what, Outcome kanal, Outcome apache) {
        assertSameFailure(what, kanal, apache);
        if (kanal.error() == null) {
            assertThat(ApacheData.valueToApache(kanal.value())).as(what).isEqualTo(apache.value());
        }
    }

    private static void assertSameFailure(String what, Outcome kanal, Outcome apache) {
        if (kanal.error() != null && !(kanal.error() instanceof DataException)) {
            fail(what + ": Kanal threw " + kanal.error() + ", not a DataException", kanal.error());
        }
        if (kanal.error() != null && apache.error() == null) {
            fail(what + ": Kanal threw " + kanal.error() + " but Connect returned " + describe(apache.value()));
        }
        if (kanal.error() == null && apache.error() != null) {
            fail(what + ": Connect threw " + apache.error() + " but Kanal returned " + describe(kanal.value()));
        }
    }

    private static String describe(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof byte[] bytes) {
            return "byte" + java.util.Arrays.toString(bytes);
        }
        if (value instanceof java.util.Date date) {
            return "Date(" + date.getTime() + ")";
        }
        if (value instanceof List<?> list) {
            return list.stream().map(ValuesDifferentialTest::describe).collect(Collectors.joining(",", "[", "]"));
        }
        return value.getClass().getSimpleName() + "(" + value + ")";
    }

    // ---- generators -----------------------------------------------------------------------------------------------

    @Provide
    Arbitrary<String> randomText() {
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(
                        6,
                        Arbitraries.strings()
                                .withChars("0123456789-+.eE:TZ\"[]{},\\ \ttrueflasn")
                                .ofMaxLength(24)),
                net.jqwik.api.Tuple.of(1, Arbitraries.strings().ofMaxLength(12)));
    }

    @Provide
    Arbitrary<String> valueText() {
        return ValueTexts.text(3);
    }

    @Provide
    Arbitrary<Object> values() {
        return ValueObjects.value(2);
    }

    @Provide
    Arbitrary<Integer> scales() {
        return Arbitraries.integers().between(-3, 6);
    }

    @Provide
    Arbitrary<Schema> schemas() {
        List<Schema> schemas = new ArrayList<>(List.of(
                Schema.INT8_SCHEMA,
                Schema.INT16_SCHEMA,
                Schema.INT32_SCHEMA,
                Schema.INT64_SCHEMA,
                Schema.FLOAT32_SCHEMA,
                Schema.FLOAT64_SCHEMA,
                Schema.BOOLEAN_SCHEMA,
                Schema.STRING_SCHEMA,
                Schema.BYTES_SCHEMA,
                Schema.OPTIONAL_INT32_SCHEMA,
                Schema.OPTIONAL_STRING_SCHEMA,
                Date.SCHEMA,
                Time.SCHEMA,
                Timestamp.SCHEMA,
                Decimal.schema(2),
                SchemaBuilder.array(Schema.INT32_SCHEMA).build(),
                SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.STRING_SCHEMA).build(),
                SchemaBuilder.struct().field("a", Schema.INT32_SCHEMA).build(),
                SchemaBuilder.int64().name("other.Name").build()));
        return Arbitraries.of(schemas).injectNull(0.25);
    }

    /** Maps a Kanal schema (or null) to a comparable text: every property, nested schemas included. */
    static final class SchemaText {
        private SchemaText() {}

        static String describe(org.apache.kafka.connect.data.Schema schema) {
            if (schema == null) {
                return "null";
            }
            StringBuilder out = new StringBuilder(schema.type().toString());
            out.append(schema.isOptional() ? "?" : "!");
            out.append(" name=").append(schema.name());
            out.append(" version=").append(schema.version());
            out.append(" params=").append(schema.parameters());
            out.append(" default=").append(schema.defaultValue());
            if (schema.type() == org.apache.kafka.connect.data.Schema.Type.STRUCT) {
                out.append(" fields=");
                for (var field : schema.fields()) {
                    out.append(field.name())
                            .append(':')
                            .append(describe(field.schema()))
                            .append(';');
                }
            }
            if (schema.type() == org.apache.kafka.connect.data.Schema.Type.MAP) {
                out.append(" key=(").append(describe(schema.keySchema())).append(')');
            }
            if (schema.type() == org.apache.kafka.connect.data.Schema.Type.MAP
                    || schema.type() == org.apache.kafka.connect.data.Schema.Type.ARRAY) {
                out.append(" value=(").append(describe(schema.valueSchema())).append(')');
            }
            return out.toString();
        }
    }
}
