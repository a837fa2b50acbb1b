package io.kanal.api.example;

import io.kanal.api.data.Schema;
import io.kanal.api.source.SourceRecord;
import io.kanal.api.source.SourceTask;
import io.kanal.config.ConfigSpec;
import io.kanal.config.ParsedConfig;
import java.util.List;
import java.util.Map;

/** The README's source task: resumes from its committed offset and emits the next ten numbers per poll. */
public class CounterSourceTask extends SourceTask {
    private static final Map<String, String> PARTITION = Map.of("counter", "main");

    private String topic;
    private long next;

    @Override
    public ConfigSpec configSpec() {
        return CounterSourceConnector.SPEC;
    }

    @Override
    public void start(ParsedConfig config) {
        topic = config.get(CounterSourceConnector.TOPIC);
        Map<String, Object> committed = context().offsetReader().offset(PARTITION);
        next = committed == null ? 0 : ((Number) committed.get("next")).longValue();
    }

    @Override
    public List<SourceRecord> poll() {
        SourceRecord[] batch = new SourceRecord[10];
        for (int i = 0; i < batch.length; i++, next++) {
            batch[i] = new SourceRecord(PARTITION, Map.of("next", next + 1), topic, Schema.INT64_SCHEMA, next);
        }
        return List.of(batch);
    }

    @Override
    public void stop() {}

    @Override
    public String version() {
        return "1.0";
    }
}
