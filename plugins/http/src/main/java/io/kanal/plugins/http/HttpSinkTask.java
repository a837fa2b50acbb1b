package io.kanal.plugins.http;

import io.kanal.api.errors.DataException;
import io.kanal.api.errors.PluginException;
import io.kanal.api.sink.ErrantRecordReporter;
import io.kanal.api.sink.OffsetAndMetadata;
import io.kanal.api.sink.SinkRecord;
import io.kanal.api.sink.SinkTask;
import io.kanal.api.sink.TopicPartition;
import io.kanal.config.ConfigSpec;
import io.kanal.config.ParsedConfig;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The task of {@link HttpSinkConnector}. {@link #put} encodes each record to JSON and adds it to the {@link
 * BatchBuffer}; a sender thread of the task ({@link BatchSender}) sends closed batches in order, with retries. So
 * {@code put} never waits for the endpoint: while it is slow or failing, the records pile up to {@code
 * buffer.max.records} and the task then pauses its partitions (resuming them below half of that), which keeps the
 * task responsive to stop and rebalances however long the outage lasts. {@link #preCommit} returns only the offsets
 * of delivered records (and sends the open batch at once), so a commit never passes a record that has not reached
 * the endpoint or the errant record reporter: delivery is at least once, in order per task.
 *
 * <p>Threading: the runtime calls every method on the task's thread, one call at a time; the sender thread is
 * started in {@link #start} and joined in {@link #stop}; the two share only the {@link BatchBuffer}.
 */
public class HttpSinkTask extends SinkTask {

    private static final Logger LOG = LoggerFactory.getLogger(HttpSinkTask.class);
    /** How long stop waits for the sender thread, which an interrupt ends at once unless a request ignores it. */
    private static final Duration STOP_WAIT = Duration.ofSeconds(5);

    /**
     * How long {@code preCommit} waits for the records already buffered to be delivered, and {@code close} for a
     * request in flight: long enough for a healthy endpoint to take several batches, short enough that an outage
     * does not stall commits and rebalances (the wait also ends as soon as the sender backs off).
     */
    static final Duration COMMIT_WAIT = Duration.ofSeconds(5);

    private final Clock clock;
    private final Duration commitWait;

    private HttpSinkConfig config;
    private String logPrefix;
    private BatchBuffer buffer;
    private HttpTransport transport;
    private Thread sender;
    private boolean paused;

    /** For the runtime, which creates tasks through their public no-argument constructor. */
    public HttpSinkTask() {
        this(Clock.systemUTC(), COMMIT_WAIT);
    }

    /**
     * For tests: another clock for {@code Retry-After} dates, another bound for the waits of {@code preCommit} and
     * {@code close}.
     *
     * @param clock the clock
     * @param commitWait how long {@code preCommit} waits for buffered records, and {@code close} for a request
     */
    HttpSinkTask(Clock clock, Duration commitWait) {
        this.clock = clock;
        this.commitWait = commitWait;
    }

    @Override
    public String version() {
        return PluginVersion.VERSION;
    }

    @Override
    public ConfigSpec configSpec() {
        return HttpSinkConfig.SPEC;
    }

    @Override
    public void start(ParsedConfig parsed) {
        config = HttpSinkConfig.from(parsed);
        String name = context() == null ? null : context().configs().get("name");
        String task = name == null ? "http-sink" : name;
        logPrefix = "[" + task + " " + config.displayUrl() + "]";
        buffer = new BatchBuffer(config, System::nanoTime);
        transport = new HttpTransport(config, "kanal-http-" + task);
        ErrantRecordReporter reporter = context() == null ? null : context().errantRecordReporter();
        sender = new Thread(
                new BatchSender(logPrefix, config, buffer, transport, reporter, clock), "kanal-http-sender-" + task);
        sender.setDaemon(true);
        sender.start();
        paused = false;
        LOG.info("{} started: {}", logPrefix, config);
    }

    @Override
    public void put(Collection<SinkRecord> records) {
        throwIfFailed();
        for (SinkRecord record : records) {
            buffer.add(record, encode(record));
        }
        applyBackPressure();
    }

    /**
     * Sends the open batch and waits until every record passed to {@code put} is delivered (or reported).
     *
     * @param currentOffsets not used: the delivered offsets are what {@link #preCommit} returns
     */
    @Override
    public void flush(Map<TopicPartition, OffsetAndMetadata> currentOffsets) {
        try {
            buffer.awaitDrained();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PluginException("interrupted while waiting for records to be delivered", e);
        }
    }

    /**
     * Sends the open batch now, waits a little for the records buffered to be delivered, and returns the offsets of
     * the records delivered so far, for the partitions offered. The wait is bounded (5 s) and ends at once when the
     * sender backs off, so an outage does not stall commits or rebalances; with a healthy endpoint it lets the commit
     * of a revocation (which the runtime makes just before {@link #close}) cover what was buffered, so that the next
     * owner of a revoked partition does not send it again.
     */
    @Override
    public Map<TopicPartition, OffsetAndMetadata> preCommit(Map<TopicPartition, OffsetAndMetadata> currentOffsets) {
        throwIfFailed();
        try {
            buffer.awaitDelivered(commitWait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PluginException("interrupted while waiting for records to be delivered", e);
        }
        Map<TopicPartition, Long> delivered = buffer.deliveredOffsets();
        Map<TopicPartition, OffsetAndMetadata> safe = new HashMap<>();
        for (TopicPartition partition : currentOffsets.keySet()) {
            Long next = delivered.get(partition);
            if (next != null) {
                safe.put(partition, new OffsetAndMetadata(next));
            }
        }
        return safe;
    }

    /**
     * Takes the records of revoked partitions that are not sent yet out of the buffer — they were not committed, so
     * their next owner reads and sends them — waits (bounded, not through a back-off) for a request in flight that
     * holds some of them, and forgets the partitions' delivered offsets.
     */
    @Override
    public void close(Collection<TopicPartition> partitions) {
        if (buffer == null) {
            return;
        }
        try {
            int dropped = buffer.drop(partitions, commitWait.toMillis());
            if (dropped > 0) {
                LOG.info(
                        "{} {} buffered records of revoked partitions {} not sent: their next owner reads them again",
                        logPrefix,
                        dropped,
                        partitions);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PluginException("interrupted while closing partitions " + partitions, e);
        } finally {
            buffer.forget(partitions);
        }
    }

    /**
     * Stops the sender (a back-off ends at once, a request in flight is interrupted) and closes the client. Records
     * not yet delivered are not committed: they are read again after a restart.
     */
    @Override
    public void stop() {
        if (buffer == null) {
            return;
        }
        buffer.stop();
        sender.interrupt();
        try {
            sender.join(STOP_WAIT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (sender.isAlive()) {
                LOG.warn(
                        "{} the sender thread did not end within {} of stop (a request that ignores interrupts);"
                                + " it ends with its request",
                        logPrefix,
                        STOP_WAIT);
            }
            transport.close();
            int undelivered = buffer.pending();
            if (undelivered > 0) {
                LOG.info("{} stopped with {} records not delivered; they will be read again", logPrefix, undelivered);
            }
            // Nothing may keep the client reachable: on JDK 17 its selector thread ends only once it is collected.
            buffer = null;
            transport = null;
            sender = null;
        }
    }

    private byte[] encode(SinkRecord record) {
        if (record.value() == null && !config.sendNullValues()) {
            return null;
        }
        try {
            return config.includeKey()
                    ? JsonEncoder.encodeKeyAndValue(
                            record.keySchema(), record.key(), record.valueSchema(), record.value())
                    : JsonEncoder.encode(record.valueSchema(), record.value());
        } catch (DataException e) {
            ErrantRecordReporter reporter = context().errantRecordReporter();
            DataException error = new DataException(
                    e.getMessage() + " (" + record.topic() + "-" + record.kafkaPartition() + "@" + record.kafkaOffset()
                            + ")",
                    e);
            if (reporter == null) {
                throw error;
            }
            // The runtime holds the record's offset back until the report completes; the buffer keeps order.
            reporter.report(record, error);
            return null;
        }
    }

    /** Pauses the assignment above buffer.max.records undelivered records, resumes below half of it. */
    private void applyBackPressure() {
        int pending = buffer.pending();
        if (!paused && pending >= config.bufferMaxRecords()) {
            Set<TopicPartition> assignment = context().assignment();
            context().pause(assignment.toArray(TopicPartition[]::new));
            paused = true;
            LOG.info("{} {} records not delivered yet: pausing {}", logPrefix, pending, assignment);
        } else if (paused && pending < config.bufferMaxRecords() / 2) {
            context().resume(context().assignment().toArray(TopicPartition[]::new));
            paused = false;
            LOG.info("{} caught up ({} records not delivered): resuming", logPrefix, pending);
        }
    }

    private void throwIfFailed() {
        buffer.failure().ifPresent(failure -> {
            throw failure;
        });
    }
}
