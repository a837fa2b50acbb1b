package io.kanal.client.producer;

import com.codahale.metrics.Gauge;
import com.codahale.metrics.Histogram;
import com.codahale.metrics.Meter;
import com.codahale.metrics.MetricRegistry;

/**
 * The producer's metrics in the client's registry, under {@code producer.*}. Updated per batch (on the sender thread,
 * or the caller thread that closed the batch), never per record, so that metrics cost nothing on the send path.
 */
final class ProducerMetrics {
    private final Meter records;
    private final Meter errors;
    private final Meter retries;
    private final Meter requests;
    private final Histogram batchBytes;
    private final Histogram batchRecords;
    private final Histogram compressionPercent;

    ProducerMetrics(MetricRegistry registry, BufferPool pool) {
        records = registry.meter("producer.record-send");
        errors = registry.meter("producer.record-error");
        retries = registry.meter("producer.batch-retry");
        requests = registry.meter("producer.produce-request");
        batchBytes = registry.histogram("producer.batch-size-bytes");
        batchRecords = registry.histogram("producer.records-per-batch");
        compressionPercent = registry.histogram("producer.compression-rate-percent");
        registry.register("producer.buffer-available-bytes", (Gauge<Long>) pool::availableMemory);
        registry.register("producer.waiting-threads", (Gauge<Integer>) pool::waiters);
    }

    void batchClosed(int uncompressed, int compressed, int recordCount) {
        batchBytes.update(compressed);
        batchRecords.update(recordCount);
        if (uncompressed > 0) {
            compressionPercent.update(100L * compressed / uncompressed);
        }
    }

    void requestSent() {
        requests.mark();
    }

    void acknowledged(int recordCount) {
        records.mark(recordCount);
    }

    void failed(int recordCount) {
        errors.mark(recordCount);
    }

    void retried() {
        retries.mark();
    }
}
