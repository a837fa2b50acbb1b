package io.kanal.runtime.transform;

import io.kanal.api.data.Headers;
import io.kanal.api.data.Schema;
import io.kanal.api.source.SourceRecord;
import java.util.Map;

/** Source records for the differential tests of the record-level transforms (topic, timestamp, headers). */
final class SampleRecords {

    private SampleRecords() {}

    static SourceRecord on(String topic, Long timestamp, Headers headers) {
        return new SourceRecord(
                Map.of("p", 1),
                Map.of("o", 2),
                topic,
                3,
                Schema.STRING_SCHEMA,
                "k",
                Schema.INT32_SCHEMA,
                7,
                timestamp,
                headers);
    }

    static SourceRecord onTopic(String topic) {
        return on(topic, 1_700_000_000_123L, Headers.empty());
    }

    static SourceRecord at(Long timestamp) {
        return on("orders", timestamp, Headers.empty());
    }

    static SourceRecord withHeaders(Headers headers) {
        return on("orders", 1_700_000_000_123L, headers);
    }

    static Headers headers(String... keys) {
        Headers headers = Headers.empty();
        int i = 0;
        for (String key : keys) {
            headers = headers.add(key, Schema.INT32_SCHEMA, i++);
        }
        return headers;
    }
}
