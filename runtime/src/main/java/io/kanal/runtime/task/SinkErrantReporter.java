package io.kanal.runtime.task;

import io.kanal.api.sink.ErrantRecordReporter;
import io.kanal.api.sink.SinkRecord;
import io.kanal.client.TopicPartition;
import io.kanal.client.consumer.ConsumerRecord;
import io.kanal.runtime.invoke.Stage;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The sink task's {@link ErrantRecordReporter} (KIP-610): a reported record goes through the error policy with its
 * original bytes and coordinates (stage {@code TASK_PUT}), and its offset is committed only once the dead letter
 * queue acknowledged it. Under {@code errors.tolerance=none} the returned future fails and the task fails after the
 * current {@code put}.
 *
 * <p>Thread-safe: a task may report from its own threads. The original bytes are looked up in the batch being
 * processed, indexed on the first report of a batch only (reports are rare; indexing every batch is not free).
 */
final class SinkErrantReporter implements ErrantRecordReporter {

    private final Class<?> taskClass;
    private final ErrorPolicy policy;
    private final SinkCommitter committer;
    private final AtomicReference<TaskFailedException> asyncFailure;

    private List<ConsumerRecord<byte[], byte[]>> batch = List.of();
    private Map<TopicPartition, Map<Long, ConsumerRecord<byte[], byte[]>>> index;

    SinkErrantReporter(
            Class<?> taskClass,
            ErrorPolicy policy,
            SinkCommitter committer,
            AtomicReference<TaskFailedException> asyncFailure) {
        this.taskClass = taskClass;
        this.policy = policy;
        this.committer = committer;
        this.asyncFailure = asyncFailure;
    }

    /** The records of the batch now being processed (task thread). */
    synchronized void batch(List<ConsumerRecord<byte[], byte[]>> records) {
        batch = records;
        index = null;
    }

    private synchronized ConsumerRecord<byte[], byte[]> raw(TopicPartition partition, long offset) {
        if (index == null) {
            index = new HashMap<>();
            for (ConsumerRecord<byte[], byte[]> r : batch) {
                index.computeIfAbsent(r.topicPartition(), p -> new HashMap<>()).put(r.offset(), r);
            }
        }
        return index.getOrDefault(partition, Map.of()).get(offset);
    }

    @Override
    public CompletableFuture<Void> report(SinkRecord record, Throwable error) {
        TopicPartition p = new TopicPartition(
                record.originalTopic(), record.originalKafkaPartition() == null ? 0 : record.originalKafkaPartition());
        ConsumerRecord<byte[], byte[]> raw = raw(p, record.originalKafkaOffset());
        FailedRecord failure = raw != null
                ? failed(raw, Stage.PUT, taskClass, error, record)
                : new FailedRecord(
                        Stage.PUT,
                        taskClass,
                        error,
                        p.topic(),
                        p.partition(),
                        record.originalKafkaOffset(),
                        record.timestamp(),
                        null,
                        null,
                        List.of(),
                        record);
        try {
            CompletableFuture<Void> done = policy.handle(failure);
            committer.track(done);
            return done;
        } catch (TaskFailedException e) {
            asyncFailure.compareAndSet(null, e);
            return CompletableFuture.failedFuture(e);
        }
    }

    /** A fetched record that failed, with its original bytes and coordinates. */
    static FailedRecord failed(
            ConsumerRecord<byte[], byte[]> r, Stage stage, Class<?> executing, Throwable error, Object record) {
        return new FailedRecord(
                stage,
                executing,
                error,
                r.topic(),
                r.partition(),
                r.offset(),
                r.timestamp() < 0 ? null : r.timestamp(),
                r.key(),
                r.value(),
                r.headers(),
                record);
    }
}
