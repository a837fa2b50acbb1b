package io.kanal.runtime.task;

import io.kanal.api.data.Schema;
import io.kanal.api.errors.RetriableException;
import io.kanal.api.sink.SinkRecord;
import io.kanal.api.sink.SinkTask;
import io.kanal.api.sink.TopicPartition;
import io.kanal.api.source.RecordMetadata;
import io.kanal.api.source.SourceRecord;
import io.kanal.api.source.SourceTask;
import io.kanal.config.ConfigSpec;
import io.kanal.config.ParsedConfig;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Test plugins: a counting source task and a collecting sink task. Each test constructs its own instances. */
final class TestTasks {

    private TestTasks() {}

    /**
     * Emits {@code count} string records {@code "v-<i>"} to {@code topic}, round-robin over {@code sourcePartitions}
     * source partitions {@code {"p": n}} with offsets {@code {"i": i}}, {@code batch} per poll.
     */
    static class CountingSource extends SourceTask {
        final String topic;
        final int count;
        final int sourcePartitions;
        final int batch;
        final String pad;
        final List<RecordMetadata> committed = new CopyOnWriteArrayList<>();
        final AtomicInteger nullMetadata = new AtomicInteger();
        final AtomicInteger commits = new AtomicInteger();
        private final CountDownLatch idle = new CountDownLatch(1);
        private int next;

        CountingSource(String topic, int count, int sourcePartitions, int batch) {
            this(topic, count, sourcePartitions, batch, 0);
        }

        /** With {@code pad > 0}, values are {@code "v-<i>:"} followed by {@code pad} bytes. */
        CountingSource(String topic, int count, int sourcePartitions, int batch, int pad) {
            this.pad = pad > 0 ? ":" + "x".repeat(pad) : "";
            this.topic = topic;
            this.count = count;
            this.sourcePartitions = sourcePartitions;
            this.batch = batch;
        }

        @Override
        public String version() {
            return "test";
        }

        @Override
        public ConfigSpec configSpec() {
            return ConfigSpec.builder().build();
        }

        /** Resumes after the committed offset of source partition 0 (single-partition sources). */
        @Override
        public void start(ParsedConfig config) {
            if (context() != null && sourcePartitions == 1) {
                Map<String, Object> offset = context().offsetReader().offset(Map.of("p", 0));
                if (offset != null) {
                    next = ((Number) offset.get("i")).intValue() + 1;
                }
            }
        }

        @Override
        public List<SourceRecord> poll() throws InterruptedException {
            if (next >= count) {
                // Nothing more to read: block briefly, as a real source waits for data.
                boolean ignored = idle.await(20, TimeUnit.MILLISECONDS);
                return ignored ? List.of() : null;
            }
            List<SourceRecord> out = new ArrayList<>();
            for (int n = 0; n < batch && next < count; n++, next++) {
                out.add(new SourceRecord(
                        Map.of("p", next % sourcePartitions),
                        Map.of("i", next),
                        topic,
                        null,
                        Schema.STRING_SCHEMA,
                        "k-" + next,
                        Schema.STRING_SCHEMA,
                        "v-" + next + pad));
            }
            return out;
        }

        @Override
        public void commit() {
            commits.incrementAndGet();
        }

        @Override
        public void commitRecord(SourceRecord record, RecordMetadata metadata) {
            if (metadata == null) {
                nullMetadata.incrementAndGet();
            } else {
                committed.add(metadata);
            }
        }

        @Override
        public void stop() {
            idle.countDown();
        }
    }

    /** Collects what {@code put} receives; may throw {@link RetriableException} for its first few non-empty batches. */
    static final class CollectingSink extends SinkTask {
        final List<SinkRecord> records = new CopyOnWriteArrayList<>();
        final List<List<SinkRecord>> batches = new CopyOnWriteArrayList<>();
        final List<Collection<TopicPartition>> opened = new CopyOnWriteArrayList<>();
        final List<Collection<TopicPartition>> closed = new CopyOnWriteArrayList<>();
        final AtomicInteger retriablesLeft;
        final long retryTimeoutMs;
        volatile boolean stopped;

        CollectingSink() {
            this(0, 0);
        }

        CollectingSink(int retriables, long retryTimeoutMs) {
            this.retriablesLeft = new AtomicInteger(retriables);
            this.retryTimeoutMs = retryTimeoutMs;
        }

        @Override
        public String version() {
            return "test";
        }

        @Override
        public ConfigSpec configSpec() {
            return ConfigSpec.builder().build();
        }

        @Override
        public void start(ParsedConfig config) {}

        @Override
        public void open(Collection<TopicPartition> partitions) {
            opened.add(List.copyOf(partitions));
        }

        @Override
        public void close(Collection<TopicPartition> partitions) {
            closed.add(List.copyOf(partitions));
        }

        @Override
        public void put(Collection<SinkRecord> batch) {
            if (batch.isEmpty()) {
                return;
            }
            batches.add(List.copyOf(batch));
            if (retriablesLeft.getAndDecrement() > 0) {
                context().timeout(retryTimeoutMs);
                throw new RetriableException("destination busy");
            }
            records.addAll(batch);
        }

        @Override
        public void stop() {
            stopped = true;
        }
    }

    /** Reports every record whose value ends in 3 through the errant record reporter; collects the others. */
    static final class ReportingSink extends SinkTask {
        final List<SinkRecord> records = new CopyOnWriteArrayList<>();

        @Override
        public String version() {
            return "test";
        }

        @Override
        public ConfigSpec configSpec() {
            return ConfigSpec.builder().build();
        }

        @Override
        public void start(ParsedConfig config) {}

        @Override
        public void put(Collection<SinkRecord> batch) {
            for (SinkRecord r : batch) {
                if (String.valueOf(r.value()).endsWith("3")) {
                    context().errantRecordReporter().report(r, new IllegalArgumentException("rejected " + r.value()));
                } else {
                    records.add(r);
                }
            }
        }

        @Override
        public void stop() {}
    }

    /** Rewinds every partition it opens to offset 5, pauses them once it has 3 records, resumes at the next put. */
    static final class RewindingSink extends SinkTask {
        final List<SinkRecord> records = new CopyOnWriteArrayList<>();
        final AtomicInteger emptyPutsWhilePaused = new AtomicInteger();
        volatile boolean paused;

        @Override
        public String version() {
            return "test";
        }

        @Override
        public ConfigSpec configSpec() {
            return ConfigSpec.builder().build();
        }

        @Override
        public void start(ParsedConfig config) {}

        @Override
        public void open(Collection<TopicPartition> partitions) {
            for (TopicPartition p : partitions) {
                context().offset(p, 5);
            }
        }

        @Override
        public void put(Collection<SinkRecord> batch) {
            if (paused) {
                if (!batch.isEmpty()) {
                    throw new IllegalStateException("records while paused: " + batch);
                }
                if (emptyPutsWhilePaused.incrementAndGet() >= 3) {
                    paused = false;
                    context().resume(context().assignment().toArray(new TopicPartition[0]));
                }
                return;
            }
            records.addAll(batch);
            if (!batch.isEmpty() && records.size() == batch.size()) {
                paused = true;
                context().pause(context().assignment().toArray(new TopicPartition[0]));
                context().requestCommit();
            }
        }

        @Override
        public void stop() {}
    }
}
