package io.kanal.runtime.transform.util;

import static org.assertj.core.api.Assertions.assertThat;

import io.kanal.api.data.Headers;
import io.kanal.api.data.Schema;
import io.kanal.api.source.SourceRecord;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OperandTest {

    private static final SourceRecord RECORD = new SourceRecord(
            Map.of("p", 1),
            Map.of("o", 2),
            "topic",
            3,
            Schema.STRING_SCHEMA,
            "key",
            Schema.INT32_SCHEMA,
            4,
            5L,
            Headers.empty().add("h", Schema.STRING_SCHEMA, "v"));

    @Test
    void keyReadsAndReplacesTheKeyOnly() {
        assertThat(Operand.KEY.schema(RECORD)).isEqualTo(Schema.STRING_SCHEMA);
        assertThat(Operand.KEY.value(RECORD)).isEqualTo("key");
        SourceRecord replaced = Operand.KEY.with(RECORD, Schema.INT64_SCHEMA, 9L);
        assertThat(replaced.keySchema()).isEqualTo(Schema.INT64_SCHEMA);
        assertThat(replaced.key()).isEqualTo(9L);
        assertThat(replaced.valueSchema()).isEqualTo(Schema.INT32_SCHEMA);
        assertThat(replaced.value()).isEqualTo(4);
        assertThat(replaced.topic()).isEqualTo("topic");
        assertThat(replaced.kafkaPartition()).isEqualTo(3);
        assertThat(replaced.timestamp()).isEqualTo(5L);
        assertThat(replaced.headers()).isEqualTo(RECORD.headers());
        assertThat(replaced.sourcePartition()).isEqualTo(Map.of("p", 1));
    }

    @Test
    void valueReadsAndReplacesTheValueAndHeaders() {
        assertThat(Operand.VALUE.schema(RECORD)).isEqualTo(Schema.INT32_SCHEMA);
        assertThat(Operand.VALUE.value(RECORD)).isEqualTo(4);
        Headers headers = Headers.empty();
        SourceRecord replaced = Operand.VALUE.with(RECORD, null, "text", headers);
        assertThat(replaced.valueSchema()).isNull();
        assertThat(replaced.value()).isEqualTo("text");
        assertThat(replaced.key()).isEqualTo("key");
        assertThat(replaced.headers()).isEqualTo(headers);
    }

    @Test
    void duplicatesAreDroppedKeepingFirstOccurrences() {
        assertThat(CommonConfigs.withoutDuplicates("k", List.of("b", "a", "b", "c", "a")))
                .containsExactly("b", "a", "c");
        assertThat(CommonConfigs.withoutDuplicates("k", List.of("x"))).containsExactly("x");
    }
}
