package io.kanal.bridge.connector;

import io.kanal.api.source.RecordMetadata;
import io.kanal.api.source.SourceRecord;
import io.kanal.api.source.SourceTask;
import io.kanal.api.source.SourceTaskContext;
import io.kanal.bridge.data.DataTranslator;
import io.kanal.bridge.data.RecordTranslator;
import io.kanal.config.ConfigSpec;
import io.kanal.config.ParsedConfig;
import io.kanal.runtime.isolation.spi.ForeignPluginMetrics;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Connect source task run as a Kanal source task: {@code poll} translates Connect's records into Kanal's (schemas,
 * values, headers, source partition and offset, exactly), {@code commitRecord} hands the task back the very Connect
 * record it returned with kafka-clients' {@code RecordMetadata}, and the context is Kanal's seen through Connect's
 * interfaces (offset reader, transaction context, plugin metrics).
 *
 * <p>Owned by its task thread, like any Kanal task: every method runs there, one call at a time. The transaction
 * context's calls usually come from the Connect task on that thread too, but may come from a thread of the connector's
 * own: {@link TransactionContextBridge} is thread-safe, and keeps a request naming a record until the record is
 * returned. {@link #version()} may run on any thread.
 */
public final class BridgedSourceTask extends SourceTask implements ForeignPluginMetrics {

    /** A Connect task's config keys are its own business: it parses the map itself, as under Apache's worker. */
    private static final ConfigSpec ANY_KEYS = ConfigSpec.builder().build();

    private final org.apache.kafka.connect.source.SourceTask task;
    private final RecordTranslator records = new RecordTranslator(new DataTranslator());
    // Kanal record → the Connect record it was made from, until commitRecord hands it back: Connect tasks match
    // acknowledged records by identity (Debezium, MirrorMaker). Only kept when the task overrides commitRecord.
    private final Map<SourceRecord, org.apache.kafka.connect.source.SourceRecord> inFlight = new IdentityHashMap<>();
    // The Connect task's transaction context when the connector defines transaction boundaries (null otherwise): it
    // turns requests naming Connect records into requests naming the Kanal records poll makes of them. Set once in
    // initialize, before the task runs.
    private TransactionContextBridge transactions;
    private final boolean tracksCommits;
    // Created on the task thread when the plugin first asks; read by the worker's metrics collection on any thread.
    private volatile BridgePluginMetrics metrics;
    private Map<String, String> pluginTags = Map.of(); // set once before initialize, by the creating thread

    /**
     * @param task a new Connect source task
     */
    public BridgedSourceTask(org.apache.kafka.connect.source.SourceTask task) {
        this.task = task;
        this.tracksCommits = overridesCommitRecord(task.getClass());
    }

    @Override
    public void initialize(SourceTaskContext context) {
        super.initialize(context);
        transactions =
                context.transactionContext().map(TransactionContextBridge::new).orElse(null);
        task.initialize(new SourceTaskContextBridge(context, this::metrics, transactions));
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
    public List<SourceRecord> poll() throws InterruptedException {
        List<org.apache.kafka.connect.source.SourceRecord> polled = task.poll();
        if (polled == null) {
            return null;
        }
        List<SourceRecord> out = new ArrayList<>(polled.size());
        for (org.apache.kafka.connect.source.SourceRecord record : polled) {
            SourceRecord kanal = records.toKanal(record);
            if (tracksCommits) {
                inFlight.put(kanal, record);
            }
            out.add(kanal);
        }
        if (transactions != null) {
            transactions.polled(new ArrayList<>(polled), out);
        }
        return out;
    }

    @Override
    public void commit() throws InterruptedException {
        task.commit();
    }

    @Override
    public void commitRecord(SourceRecord record, RecordMetadata metadata) throws InterruptedException {
        if (!tracksCommits) {
            return; // Connect's default commitRecord does nothing: spare the translation
        }
        org.apache.kafka.connect.source.SourceRecord connect = inFlight.remove(record);
        task.commitRecord(connect != null ? connect : records.toConnect(record), toConnect(metadata));
    }

    @Override
    public void stop() {
        try {
            task.stop();
        } finally {
            inFlight.clear();
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

    private static org.apache.kafka.clients.producer.RecordMetadata toConnect(RecordMetadata metadata) {
        if (metadata == null) {
            return null; // a record a transform dropped or the error policy skipped: Connect passes null too
        }
        return new org.apache.kafka.clients.producer.RecordMetadata(
                new org.apache.kafka.common.TopicPartition(metadata.topic(), metadata.partition()),
                metadata.offset(),
                0,
                metadata.timestamp(),
                -1,
                -1);
    }

    private static boolean overridesCommitRecord(Class<?> type) {
        try {
            return type.getMethod(
                                    "commitRecord",
                                    org.apache.kafka.connect.source.SourceRecord.class,
                                    org.apache.kafka.clients.producer.RecordMetadata.class)
                            .getDeclaringClass()
                    != org.apache.kafka.connect.source.SourceTask.class;
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException("Connect's SourceTask lacks commitRecord: a wrong connect-api", e);
        }
    }
}
