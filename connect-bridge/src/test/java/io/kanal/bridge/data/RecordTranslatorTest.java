package io.kanal.bridge.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kanal.api.data.Headers;
import io.kanal.api.data.Schema;
import io.kanal.api.errors.DataException;
import io.kanal.api.sink.SinkRecord;
import io.kanal.api.sink.TimestampType;
import io.kanal.api.source.SourceRecord;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.junit.jupiter.api.Test;

class RecordTranslatorTest {

    private static final org.apache.kafka.connect.data.Schema VALUE = SchemaBuilder.struct()
            .name("Row")
            .field("id", org.apache.kafka.connect.data.Schema.INT64_SCHEMA)
            .field("name", org.apache.kafka.connect.data.Schema.OPTIONAL_STRING_SCHEMA)
            .build();

    private final RecordTranslator records = new RecordTranslator(new DataTranslator());

    @Test
    void aConnectSourceRecordKeepsEveryField() {
        Map<String, Object> partition = Map.of("file", "/tmp/a");
        Map<String, Object> offset = Map.of("position", 42L);
        org.apache.kafka.connect.data.Struct value =
                new org.apache.kafka.connect.data.Struct(VALUE).put("id", 7L).put("name", "seven");
        org.apache.kafka.connect.source.SourceRecord connect = new org.apache.kafka.connect.source.SourceRecord(
                partition,
                offset,
                "rows",
                3,
                org.apache.kafka.connect.data.Schema.STRING_SCHEMA,
                "k",
                VALUE,
                value,
                1_700_000_000_000L,
                new ConnectHeaders().addString("h", "v"));

        SourceRecord kanal = records.toKanal(connect);

        assertThat(kanal.sourcePartition()).isEqualTo(partition);
        assertThat(kanal.sourceOffset()).isEqualTo(offset);
        assertThat(kanal.topic()).isEqualTo("rows");
        assertThat(kanal.kafkaPartition()).isEqualTo(3);
        assertThat(kanal.keySchema()).isEqualTo(Schema.STRING_SCHEMA);
        assertThat(kanal.key()).isEqualTo("k");
        assertThat(kanal.valueSchema().name()).isEqualTo("Row");
        assertThat(((io.kanal.api.data.Struct) kanal.value()).getInt64("id")).isEqualTo(7L);
        assertThat(kanal.timestamp()).isEqualTo(1_700_000_000_000L);
        assertThat(kanal.headers()).isEqualTo(Headers.empty().addString("h", "v"));
        assertThat(new RecordTranslator(new DataTranslator()).toConnect(kanal)).isEqualTo(connect);
    }

    @Test
    void aOneEntrySourcePartitionAndOffsetAreSharedAsMapOfNotCopied() {
        org.apache.kafka.connect.source.SourceRecord connect = new org.apache.kafka.connect.source.SourceRecord(
                Collections.singletonMap("filename", "/tmp/a"),
                Collections.singletonMap("position", 42L),
                "t",
                null,
                "v");

        SourceRecord kanal = records.toKanal(connect);

        assertThat(kanal.sourcePartition()).isEqualTo(Map.of("filename", "/tmp/a"));
        assertThat(kanal.sourceOffset()).isEqualTo(Map.of("position", 42L));
        // The class of Map.of's one-entry maps, which Kanal's SourceRecord shares instead of copying.
        assertThat(kanal.sourceOffset()).hasSameClassAs(Map.of("k", "v"));
        assertThat(kanal.sourcePartition()).hasSameClassAs(Map.of("k", "v"));
        assertThat(records.toConnect(kanal)).isEqualTo(connect);
    }

    @Test
    void sourceOffsetsWithNullValuesOrSeveralEntriesKeepThemInOrder() {
        Map<String, Object> offset = new LinkedHashMap<>();
        offset.put("z", 1L);
        offset.put("a", null);
        offset.put("m", "x");
        org.apache.kafka.connect.source.SourceRecord connect = new org.apache.kafka.connect.source.SourceRecord(
                Collections.singletonMap("p", null), offset, "t", null, "v");

        SourceRecord kanal = records.toKanal(connect);

        assertThat(kanal.sourcePartition()).hasSize(1).containsEntry("p", null);
        assertThat(kanal.sourceOffset().keySet()).containsExactly("z", "a", "m");
        assertThat(kanal.sourceOffset()).isEqualTo(offset);
    }

    @Test
    void aSourceRecordWithNothingButTopicAndValue() {
        org.apache.kafka.connect.source.SourceRecord connect =
                new org.apache.kafka.connect.source.SourceRecord(null, null, "t", null, "v");

        SourceRecord kanal = records.toKanal(connect);

        assertThat(kanal.sourcePartition()).isNull();
        assertThat(kanal.kafkaPartition()).isNull();
        assertThat(kanal.timestamp()).isNull();
        assertThat(kanal.headers()).isEmpty();
        assertThat(records.toConnect(kanal)).isEqualTo(connect);
    }

    @Test
    void aKanalSinkRecordKeepsOffsetTimestampTypeAndOrigin() {
        Schema valueSchema = records.data().toKanal(VALUE);
        io.kanal.api.data.Struct value = new io.kanal.api.data.Struct(valueSchema).put("id", 1L);
        SinkRecord kanal = new SinkRecord(
                "renamed",
                2,
                null,
                null,
                valueSchema,
                value,
                99L,
                1234L,
                TimestampType.LOG_APPEND_TIME,
                Headers.empty().addLong("n", 5L),
                "orders",
                4,
                77L);

        org.apache.kafka.connect.sink.SinkRecord connect = records.toConnect(kanal);

        assertThat(connect.topic()).isEqualTo("renamed");
        assertThat(connect.kafkaPartition()).isEqualTo(2);
        assertThat(connect.kafkaOffset()).isEqualTo(99L);
        assertThat(connect.timestamp()).isEqualTo(1234L);
        assertThat(connect.timestampType()).isEqualTo(org.apache.kafka.common.record.TimestampType.LOG_APPEND_TIME);
        assertThat(connect.originalTopic()).isEqualTo("orders");
        assertThat(connect.originalKafkaPartition()).isEqualTo(4);
        assertThat(connect.originalKafkaOffset()).isEqualTo(77L);
        assertThat(connect.valueSchema()).isSameAs(VALUE);
        assertThat(connect.headers().lastWithName("n").value()).isEqualTo(5L);
        SinkRecord back = new RecordTranslator(new DataTranslator()).toKanal(connect);
        assertThat(back).isEqualTo(kanal);
        assertThat(back.originalTopic()).isEqualTo("orders");
        assertThat(back.originalKafkaOffset()).isEqualTo(77L);
        assertThat(back.timestampType()).isEqualTo(TimestampType.LOG_APPEND_TIME);
    }

    @Test
    void everyTimestampTypeCrosses() {
        for (TimestampType type : TimestampType.values()) {
            SinkRecord kanal = new SinkRecord("t", 0, null, null, null, "v", 1L, null, type, null, "t", 0, 1L);
            assertThat(records.toKanal(records.toConnect(kanal)).timestampType())
                    .isEqualTo(type);
        }
    }

    @Test
    void aSinkRecordWithoutPartitionCannotBeAConnectRecord() {
        SinkRecord kanal = new SinkRecord("t", null, null, null, null, "v", 5L, null, null, null, "t", null, 5L);

        assertThatThrownBy(() -> records.toConnect(kanal))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("partition");
    }
}
