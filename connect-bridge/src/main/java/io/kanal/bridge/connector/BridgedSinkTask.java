package io.kanal.bridge.connector;

import io.kanal.api.sink.OffsetAndMetadata;
import io.kanal.api.sink.SinkRecord;
import io.kanal.api.sink.SinkTask;
import io.kanal.api.sink.SinkTaskContext;
import io.kanal.api.sink.TopicPartition;
import io.kanal.bridge.data.DataTranslator;
import io.kanal.bridge.data.RecordTranslator;
import io.kanal.config.ConfigSpec;
import io.kanal.config.ParsedConfig;
import io.kanal.runtime.isolation.spi.ForeignPluginMetrics;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * A Connect sink task run as a Kanal sink task: {@code put} translates Kanal's records into Connect's (schemas,
 * values, headers, Kafka coordinates, exactly), partitions and committed offsets cross as kafka-clients' classes, and
 * the context is Kanal's seen through Connect's interface (offset rewind, pause/resume, commit requests, errant record
 * reporter, plugin metrics). {@code preCommit} goes to the Connect task (whose default flushes), so the offsets it
 * returns are the ones committed; {@code null} from it commits nothing, as an empty map.
 *
 * <p>Owned by its task thread, like any Kanal task; {@link #version()} may run on any thread.
 */
public final class BridgedSinkTask extends SinkTask implements ForeignPluginMetrics {

    private static final ConfigSpec ANY_KEYS = ConfigSpec.builder().build();

    private final org.apache.kafka.connect.sink.SinkTask task;
    private final RecordTranslator records = new RecordTranslator(new DataTranslator());
    // Created on the task thread when the plugin first asks; read by the worker's metrics collection on any thread.
    private volatile BridgePluginMetrics metrics;
    private Map<String, String> pluginTags = Map.of(); // set once before initialize, by the creating thread

    /**
     * @param task a new Connect sink task
     */
    public BridgedSinkTask(org.apache.kafka.connect.sink.SinkTask task) {
        this.task = task;
    }

    @Override
    public void initialize(SinkTaskContext context) {
        super.initialize(context);
        task.initialize(new SinkTaskContextBridge(context, this::metrics, records));
    }

    @Override
    public ConfigSpec configSpec() {
        return ANY_KEYS;
    }

    @Override
    public void start(ParsedConfig config) {
        task.start(config.originals());
    }

    @Override
    public void put(Collection<SinkRecord> batch) {
        List<org.apache.kafka.connect.sink.SinkRecord> connect = new ArrayList<>(batch.size());
        for (SinkRecord record : batch) {
            connect.add(records.toConnect(record));
        }
        task.put(connect);
    }

    @Override
    public void flush(Map<TopicPartition, OffsetAndMetadata> currentOffsets) {
        task.flush(Partitions.offsetsToConnect(currentOffsets));
    }

    @Override
    public Map<TopicPartition, OffsetAndMetadata> preCommit(Map<TopicPartition, OffsetAndMetadata> currentOffsets) {
        Map<org.apache.kafka.common.TopicPartition, org.apache.kafka.clients.consumer.OffsetAndMetadata> committable =
                task.preCommit(Partitions.offsetsToConnect(currentOffsets));
        return committable == null ? Map.of() : Partitions.offsetsToKanal(committable);
    }

    @Override
    public void open(Collection<TopicPartition> partitions) {
        task.open(Partitions.toConnect(partitions));
    }

    @Override
    public void close(Collection<TopicPartition> partitions) {
        task.close(Partitions.toConnect(partitions));
    }

    @Override
    public void stop() {
        try {
            task.stop();
        } finally {
            if (metrics != null) {
                metrics.close();
                metrics = null;
            }
        }
    }

    @Override
    public String version() {
        return task.version();
    }

    /** Connect's tags of a task's plugin metrics: {@code connector}, {@code task}. */
    @Override
    public void pluginTags(Map<String, String> tags) {
        pluginTags = new java.util.LinkedHashMap<>(tags);
    }

    @Override
    public List<ForeignMetric> pluginMetrics() {
        BridgePluginMetrics current = metrics;
        return current == null ? List.of() : current.snapshot();
    }

    private BridgePluginMetrics metrics() {
        if (metrics == null) {
            metrics = new BridgePluginMetrics(
                    pluginTags.isEmpty() ? Map.of("task", task.getClass().getSimpleName()) : pluginTags);
        }
        return metrics;
    }
}
