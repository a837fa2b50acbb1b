package io.kanal.bridge.transform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kanal.api.data.Headers;
import io.kanal.api.data.Schema;
import io.kanal.api.data.SchemaBuilder;
import io.kanal.api.data.Struct;
import io.kanal.api.sink.SinkRecord;
import io.kanal.api.sink.TimestampType;
import io.kanal.api.source.SourceRecord;
import io.kanal.api.transform.Predicate;
import io.kanal.api.transform.Transformation;
import io.kanal.bridge.connector.ConnectPluginAdapter;
import io.kanal.bridge.data.DataTranslator;
import io.kanal.bridge.data.RecordTranslator;
import io.kanal.config.ConfigValidationException;
import java.util.Map;
import org.apache.kafka.connect.transforms.Filter;
import org.apache.kafka.connect.transforms.InsertField;
import org.apache.kafka.connect.transforms.ReplaceField;
import org.apache.kafka.connect.transforms.predicates.HasHeaderKey;
import org.junit.jupiter.api.Test;

/** Apache's connect-transforms through the bridge, each result compared with the same transform run by Apache. */
class BridgedTransformsTest {

    private static final Schema VALUE = SchemaBuilder.struct()
            .name("row")
            .field("id", Schema.INT32_SCHEMA)
            .field("secret", Schema.OPTIONAL_STRING_SCHEMA)
            .build();

    private final ConnectPluginAdapter adapter = new ConnectPluginAdapter();
    private final RecordTranslator apacheSide = new RecordTranslator(new DataTranslator());

    private static SourceRecord source(int id) {
        return new SourceRecord(
                Map.of("file", "in.txt"),
                Map.of("position", (long) id),
                "lines",
                0,
                null,
                null,
                VALUE,
                new Struct(VALUE).put("id", id).put("secret", "pw"),
                1_700_000_000_000L,
                Headers.empty().addString("h", "v"));
    }

    private static SinkRecord sink(int id) {
        return new SinkRecord(
                "lines",
                2,
                null,
                null,
                VALUE,
                new Struct(VALUE).put("id", id).put("secret", "pw"),
                41L,
                1_700_000_000_000L,
                TimestampType.CREATE_TIME,
                Headers.empty());
    }

    @SuppressWarnings("unchecked")
    private <P> P adapt(Class<?> connectClass, Class<P> kanalType, Map<String, String> config) throws Exception {
        P plugin = adapter.adapt(connectClass, kanalType);
        if (plugin instanceof Transformation<?> t) {
            t.configure(t.configSpec().parse(config));
        } else {
            ((Predicate<?>) plugin)
                    .configure(((Predicate<?>) plugin).configSpec().parse(config));
        }
        return plugin;
    }

    @Test
    @SuppressWarnings("unchecked")
    void insertFieldOnSourceRecordsKeepsTheKindAndMatchesApache() throws Exception {
        Map<String, String> config = Map.of("static.field", "origin", "static.value", "kanal", "topic.field", "t");
        Transformation<SourceRecord> bridged = adapt(InsertField.Value.class, Transformation.class, config);
        InsertField.Value<org.apache.kafka.connect.source.SourceRecord> apache = new InsertField.Value<>();
        apache.configure(config);

        SourceRecord in = source(1);
        SourceRecord out = bridged.apply(in);
        SourceRecord expected = apacheSide.toKanal(apache.apply(apacheSide.toConnect(in)));
        assertThat(out).isEqualTo(expected);
        assertThat(out.sourceOffset()).isEqualTo(Map.of("position", 1L));
        assertThat(((Struct) out.value()).getString("origin")).isEqualTo("kanal");
        assertThat(((Struct) out.value()).getString("t")).isEqualTo("lines");
        // Schemas come back cached: the second record's schema is the same object.
        assertThat(bridged.apply(source(2)).valueSchema()).isSameAs(out.valueSchema());
        bridged.close();
    }

    @Test
    @SuppressWarnings("unchecked")
    void replaceFieldOnSinkRecordsKeepsKafkaCoordinates() throws Exception {
        Map<String, String> config = Map.of("exclude", "secret", "renames", "id:key_id");
        Transformation<SinkRecord> bridged = adapt(ReplaceField.Value.class, Transformation.class, config);
        ReplaceField.Value<org.apache.kafka.connect.sink.SinkRecord> apache = new ReplaceField.Value<>();
        apache.configure(config);

        SinkRecord in = sink(5);
        SinkRecord out = bridged.apply(in);
        assertThat(out).isEqualTo(apacheSide.toKanal(apache.apply(apacheSide.toConnect(in))));
        assertThat(out.kafkaOffset()).isEqualTo(41L);
        assertThat(out.kafkaPartition()).isEqualTo(2);
        assertThat(out.timestampType()).isEqualTo(TimestampType.CREATE_TIME);
        assertThat(out.valueSchema().fields()).extracting(f -> f.name()).containsExactly("key_id");
    }

    @Test
    @SuppressWarnings("unchecked")
    void filterWithHasHeaderKeyDropsOnlyMatchingRecords() throws Exception {
        Transformation<SourceRecord> filter = adapt(Filter.class, Transformation.class, Map.of());
        Predicate<SourceRecord> hasH = adapt(HasHeaderKey.class, Predicate.class, Map.of("name", "h"));
        Predicate<SourceRecord> hasX = adapt(HasHeaderKey.class, Predicate.class, Map.of("name", "x"));

        assertThat(hasH.test(source(1))).isTrue();
        assertThat(hasX.test(source(1))).isFalse();
        assertThat(filter.apply(source(1))).isNull();
        assertThat(((io.kanal.api.connector.Versioned) hasH).version()).isEqualTo(new HasHeaderKey<>().version());
    }

    @Test
    @SuppressWarnings("unchecked")
    void anUnchangedRecordStaysTheSameObject() throws Exception {
        // InsertField of a key field on a record with a null key: Apache returns the record it was given.
        Transformation<SourceRecord> bridged =
                adapt(InsertField.Key.class, Transformation.class, Map.of("static.field", "k", "static.value", "v"));
        SourceRecord in = new SourceRecord(Map.of(), Map.of(), "lines", null, "x");
        assertThat(bridged.apply(in)).isSameAs(in);
    }

    @Test
    void connectValidatorsRejectConfigs() throws Exception {
        Transformation<?> bridged = adapter.adapt(ReplaceField.Value.class, Transformation.class);
        assertThatThrownBy(() -> bridged.configSpec().parse(Map.of("renames", "nocolon")))
                .isInstanceOf(ConfigValidationException.class)
                .hasMessageContaining("renames");
    }

    @Test
    void adapterListsTheKindsAndRefusesOthers() {
        assertThat(adapter.kanalTypes(InsertField.Value.class)).containsExactly(Transformation.class);
        assertThat(adapter.kanalTypes(HasHeaderKey.class)).containsExactly(Predicate.class);
        assertThat(adapter.kanalTypes(InsertField.class)).isEmpty(); // abstract
        assertThat(adapter.adapterClass(Filter.class, Transformation.class)).isEqualTo(BridgedTransformation.class);
        assertThatThrownBy(() -> adapter.adapt(Filter.class, Predicate.class))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @SuppressWarnings("unchecked")
    void connectsRetriableAndDataExceptionsBecomeKanals() throws Exception {
        Transformation<SourceRecord> flaky = adapt(Flaky.class, Transformation.class, Map.of());
        assertThatThrownBy(() -> flaky.apply(source(1)))
                .isInstanceOf(io.kanal.api.errors.RetriableException.class)
                .hasMessage("try again")
                .hasCauseInstanceOf(org.apache.kafka.connect.errors.RetriableException.class);
        // InsertField on a schemaless value that is no map: Connect's DataException.
        Transformation<SourceRecord> insert =
                adapt(InsertField.Value.class, Transformation.class, Map.of("static.field", "f", "static.value", "v"));
        assertThatThrownBy(() -> insert.apply(new SourceRecord(Map.of(), Map.of(), "t", null, "not a map")))
                .isInstanceOf(io.kanal.api.errors.DataException.class)
                .hasCauseInstanceOf(org.apache.kafka.connect.errors.DataException.class);
    }

    /** A Connect transform whose dependency is away for now. */
    public static final class Flaky<R extends org.apache.kafka.connect.connector.ConnectRecord<R>>
            implements org.apache.kafka.connect.transforms.Transformation<R> {

        /** For the adapter. */
        public Flaky() {}

        @Override
        public R apply(R record) {
            throw new org.apache.kafka.connect.errors.RetriableException("try again");
        }

        @Override
        public org.apache.kafka.common.config.ConfigDef config() {
            return new org.apache.kafka.common.config.ConfigDef();
        }

        @Override
        public void configure(Map<String, ?> configs) {}

        @Override
        public void close() {}
    }
}
