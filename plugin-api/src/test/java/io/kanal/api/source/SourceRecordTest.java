package io.kanal.api.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kanal.api.data.Schema;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SourceRecordTest {

    @Test
    void aMutableMapIsCopiedSoThatLaterChangesDoNotReachTheRecord() {
        Map<String, Object> partition = new LinkedHashMap<>();
        partition.put("file", "a.txt");
        Map<String, Object> offset = new HashMap<>();
        offset.put("position", null); // Connect's offsets may hold nulls

        SourceRecord record = new SourceRecord(partition, offset, "t", Schema.STRING_SCHEMA, "v");
        partition.put("file", "b.txt");
        offset.put("position", 7L);

        assertThat(record.sourcePartition()).isEqualTo(Map.of("file", "a.txt"));
        assertThat(record.sourceOffset()).containsKey("position").containsValue(null);
        Map<String, ?> stored = record.sourceOffset();
        assertThatThrownBy(() -> stored.remove("position")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void anImmutableMapIsSharedNotCopied() {
        Map<String, ?> partition = Map.of("file", "a.txt");
        Map<String, ?> offset = Map.copyOf(Map.of("position", 1L, "line", 2L));

        SourceRecord record = new SourceRecord(partition, offset, "t", Schema.STRING_SCHEMA, "v");

        assertThat(record.sourcePartition()).isSameAs(partition);
        assertThat(record.sourceOffset()).isSameAs(offset);
        assertThat(new SourceRecord(Map.of(), null, "t", null, null).sourcePartition())
                .isEmpty();
    }
}
