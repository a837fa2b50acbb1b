package io.kanal.plugins.http;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import io.kanal.api.data.Schema;
import io.kanal.api.data.SchemaBuilder;
import io.kanal.api.data.Struct;
import io.kanal.api.sink.OffsetAndMetadata;
import io.kanal.api.sink.SinkRecord;
import io.kanal.api.sink.TopicPartition;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Shared pieces of the WireMock ITs: a task started against a server, records with a struct value, and the server's
 * journal in the order requests arrived.
 *
 * <p>Threading: used by the test thread only.
 */
final class WireMockSink {

    static final TopicPartition TP0 = new TopicPartition("t", 0);
    static final Schema VALUE = SchemaBuilder.struct()
            .field("id", Schema.INT64_SCHEMA)
            .field("name", Schema.STRING_SCHEMA)
            .build();

    private WireMockSink() {}

    /** The base configuration: small back-offs and a short linger, so that the tests run in seconds. */
    static Map<String, String> config(String url, Map<String, String> extra) {
        Map<String, String> config = new HashMap<>();
        config.put("name", "http-it");
        config.put("http.url", url);
        config.put("batch.linger.ms", "50");
        config.put("retry.backoff.ms", "100");
        config.put("retry.backoff.max.ms", "400");
        config.put("http.timeout.ms", "5000");
        config.putAll(extra);
        return config;
    }

    static HttpSinkTask start(RecordingSinkContext context) {
        HttpSinkTask task = new HttpSinkTask();
        task.initialize(context);
        task.start(task.configSpec().parse(context.configs()));
        return task;
    }

    static RecordingSinkContext context(Map<String, String> config, boolean withReporter) {
        return new RecordingSinkContext(config, Set.of(TP0), withReporter);
    }

    static List<SinkRecord> records(long from, int count) {
        List<SinkRecord> records = new ArrayList<>();
        for (long offset = from; offset < from + count; offset++) {
            Struct value = new Struct(VALUE).put("id", offset).put("name", "n" + offset);
            records.add(new SinkRecord(TP0.topic(), TP0.partition(), null, null, VALUE, value, offset));
        }
        return records;
    }

    /** The JSON {@link #records} encode to, for one offset. */
    static String json(long offset) {
        return "{\"id\":" + offset + ",\"name\":\"n" + offset + "\"}";
    }

    /** The next offset the task says is safe to commit for partition 0, -1 when none. */
    static long committable(HttpSinkTask task) {
        Map<TopicPartition, OffsetAndMetadata> offered = Map.of(TP0, new OffsetAndMetadata(Long.MAX_VALUE));
        OffsetAndMetadata safe = task.preCommit(offered).get(TP0);
        return safe == null ? -1 : safe.offset();
    }

    /** Every request the server received, oldest first. */
    static List<ServeEvent> journal(WireMockServer server) {
        List<ServeEvent> events = new ArrayList<>(server.getAllServeEvents());
        // The journal lists the newest first.
        Collections.reverse(events);
        return events;
    }

    /** The bodies of the requests the server accepted (2xx, no injected fault), oldest first. */
    static List<String> acceptedBodies(WireMockServer server) {
        return journal(server).stream()
                .filter(e -> e.getResponseDefinition().getFault() == null)
                .filter(e -> e.getResponse().getStatus() / 100 == 2)
                .map(e -> e.getRequest().getBodyAsString())
                .toList();
    }
}
