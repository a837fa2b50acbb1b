package io.kanal.runtime.transform;

import static org.assertj.core.api.Assertions.assertThat;

import io.kanal.api.data.ApacheData;
import io.kanal.api.data.Headers;
import io.kanal.api.data.Schema;
import io.kanal.api.data.Struct;
import io.kanal.api.errors.DataException;
import io.kanal.api.sink.SinkRecord;
import io.kanal.api.sink.TimestampType;
import io.kanal.runtime.transform.Differential.Kind;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InsertFieldDifferentialTest {

    /** Configurations that work with source records (no offset). */
    private static final List<Map<String, ?>> CONFIGS = List.of(
            Map.of("topic.field", "topic"),
            Map.of("topic.field", "topic!", "partition.field", "partition!", "timestamp.field", "ts!"),
            Map.of("topic.field", "topic?", "partition.field", "partition?", "timestamp.field", "ts?"),
            Map.of("static.field", "source", "static.value", "db1"),
            Map.of("static.field", "source!", "static.value", ""),
            Map.of("topic.field", "t", "static.field", "s", "static.value", "v", "replace.null.with.default", "false"),
            Map.of("timestamp.field", "ts", "replace.null.with.default", "true"),
            Map.of("topic.field", "name"),
            Map.of("topic.field", " spaced! "),
            Map.of("topic.field", "?"),
            Map.of("topic.field", ""));

    /** Configurations Connect refuses. */
    private static final List<Map<String, ?>> BAD_CONFIGS = List.of(
            Map.of(),
            Map.of("static.field", "source"),
            Map.of("topic.field", "t", "replace.null.with.default", "maybe"),
            Map.of("static.value", "orphan"));

    @Test
    void valueVariantMatchesConnect() {
        Differential differential =
                Differential.of(InsertField.Value::new, org.apache.kafka.connect.transforms.InsertField.Value::new);
        for (Map<String, ?> config : CONFIGS) {
            differential.check(config, SampleData.valueRecords());
        }
        for (Map<String, ?> config : BAD_CONFIGS) {
            differential.check(config, SampleData.valueRecords());
        }
        SampleData.assertBothOutcomesSeen(differential);
    }

    @Test
    void keyVariantMatchesConnect() {
        Differential differential =
                Differential.of(InsertField.Key::new, org.apache.kafka.connect.transforms.InsertField.Key::new);
        for (Map<String, ?> config : CONFIGS) {
            differential.check(config, SampleData.keyRecords());
        }
        SampleData.assertBothOutcomesSeen(differential);
    }

    @Test
    void recordsWithoutPartitionOrTimestampGetNoSuchField() {
        Differential differential =
                Differential.of(InsertField.Value::new, org.apache.kafka.connect.transforms.InsertField.Value::new);
        io.kanal.api.source.SourceRecord bare = new io.kanal.api.source.SourceRecord(
                Map.of(),
                Map.of(),
                "t",
                null,
                null,
                null,
                SampleData.PERSON,
                SampleData.fullPerson(),
                null,
                Headers.empty());
        io.kanal.api.source.SourceRecord bareMap = new io.kanal.api.source.SourceRecord(
                Map.of(), Map.of(), "t", null, null, null, null, new HashMap<>(Map.of("a", 1)), null, Headers.empty());
        differential.check(Map.of("partition.field", "p", "timestamp.field", "ts"), bare, bareMap);
        // A required partition that the record lacks: both leave the field unset (the struct is then invalid).
        differential.check(Map.of("partition.field", "p!", "timestamp.field", "ts!"), bare, bareMap);
    }

    @Test
    void anOffsetNeedsASinkRecord() {
        // The message names the record class, which differs between the two models.
        Differential differential = Differential.of(
                        InsertField.Value::new, org.apache.kafka.connect.transforms.InsertField.Value::new)
                .ignoringMessages();
        List<Differential.Comparison> results =
                differential.check(Map.of("offset.field", "offset"), SampleData.valueRecords());
        assertThat(results.get(0).kanal().kind()).isEqualTo(Kind.DATA_ERROR);
        assertThat(results.get(0).kanal().message())
                .isEqualTo("Only SinkRecord supported for [field insertion], found: io.kanal.api.source.SourceRecord");
    }

    @Test
    void sinkRecordsGetTheirOffsetAsConnectsDo() {
        for (String offsetField : List.of("offset", "offset!", "offset?")) {
            Map<String, String> config = Map.of("offset.field", offsetField, "topic.field", "topic");
            for (Object[] operand : new Object[][] {
                {SampleData.PERSON, SampleData.fullPerson()},
                {SampleData.OPTIONAL_PERSON, SampleData.optionalPerson()},
                {null, SampleData.nestedMap()},
                {null, null}
            }) {
                Schema schema = (Schema) operand[0];
                SinkRecord kanalInput = new SinkRecord(
                        "orders",
                        2,
                        null,
                        null,
                        schema,
                        operand[1],
                        77L,
                        5L,
                        TimestampType.CREATE_TIME,
                        Headers.empty());
                org.apache.kafka.connect.sink.SinkRecord apacheInput = new org.apache.kafka.connect.sink.SinkRecord(
                        "orders",
                        2,
                        null,
                        null,
                        ApacheData.schemaToApache(schema),
                        ApacheData.valueToApache(operand[1]),
                        77L,
                        5L,
                        org.apache.kafka.common.record.TimestampType.CREATE_TIME);

                InsertField.Value<SinkRecord> kanal = new InsertField.Value<>();
                kanal.configure(kanal.configSpec().parse(config));
                org.apache.kafka.connect.transforms.InsertField.Value<org.apache.kafka.connect.sink.SinkRecord> apache =
                        new org.apache.kafka.connect.transforms.InsertField.Value<>();
                apache.configure(config);

                SinkRecord kanalOutput = kanal.apply(kanalInput);
                org.apache.kafka.connect.sink.SinkRecord apacheOutput = apache.apply(apacheInput);
                assertThat(ApacheData.schemaToApache(kanalOutput.valueSchema())).isEqualTo(apacheOutput.valueSchema());
                assertThat(Differential.deepEquals(ApacheData.valueToApache(kanalOutput.value()), apacheOutput.value()))
                        .as("%s %s", config, operand[1])
                        .isTrue();
                assertThat(kanalOutput.kafkaOffset()).isEqualTo(77L);
            }
        }
    }

    @Test
    void aValueOfTheWrongShapeIsADataErrorNamingWhatWasFound() {
        InsertField.Value<io.kanal.api.source.SourceRecord> kanal = new InsertField.Value<>();
        kanal.configure(kanal.configSpec().parse(Map.of("topic.field", "t")));
        Struct struct = SampleData.fullPerson();
        io.kanal.api.source.SourceRecord schemalessStruct = Differential.valueRecord(null, struct);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> kanal.apply(schemalessStruct))
                .isInstanceOf(DataException.class)
                .hasMessage("Only Map objects supported in absence of schema for [field insertion], found: "
                        + "io.kanal.api.data.Struct");
    }
}
