package io.kanal.bridge.connector;

import io.kanal.api.sink.ErrantRecordReporter;
import io.kanal.api.sink.SinkTaskContext;
import io.kanal.api.sink.TopicPartition;
import io.kanal.bridge.data.RecordTranslator;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.kafka.common.metrics.PluginMetrics;

/**
 * Kanal's sink task context seen as Connect's: offset rewinds, the retry timeout, the assignment, pause and resume,
 * commit requests go to the runtime with kafka-clients' partitions turned into Kanal's; the errant record reporter
 * (null when the connector has no error reporting configured, as in Connect) translates the reported record back to
 * Kanal's, keeping its Kafka coordinates.
 *
 * <p>Immutable; used on the task's thread (the reporter may also be called from threads the task starts: Kanal's
 * reporter is thread-safe, and so is the record translation).
 */
final class SinkTaskContextBridge implements org.apache.kafka.connect.sink.SinkTaskContext {

    private final SinkTaskContext kanal;
    private final Supplier<BridgePluginMetrics> metrics;
    private final RecordTranslator records;

    SinkTaskContextBridge(SinkTaskContext kanal, Supplier<BridgePluginMetrics> metrics, RecordTranslator records) {
        this.kanal = kanal;
        this.metrics = metrics;
        this.records = records;
    }

    @Override
    public Map<String, String> configs() {
        return kanal.configs();
    }

    @Override
    public void offset(Map<org.apache.kafka.common.TopicPartition, Long> offsets) {
        Map<TopicPartition, Long> translated = new HashMap<>();
        offsets.forEach((tp, offset) -> translated.put(Partitions.toKanal(tp), offset));
        kanal.offset(translated);
    }

    @Override
    public void offset(org.apache.kafka.common.TopicPartition partition, long offset) {
        kanal.offset(Partitions.toKanal(partition), offset);
    }

    @Override
    public void timeout(long timeoutMs) {
        kanal.timeout(timeoutMs);
    }

    @Override
    public Set<org.apache.kafka.common.TopicPartition> assignment() {
        return Partitions.toConnect(kanal.assignment());
    }

    @Override
    public void pause(org.apache.kafka.common.TopicPartition... partitions) {
        kanal.pause(toKanal(partitions));
    }

    @Override
    public void resume(org.apache.kafka.common.TopicPartition... partitions) {
        kanal.resume(toKanal(partitions));
    }

    @Override
    public void requestCommit() {
        kanal.requestCommit();
    }

    @Override
    public org.apache.kafka.connect.sink.ErrantRecordReporter errantRecordReporter() {
        ErrantRecordReporter reporter = kanal.errantRecordReporter();
        if (reporter == null) {
            return null;
        }
        return (record, error) -> reporter.report(records.toKanal(record), error);
    }

    @Override
    public PluginMetrics pluginMetrics() {
        return metrics.get();
    }

    private static TopicPartition[] toKanal(org.apache.kafka.common.TopicPartition[] partitions) {
        TopicPartition[] out = new TopicPartition[partitions.length];
        for (int i = 0; i < partitions.length; i++) {
            out[i] = Partitions.toKanal(partitions[i]);
        }
        return out;
    }
}
