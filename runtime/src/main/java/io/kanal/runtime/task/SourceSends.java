package io.kanal.runtime.task;

import io.kanal.api.source.RecordMetadata;
import io.kanal.api.source.SourceRecord;
import io.kanal.client.errors.KafkaException;
import io.kanal.client.producer.Producer;
import io.kanal.client.producer.ProducerRecord;
import io.kanal.runtime.invoke.Owner;
import io.kanal.runtime.invoke.Redactor;
import io.kanal.runtime.invoke.Stage;
import io.kanal.runtime.invoke.StageError;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The producer side of a {@link SourcePipeline}: sends converted records, waits while the producer's buffer is full
 * (back-pressure), and settles each record's offset entry when the broker acknowledges it, queueing its {@code
 * commitRecord}.
 *
 * <p>A failure seen on a producer or dead letter thread is kept here for the task thread, which throws it at its next
 * step ({@link #throwIfFailed()}).
 *
 * <p>Threading: {@link #send} runs on the task thread; the producer's callbacks, {@link #sendFailed} and {@link
 * #settle} run on the producer's or the dead letter writer's threads and only ack entries, queue records for {@code
 * commitRecord} and record the first failure.
 */
final class SourceSends {

    private static final Logger LOG = LoggerFactory.getLogger(SourceSends.class);

    private final Owner owner;
    private final Producer<byte[], byte[]> producer;
    private final SourceTopics topics;
    private final SettledRecords acked;
    private final ErrorPolicy policy;
    private final Redactor redactor;
    private final StopSignal stop;
    private final boolean transactional;
    private final AtomicReference<TaskFailedException> asyncFailure = new AtomicReference<>();

    /** Records sent whose callback has not run yet; {@link #callbacksLock} is notified when it reaches zero. */
    private final AtomicInteger callbacksDue = new AtomicInteger();

    private final Object callbacksLock = new Object();

    /** The task thread, while it is inside {@code send}: a callback on it then is a failure before queueing. */
    private Thread sendingThread;

    private KafkaException sendRefused;

    /**
     * Describes the sends of one task.
     *
     * @param owner the task
     * @param producer its producer
     * @param topics creates topics, or {@code null}
     * @param acked its records waiting for {@code commitRecord}
     * @param policy its error policy
     * @param redactor masks secrets in errors
     * @param stop its stop signal
     * @param transactional whether the producer is transactional (exactly-once)
     */
    SourceSends(
            Owner owner,
            Producer<byte[], byte[]> producer,
            SourceTopics topics,
            SettledRecords acked,
            ErrorPolicy policy,
            Redactor redactor,
            StopSignal stop,
            boolean transactional) {
        this.owner = owner;
        this.producer = producer;
        this.topics = topics;
        this.acked = acked;
        this.policy = policy;
        this.redactor = redactor;
        this.stop = stop;
        this.transactional = transactional;
    }

    /**
     * Sends a converted record; its entry settles when the broker acknowledges it. Waits while the producer's buffer
     * is full.
     *
     * @param record the record after the transforms
     * @param original the record the task returned
     * @param entry its offset's tracker entry
     * @param key the converted key
     * @param value the converted value
     * @param headers the converted headers
     * @throws CancellationException when the task is stopped while waiting for buffer space
     */
    void send(
            SourceRecord record,
            SourceRecord original,
            OffsetTracker.Entry entry,
            byte[] key,
            byte[] value,
            List<io.kanal.client.record.Header> headers) {
        if (topics != null) {
            topics.ensure(record.topic());
        }
        ProducerRecord<byte[], byte[]> out;
        try {
            out = new ProducerRecord<>(
                    record.topic(), record.kafkaPartition(), record.timestamp(), key, value, headers);
        } catch (IllegalArgumentException e) { // a negative partition or timestamp from the task
            sendFailed(original, entry, e);
            return;
        }
        while (true) {
            sendRefused = null;
            sendingThread = Thread.currentThread();
            callbacksDue.incrementAndGet();
            try {
                producer.send(out, (metadata, exception) -> {
                    callbackRan();
                    if (Thread.currentThread() == sendingThread && exception instanceof KafkaException refused) {
                        sendRefused = refused; // failed before it was queued: decided by the loop below
                        return;
                    }
                    if (exception == null) {
                        entry.ack();
                        acked.add(
                                original,
                                new RecordMetadata(
                                        metadata.topicPartition().topic(),
                                        metadata.topicPartition().partition(),
                                        metadata.offset(),
                                        metadata.timestamp()));
                    } else {
                        sendFailed(original, entry, exception);
                    }
                });
            } catch (RuntimeException e) { // refused without its callback: nothing is due from it
                callbackRan();
                throw e;
            } finally {
                sendingThread = null;
            }
            KafkaException refused = sendRefused;
            if (refused == null) {
                return;
            }
            if (!ErrorPolicy.isRetriable(refused)) {
                sendFailed(original, entry, refused);
                return;
            }
            // Back-pressure: buffer.memory is full or the topic's metadata is late. Wait and send again.
            if (LOG.isDebugEnabled()) {
                LOG.debug("[{}] producer refused a record for now ({}): waiting", owner, refused.getMessage());
            }
            if (!stop.pause(10)) {
                throw new CancellationException("stopped while the producer buffer was full");
            }
        }
    }

    /**
     * A send failed for good: tolerated as Connect does under errors.tolerance=all, fatal otherwise (always in a
     * transaction). Any thread.
     */
    void sendFailed(SourceRecord original, OffsetTracker.Entry entry, Throwable error) {
        StageError stageError =
                StageError.of(Stage.KAFKA_PRODUCE, error, redactor).at(original.topic(), null, null);
        if (!transactional && policy.settings().toleratesAll()) {
            LOG.error("[{}] {}: the record is skipped (errors.tolerance=all)", owner, stageError.summary());
            entry.ack();
            acked.add(original, null);
        } else {
            asyncFailure.compareAndSet(null, new TaskFailedException(stageError, error));
        }
    }

    /**
     * Settles a record the error policy handled: its dead letter write completed, or failed (which fails the task).
     * Any thread.
     *
     * @param entry its offset's tracker entry
     * @param original the record the task returned
     * @param deadLetterFailure the failure, or null
     */
    void settle(OffsetTracker.Entry entry, SourceRecord original, Throwable deadLetterFailure) {
        if (deadLetterFailure != null) {
            Throwable cause = deadLetterFailure instanceof CompletionException c ? c.getCause() : deadLetterFailure;
            asyncFailure.compareAndSet(
                    null,
                    cause instanceof TaskFailedException t
                            ? t
                            : new TaskFailedException(StageError.of(Stage.KAFKA_PRODUCE, cause, redactor), cause));
            return;
        }
        entry.ack();
        acked.add(original, null);
    }

    /**
     * Waits until the callback of every record sent so far has run. The producer marks a batch done before it runs
     * the batch's callbacks on its own thread, so a commit (or flush) can complete before the records' {@code
     * commitRecord} entries are queued: a transaction's commit waits here before it drains them, and an abort before
     * it drops them, so that no entry of one transaction is handled with the next. Task thread.
     *
     * @param timeoutMs how long to wait at most
     * @return whether every callback ran in time
     */
    boolean awaitCallbacks(long timeoutMs) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        synchronized (callbacksLock) {
            while (callbacksDue.get() > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(callbacksLock, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return true;
        }
    }

    /** A record's callback ran (or will never run). Any thread. */
    private void callbackRan() {
        if (callbacksDue.decrementAndGet() == 0) {
            synchronized (callbacksLock) {
                callbacksLock.notifyAll();
            }
        }
    }

    /**
     * Throws the first failure a producer callback or dead letter write saw, if one did.
     *
     * @throws TaskFailedException that failure
     */
    void throwIfFailed() {
        TaskFailedException failure = asyncFailure.get();
        if (failure != null) {
            throw failure;
        }
    }
}
