package io.kanal.runtime.api;

import com.codahale.metrics.Counter;
import com.codahale.metrics.Gauge;
import com.codahale.metrics.Histogram;
import com.codahale.metrics.Metered;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Snapshot;
import com.codahale.metrics.Timer;
import io.kanal.runtime.task.TaskMetrics;
import java.util.List;
import java.util.Map;

/**
 * The client engine's metrics of a task's producer or consumer (its Dropwizard registry) under the names Kafka's Java
 * clients give the same quantities over JMX ({@code producer-metrics}, {@code consumer-metrics}, {@code
 * consumer-fetch-manager-metrics}). Only quantities with the same meaning are mapped; the rest of the engine's
 * registry (per-API latency timers and the like) is not shown.
 *
 * <p><b>Threading.</b> Stateless; the registries are thread-safe.
 */
final class ClientMetrics {

    static final List<String> LABELS = List.of("client_id", "connector", "task");

    private ClientMetrics() {}

    /**
     * Adds one client's metrics.
     *
     * @param out where they go
     * @param client the client
     * @param connector its task's connector
     * @param task its task's number
     */
    static void collect(MetricFamilies out, TaskMetrics.Client client, String connector, String task) {
        MetricRegistry r = client.registry();
        List<String> labels = List.of(client.clientId(), connector, task);
        String domain = client.domain();
        boolean producer = domain.equals("kafka.producer");
        String clientGroup = producer ? "producer-metrics" : "consumer-metrics";
        Map<String, Timer> timers = r.getTimers((name, m) -> name.startsWith("network.request."));
        long requests = 0;
        for (Timer t : timers.values()) {
            requests += t.getCount();
        }
        out.add(domain, clientGroup, "request-total", "Requests sent to brokers.", LABELS, labels, requests);
        out.add(
                domain,
                clientGroup,
                "incoming-byte-total",
                "Bytes read from brokers.",
                LABELS,
                labels,
                count(r.getMeters().get("network.bytes-in")));
        out.add(
                domain,
                clientGroup,
                "outgoing-byte-total",
                "Bytes sent to brokers.",
                LABELS,
                labels,
                count(r.getMeters().get("network.bytes-out")));
        Counter connections = r.getCounters().get("network.connections");
        out.add(
                domain,
                clientGroup,
                "connection-count",
                "Connections open now.",
                LABELS,
                labels,
                connections == null ? 0 : connections.getCount());
        if (producer) {
            out.add(
                    domain,
                    clientGroup,
                    "record-send-total",
                    "Records acknowledged by brokers.",
                    LABELS,
                    labels,
                    count(r.getMeters().get("producer.record-send")));
            out.add(
                    domain,
                    clientGroup,
                    "record-error-total",
                    "Records whose send failed.",
                    LABELS,
                    labels,
                    count(r.getMeters().get("producer.record-error")));
            Histogram batchBytes = r.getHistograms().get("producer.batch-size-bytes");
            Snapshot batches = batchBytes == null ? null : batchBytes.getSnapshot();
            out.add(
                    domain,
                    clientGroup,
                    "batch-size-avg",
                    "Average bytes per batch (recent batches).",
                    LABELS,
                    labels,
                    batches == null ? 0 : batches.getMean());
            out.add(
                    domain,
                    clientGroup,
                    "batch-size-max",
                    "Largest batch in bytes (recent batches).",
                    LABELS,
                    labels,
                    batches == null ? 0 : batches.getMax());
            Histogram compression = r.getHistograms().get("producer.compression-rate-percent");
            out.add(
                    domain,
                    clientGroup,
                    "compression-rate-avg",
                    "Average compressed/uncompressed size ratio of batches (recent batches).",
                    LABELS,
                    labels,
                    compression == null || compression.getCount() == 0
                            ? 1.0
                            : compression.getSnapshot().getMean() / 100.0);
            out.add(
                    domain,
                    clientGroup,
                    "buffer-available-bytes",
                    "Buffer memory not in use.",
                    LABELS,
                    labels,
                    gauge(r, "producer.buffer-available-bytes"));
            out.add(
                    domain,
                    clientGroup,
                    "waiting-threads",
                    "Threads blocked waiting for buffer memory.",
                    LABELS,
                    labels,
                    gauge(r, "producer.waiting-threads"));
        } else {
            String fetch = "consumer-fetch-manager-metrics";
            out.add(
                    domain,
                    fetch,
                    "records-consumed-total",
                    "Records handed to the application.",
                    LABELS,
                    labels,
                    count(r.getMeters().get("consumer.records-consumed")));
            out.add(
                    domain,
                    fetch,
                    "bytes-consumed-total",
                    "Bytes of records handed to the application.",
                    LABELS,
                    labels,
                    count(r.getMeters().get("consumer.bytes-consumed")));
            out.add(
                    domain,
                    fetch,
                    "fetch-total",
                    "Fetch requests sent.",
                    LABELS,
                    labels,
                    count(r.getMeters().get("consumer.fetch-request")));
            out.add(
                    domain,
                    fetch,
                    "records-lag-max",
                    "Largest lag in records of an assigned partition.",
                    LABELS,
                    labels,
                    gauge(r, "consumer.records-lag-max"));
        }
    }

    private static long count(Metered meter) {
        return meter == null ? 0 : meter.getCount();
    }

    private static double gauge(MetricRegistry r, String name) {
        Gauge<?> g = r.getGauges().get(name);
        return g != null && g.getValue() instanceof Number n ? n.doubleValue() : Double.NaN;
    }
}
