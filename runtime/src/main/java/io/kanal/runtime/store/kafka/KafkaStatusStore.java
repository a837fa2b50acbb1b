package io.kanal.runtime.store.kafka;

import io.kanal.client.consumer.ConsumerRecord;
import io.kanal.client.errors.RetriableException;
import io.kanal.client.resource.ClientResources;
import io.kanal.runtime.herder.ConnectorTaskId;
import io.kanal.runtime.herder.Status;
import io.kanal.runtime.herder.StatusState;
import io.kanal.runtime.store.StatusStore;
import io.kanal.runtime.store.StoreException;
import io.kanal.runtime.store.kafka.StatusRecord.StatusValue;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Distributed mode's statuses: Connect's status topic ({@code status.storage.topic}), values {@code {state, trace,
 * worker_id, generation}} ({@link StatusRecordCodec}). Reads come from a cache the tail thread fills with every
 * worker's statuses; writes are asynchronous, because the caller is {@code kanal-herder}, which must never block on
 * I/O: they are queued to the sender thread {@code kanal-store-<status topic>-send}, which produces them in call order.
 *
 * <p>Write rules are Connect's: FAILED and UNASSIGNED are written with {@code putSafe} ({@link
 * StatusWriteRule#canWriteSafely}, checked against the cache just before the send), the others unconditionally; a
 * failed send is retried while the error is retriable and, for a safe write, while the rule still allows it. The
 * generation written is the last one given to {@link #setGeneration}. As read, an UNASSIGNED task status does not
 * replace a RUNNING one of a newer generation ({@link StatusWriteRule#acceptTaskStatusRead}).
 *
 * <p>Kanal's extra status fields are not in Connect's format ({@link StatusValues} says what is lost). For statuses
 * this worker wrote, a read returns the full status as long as the cache still holds the value this worker wrote;
 * statuses of other workers carry Connect's fields only. A write shows in reads once the tail thread has read it
 * back (a few milliseconds), as in Connect.
 *
 * <p><b>Threading.</b> Thread-safe: {@code kanal-herder} writes, any thread reads, the tail thread fills the
 * concurrent caches, the sender thread produces.
 */
public final class KafkaStatusStore implements StatusStore, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaStatusStore.class);

    /** What this worker last wrote for a key: its value and the full status. */
    private record Written(StatusValue value, Status status) {}

    private final String workerId;
    private final KafkaStoreSettings settings;
    private final StatusRecordCodec codec = new StatusRecordCodec();
    private final InternalTopicLog log;
    private final ExecutorService sender;
    private final ConcurrentHashMap<String, StatusValue> connectors = new ConcurrentHashMap<>();
    private final ConcurrentSkipListMap<ConnectorTaskId, StatusValue> tasks = new ConcurrentSkipListMap<>();
    private final ConcurrentHashMap<String, Written> written = new ConcurrentHashMap<>();
    private final Set<CompletableFuture<?>> inFlight = ConcurrentHashMap.newKeySet();
    // The last task status record read per task, before Connect's read rule: the leader's clean-leave check needs the
    // UNASSIGNED a departing worker wrote, which the rule keeps out of `tasks` while its RUNNING is as new.
    private final ConcurrentHashMap<ConnectorTaskId, StatusValue> lastTaskRecords = new ConcurrentHashMap<>();
    private volatile int generation = -1;
    private volatile boolean closing;

    /**
     * Describes the store; nothing happens until {@link #start()}.
     *
     * @param settings the worker's store settings
     * @param resources the worker's shared client resources (closed by the caller after this store); null for
     *     private ones
     * @param workerId this worker's id ({@code host:port} of its REST listener, as Connect)
     */
    public KafkaStatusStore(KafkaStoreSettings settings, ClientResources resources, String workerId) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.workerId = Objects.requireNonNull(workerId, "workerId");
        this.log = new InternalTopicLog(
                KafkaStoreSettings.STATUS_TOPIC,
                settings.statusTopic(),
                false,
                settings.clientProperties(),
                settings.groupId() + "-statuses",
                resources,
                this::onRecord,
                settings.timeout());
        String thread = "kanal-store-" + settings.statusTopic().name() + "-send";
        this.sender = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, thread);
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Creates or checks the topic, reads it whole and starts tailing.
     *
     * @throws StoreException when the topic cannot be created, is not usable, or cannot be read
     */
    public void start() {
        log.start();
        LOG.info(
                "Status store of worker {} started on topic '{}' with {} connector and {} task statuses",
                workerId,
                log.topic(),
                connectors.size(),
                tasks.size());
    }

    /**
     * The group generation this worker is in; written with every later status.
     *
     * @param newGeneration the generation of the last completed rebalance
     */
    public void setGeneration(int newGeneration) {
        this.generation = newGeneration;
    }

    /**
     * Waits until every status written to the topic before this call is in the cache.
     *
     * @param timeout the longest wait
     * @throws StoreException on timeout or when the topic cannot be read
     */
    public void readToEnd(Duration timeout) {
        log.readToEnd(timeout);
    }

    /**
     * Waits until every status put before this call has been acknowledged by the broker and read back: a worker that
     * leaves cleanly calls it before its LeaveGroup, so that the leader finds its {@code UNASSIGNED} statuses.
     *
     * @param timeout the longest wait for each of the three steps (queue, acknowledgements, read-back)
     * @throws StoreException when they are not done in time
     */
    public void flush(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            // A send that fails with a retriable error is queued again: loop until the queue and the sends in flight
            // are both empty, within one deadline.
            while (true) {
                sender.submit(() -> {}).get(remainingMs(deadline), TimeUnit.MILLISECONDS);
                List<CompletableFuture<?>> pending = List.copyOf(inFlight);
                if (pending.isEmpty()) {
                    break;
                }
                CompletableFuture.allOf(pending.stream()
                                .map(f -> f.handle((ok, error) -> null))
                                .toArray(CompletableFuture[]::new))
                        .get(remainingMs(deadline), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("Interrupted while flushing the statuses of worker " + workerId, e);
        } catch (ExecutionException | TimeoutException | RejectedExecutionException e) {
            throw new StoreException(
                    "Could not flush the statuses of worker " + workerId + " to topic '" + log.topic() + "'", e);
        }
        log.readToEnd(Duration.ofMillis(remainingMs(deadline)));
    }

    private static long remainingMs(long deadlineNanos) {
        return Math.max(0, TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime()));
    }

    /**
     * Whether the last status record read for the task is {@code UNASSIGNED} from this worker: how a worker that
     * stopped cleanly leaves its tasks. Unlike {@link #task}, which follows Connect's read rule and keeps a {@code
     * RUNNING} status over an {@code UNASSIGNED} of the same generation.
     *
     * @param task the task
     * @param releasedBy the worker id
     * @return true when the task's last record says that worker let it go
     */
    public boolean lastReleasedBy(ConnectorTaskId task, String releasedBy) {
        StatusValue last = lastTaskRecords.get(task);
        return last != null && last.state() == StatusState.UNASSIGNED && releasedBy.equals(last.workerId());
    }

    @Override
    public void putConnector(String connector, Status status) {
        StatusValue value = StatusValues.toValue(status, generation);
        String key = StatusRecord.CONNECTOR_PREFIX + connector;
        written.put(key, new Written(value, status));
        boolean safe = StatusValues.safeWrite(status.state());
        enqueue(key, new StatusRecord.ConnectorStatus(connector, value), safe ? () -> connectors.get(connector) : null);
    }

    @Override
    public void putTask(ConnectorTaskId task, Status status) {
        StatusValue value = StatusValues.toValue(status, generation);
        String key = new StatusRecord.TaskStatus(task, value).key();
        written.put(key, new Written(value, status));
        boolean safe = StatusValues.safeWrite(status.state());
        enqueue(key, new StatusRecord.TaskStatus(task, value), safe ? () -> tasks.get(task) : null);
    }

    /**
     * {@inheritDoc}
     *
     * <p>As Connect when a connector is deleted: a tombstone for each task status known, then for the connector's.
     */
    @Override
    public void removeConnector(String connector) {
        for (ConnectorTaskId task : tasks(connector).keySet()) {
            removeTask(task);
        }
        String key = StatusRecord.CONNECTOR_PREFIX + connector;
        written.remove(key);
        enqueue(key, new StatusRecord.ConnectorStatusRemoved(connector), null);
    }

    @Override
    public void removeTask(ConnectorTaskId task) {
        StatusRecord record = new StatusRecord.TaskStatusRemoved(task);
        written.remove(record.key());
        enqueue(record.key(), record, null);
    }

    @Override
    public Optional<Status> connector(String connector) {
        return Optional.ofNullable(connectors.get(connector))
                .map(v -> status(StatusRecord.CONNECTOR_PREFIX + connector, v));
    }

    @Override
    public Optional<Status> task(ConnectorTaskId task) {
        return Optional.ofNullable(tasks.get(task)).map(v -> status(taskKey(task), v));
    }

    @Override
    public Map<ConnectorTaskId, Status> tasks(String connector) {
        Map<ConnectorTaskId, Status> result = new TreeMap<>();
        tasks.subMap(new ConnectorTaskId(connector, 0), true, new ConnectorTaskId(connector, Integer.MAX_VALUE), true)
                .forEach((id, v) -> result.put(id, status(taskKey(id), v)));
        return Collections.unmodifiableMap(result);
    }

    /** Sends what is queued, then stops tailing and closes the clients. */
    @Override
    public void close() {
        closing = true;
        sender.shutdown();
        try {
            if (!sender.awaitTermination(settings.timeout().toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn(
                        "Statuses of worker {} still queued after {} ms were dropped",
                        workerId,
                        settings.timeout().toMillis());
                sender.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            sender.shutdownNow();
        }
        log.close();
    }

    private static String taskKey(ConnectorTaskId task) {
        return StatusRecord.TASK_PREFIX + task.connector() + "-" + task.task();
    }

    private Status status(String key, StatusValue value) {
        Written own = written.get(key);
        return own != null && own.value().equals(value) ? own.status() : StatusValues.toStatus(value);
    }

    /**
     * Queues a write.
     *
     * @param current for a safe write, the cached status the rule is checked against; null for an unconditional one
     */
    private void enqueue(String key, StatusRecord record, Supplier<StatusValue> current) {
        if (closing) {
            LOG.warn("Status '{}' not written: the status store of worker {} is closed", key, workerId);
            return;
        }
        try {
            sender.execute(() -> send(key, record, current));
        } catch (RejectedExecutionException e) {
            LOG.warn("Status '{}' not written: the status store of worker {} is closed", key, workerId);
        }
    }

    /** On the sender thread: checks the rule, sends, and queues a retry on a retriable failure. */
    private void send(String key, StatusRecord record, Supplier<StatusValue> current) {
        if (current != null && !allowed(record, current)) {
            LOG.debug("Status '{}' not written: a newer generation's status is in topic '{}'", key, log.topic());
            return;
        }
        CompletableFuture<?> sent = log.send(key.getBytes(StandardCharsets.UTF_8), codec.encodeValue(record));
        inFlight.add(sent);
        sent.whenComplete((metadata, error) -> inFlight.remove(sent));
        sent.whenComplete((metadata, error) -> {
            if (error == null) {
                return;
            }
            Throwable cause =
                    error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
            if (cause instanceof RetriableException && !closing) {
                LOG.warn(
                        "Writing status '{}' to topic '{}' failed; retrying: {}", key, log.topic(), cause.getMessage());
                enqueue(key, record, current);
            } else {
                LOG.error("Could not write status '{}' to topic '{}'", key, log.topic(), cause);
            }
        });
    }

    private static boolean allowed(StatusRecord record, Supplier<StatusValue> current) {
        StatusValue candidate = record instanceof StatusRecord.ConnectorStatus c
                ? c.value()
                : ((StatusRecord.TaskStatus) record).value();
        return StatusWriteRule.canWriteSafely(Optional.ofNullable(current.get()), candidate);
    }

    /** Every record of the topic, on the thread reading it. */
    private void onRecord(ConsumerRecord<byte[], byte[]> record) {
        if (record.key() == null) {
            LOG.warn("Skipping a record without key at offset {} of status topic '{}'", record.offset(), log.topic());
            return;
        }
        String key = new String(record.key(), StandardCharsets.UTF_8);
        StatusRecord read;
        try {
            read = codec.decode(key, record.value());
        } catch (InternalRecordException e) {
            LOG.warn(
                    "Skipping record '{}' at offset {} of status topic '{}': {}",
                    key,
                    record.offset(),
                    log.topic(),
                    e.getMessage());
            return;
        }
        if (read instanceof StatusRecord.ConnectorStatus c) {
            connectors.put(c.connector(), c.value());
        } else if (read instanceof StatusRecord.TaskStatus t) {
            lastTaskRecords.put(t.task(), t.value());
            if (StatusWriteRule.acceptTaskStatusRead(Optional.ofNullable(tasks.get(t.task())), t.value())) {
                tasks.put(t.task(), t.value());
            }
        } else if (read instanceof StatusRecord.ConnectorStatusRemoved r) {
            connectors.remove(r.connector());
            tasks.keySet().removeIf(id -> id.connector().equals(r.connector()));
            lastTaskRecords.keySet().removeIf(id -> id.connector().equals(r.connector()));
        } else if (read instanceof StatusRecord.TaskStatusRemoved r) {
            tasks.remove(r.task());
            lastTaskRecords.remove(r.task());
        }
        // topic statuses (KIP-558) are not kept here: the runtime records active topics on its own
    }
}
