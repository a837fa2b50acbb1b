package io.kanal.runtime.api;

import io.kanal.client.TopicPartition;
import io.kanal.runtime.herder.HerderEvent;
import io.kanal.runtime.herder.HerderReply;
import io.kanal.runtime.herder.HerderView;
import io.kanal.runtime.store.StoreException;
import io.kanal.runtime.store.kafka.OffsetRecordCodec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A connector's offsets (KIP-875) without HTTP: {@code GET /connectors/{c}/offsets} reads a source connector's from the
 * offset store and a sink connector's from its consumer group; {@code PATCH} alters a stopped source connector's
 * through the herder, which refuses unless the connector is {@code STOPPED} with no instance left.
 *
 * <p><b>Threading.</b> Stateless apart from its final fields; every method is safe from any number of threads at once
 * and blocks the caller at most for the request timeout.
 */
public final class OffsetService {

    /** Connect's answer to a successful {@code PATCH /connectors/{c}/offsets}. */
    public static final String ALTERED = "The offsets for this connector have been altered successfully";

    /** Connect's sink partition and offset keys. */
    static final String KAFKA_TOPIC = "kafka_topic";

    static final String KAFKA_PARTITION = "kafka_partition";
    static final String KAFKA_OFFSET = "kafka_offset";

    private static final Logger LOG = LoggerFactory.getLogger(OffsetService.class);

    private final WorkerApi worker;
    private final Duration timeout;

    /**
     * One partition's offset, as Connect's {@code ConnectorOffset} JSON shows it.
     *
     * @param partition the source partition, or {@code {"kafka_topic","kafka_partition"}} for a sink
     * @param offset the source offset, or {@code {"kafka_offset"}} for a sink; null in a {@code PATCH} to remove it
     */
    public record ConnectorOffset(Map<String, Object> partition, Map<String, Object> offset) {}

    /**
     * Connect's {@code ConnectorOffsets}: the body of {@code GET} and {@code PATCH /connectors/{c}/offsets}.
     *
     * @param offsets one entry per partition
     */
    public record ConnectorOffsets(List<ConnectorOffset> offsets) {}

    /**
     * Creates the service.
     *
     * @param worker the worker it reads and drives
     * @param timeout how long a call waits for the herder or the broker before answering 500
     */
    public OffsetService(WorkerApi worker, Duration timeout) {
        this.worker = Objects.requireNonNull(worker, "worker");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    /**
     * A connector's committed offsets, whatever its state.
     *
     * @param name the connector's name
     * @return its offsets; a sink's sorted by topic and partition
     * @throws ApiException 404 when the connector does not exist, 500 when the broker does not answer
     */
    public ConnectorOffsets get(String name) {
        HerderView.ConnectorView c = connector(name);
        List<ConnectorOffset> out = new ArrayList<>();
        if (isSink(c.config())) {
            Map<TopicPartition, Long> committed = sinkOffsets(name, c.config());
            committed.entrySet().stream()
                    .sorted(Map.Entry.comparingByKey(
                            Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition)))
                    .forEach(e -> out.add(sinkOffset(e.getKey(), e.getValue())));
        } else {
            sourceOffsets(name, c.config())
                    .forEach((partition, offset) -> out.add(new ConnectorOffset(partition, offset)));
        }
        return new ConnectorOffsets(out);
    }

    /**
     * Alters a stopped connector's offsets: each entry's offset replaces the stored one, a {@code null} offset removes
     * it, partitions not named keep theirs.
     *
     * @param name the connector's name
     * @param body the offsets to write
     * @return Connect's confirmation
     * @throws ApiException 400 when the body names no offsets, a source partition or offset holds a nested object or
     *     array, or the connector is not {@code STOPPED}, 404 when the
     *     connector does not exist
     */
    public String alter(String name, ConnectorOffsets body) {
        if (body == null || body.offsets() == null || body.offsets().isEmpty()) {
            throw new ApiException(
                    ApiException.BAD_REQUEST, "Partitions / offsets need to be provided for an alter offsets request");
        }
        HerderView.ConnectorView c = connector(name);
        boolean sink = isSink(c.config());
        Map<Map<String, Object>, Map<String, Object>> offsets = new LinkedHashMap<>();
        for (ConnectorOffset o : body.offsets()) {
            if (o == null || o.partition() == null) {
                throw new ApiException(
                        ApiException.BAD_REQUEST,
                        "The partition for a " + (sink ? "sink" : "source") + " connector offset cannot be null or"
                                + " missing");
            }
            if (sink) {
                offsets.put(sinkPartition(o.partition()), sinkOffset(o.offset()));
            } else {
                checkSourceFormat(o.partition());
                checkSourceFormat(o.offset());
                offsets.put(o.partition(), o.offset());
            }
        }
        HerderReply reply = HerderCall.call(worker, timeout, id -> new HerderEvent.AlterOffsets(id, name, offsets));
        if (!(reply instanceof HerderReply.Done)) {
            throw new ApiException(
                    ApiException.INTERNAL,
                    "The herder answered with an unexpected reply: "
                            + reply.getClass().getSimpleName());
        }
        return ALTERED;
    }

    /** Connect's rule for a source partition or offset: only primitive values, else 400 with Connect's message. */
    private static void checkSourceFormat(Map<String, Object> map) {
        try {
            OffsetRecordCodec.checkConnectFormat(map);
        } catch (IllegalArgumentException e) {
            throw new ApiException(ApiException.BAD_REQUEST, e.getMessage());
        }
    }

    private HerderView.ConnectorView connector(String name) {
        return worker.view().connector(name).orElseThrow(() -> ApiException.unknownConnector(name));
    }

    private Map<Map<String, Object>, Map<String, Object>> sourceOffsets(String name, Map<String, String> config) {
        try {
            return worker.offsets().source(name, config, timeout);
        } catch (StoreException e) {
            // The store's message names the topic and the wait, never an offset or a config value.
            throw new ApiException(
                    ApiException.INTERNAL,
                    "Failed to retrieve offsets for source connector " + name + ": " + e.getMessage());
        }
    }

    private Map<TopicPartition, Long> sinkOffsets(String name, Map<String, String> config) {
        try {
            return worker.offsets().sink(name, config, timeout);
        } catch (TimeoutException e) {
            throw new ApiException(
                    ApiException.INTERNAL,
                    "Failed to retrieve consumer group offsets for sink connector " + name + ": the broker did not"
                            + " answer within " + timeout.toMillis() + " ms");
        } catch (ExecutionException | RuntimeException e) {
            // Connect's message, without the cause's text (a client's or a config provider's, which can carry
            // internals or secrets): the cause goes to the worker log.
            LOG.warn(
                    "Failed to retrieve consumer group offsets for sink connector {}",
                    name,
                    e instanceof ExecutionException ? e.getCause() : e);
            throw new ApiException(
                    ApiException.INTERNAL, "Failed to retrieve consumer group offsets for sink connector " + name);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(ApiException.UNAVAILABLE, "The request was interrupted: the worker is stopping");
        }
    }

    /** Connect's checks of a sink partition ({@code SinkUtils}), with its messages; normalized for the worker. */
    private static Map<String, Object> sinkPartition(Map<String, Object> partition) {
        if (!partition.containsKey(KAFKA_TOPIC) || !partition.containsKey(KAFKA_PARTITION)) {
            throw new ApiException(
                    ApiException.BAD_REQUEST,
                    "The partition for a sink connector offset must contain the keys '" + KAFKA_TOPIC + "' and '"
                            + KAFKA_PARTITION + "'");
        }
        if (!(partition.get(KAFKA_TOPIC) instanceof String topic)) {
            throw new ApiException(
                    ApiException.BAD_REQUEST, "Kafka topic names must be valid strings and may not be null");
        }
        Object value = partition.get(KAFKA_PARTITION);
        if (value == null) {
            throw new ApiException(
                    ApiException.BAD_REQUEST, "Kafka partitions must be valid numbers and may not be null");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put(KAFKA_TOPIC, topic);
        out.put(KAFKA_PARTITION, (int) integral(
                value,
                "Failed to parse the following Kafka partition value in the provided offsets: '" + value
                        + "'. Partition values for sink connectors need to be integers.",
                true));
        return out;
    }

    private static Map<String, Object> sinkOffset(Map<String, Object> offset) {
        if (offset == null) {
            return null;
        }
        if (!offset.containsKey(KAFKA_OFFSET)) {
            throw new ApiException(
                    ApiException.BAD_REQUEST,
                    "The offset for a sink connector should either be null or contain the key '" + KAFKA_OFFSET + "'");
        }
        Object value = offset.get(KAFKA_OFFSET);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put(
                KAFKA_OFFSET,
                integral(
                        value,
                        "Failed to parse the following Kafka offset value in the provided offsets: '" + value
                                + "'. Offset values for sink connectors need to be integers.",
                        false));
        return out;
    }

    /** An integer given as a JSON number or a numeric string, as Connect accepts; a negative one is refused. */
    private static long integral(Object value, String message, boolean asInt) {
        long parsed;
        try {
            if (value instanceof Integer || value instanceof Long || value instanceof Short) {
                parsed = ((Number) value).longValue();
            } else if (value instanceof String text) {
                parsed = asInt ? Integer.parseInt(text.trim()) : Long.parseLong(text.trim());
            } else {
                throw new ApiException(ApiException.BAD_REQUEST, message);
            }
        } catch (NumberFormatException e) {
            throw new ApiException(ApiException.BAD_REQUEST, message);
        }
        if (parsed < 0 || (asInt && parsed > Integer.MAX_VALUE)) {
            throw new ApiException(ApiException.BAD_REQUEST, message);
        }
        return parsed;
    }

    private static ConnectorOffset sinkOffset(TopicPartition tp, long offset) {
        Map<String, Object> partition = new LinkedHashMap<>();
        partition.put(KAFKA_TOPIC, tp.topic());
        partition.put(KAFKA_PARTITION, tp.partition());
        Map<String, Object> position = new LinkedHashMap<>();
        position.put(KAFKA_OFFSET, offset);
        return new ConnectorOffset(partition, position);
    }

    /** Whether the connector's class is an installed sink connector; an unknown class counts as a source. */
    private boolean isSink(Map<String, String> config) {
        return worker.offsets().isSink(config);
    }
}
