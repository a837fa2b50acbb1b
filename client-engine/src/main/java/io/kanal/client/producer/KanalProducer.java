package io.kanal.client.producer;

import com.codahale.metrics.MetricRegistry;
import io.kanal.client.ConsumerGroupMetadata;
import io.kanal.client.OffsetAndMetadata;
import io.kanal.client.TopicPartition;
import io.kanal.client.cluster.PartitionInfo;
import io.kanal.client.cluster.TopicMetadata;
import io.kanal.client.cluster.internals.ClusterMetadata;
import io.kanal.client.cluster.internals.CoordinatorLookup;
import io.kanal.client.common.ExponentialBackoff;
import io.kanal.client.common.Time;
import io.kanal.client.common.internals.OrderedExecutor;
import io.kanal.client.common.internals.SerialLoop;
import io.kanal.client.config.ClientConfigs;
import io.kanal.client.errors.ClientClosedException;
import io.kanal.client.errors.Errors;
import io.kanal.client.errors.KafkaException;
import io.kanal.client.errors.RecordTooLargeException;
import io.kanal.client.record.CompressionType;
import io.kanal.client.record.Header;
import io.kanal.client.resource.ClientResources;
import io.kanal.client.resource.internals.ClientCore;
import io.kanal.client.serialization.Serializer;
import io.kanal.config.ParsedConfig;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link Producer} implementation: the send path on the caller's thread (metadata, serialization, partitioning,
 * append), an {@link Accumulator} of per-partition batches, and a {@link Sender} that talks to the brokers through the
 * PRODUCE lane, run as a {@link SerialLoop} on the client resources' loop pool. User callbacks run on an
 * {@link OrderedExecutor} over the resources' callback executor. See {@link Producer} for the threading contract.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public final class KanalProducer<K, V> implements Producer<K, V> {
    private static final Logger LOG = LoggerFactory.getLogger(KanalProducer.class);
    /** The largest per-record overhead of record batch v2, excluding key, value and headers. */
    private static final int MAX_RECORD_OVERHEAD = 21;

    private final ClientCore core;
    private final ProducerSettings settings;
    private final Serializer<K> keySerializer;
    private final Serializer<V> valueSerializer;
    private final ClusterMetadata metadata;
    private final Accumulator accumulator;
    private final Sender sender;
    /** The transaction driver of a transactional producer, else null. */
    private final TransactionDriver transactions;

    private final SerialLoop loop;
    private final OrderedExecutor callbacks;
    private final BatchCloser closer;
    private final Time time;
    private final String clientId;
    private final AtomicBoolean closed = new AtomicBoolean();

    /**
     * Creates a producer; prefer {@link Producer#create}.
     *
     * @param config Kafka-style settings
     * @param keySerializer turns keys into bytes
     * @param valueSerializer turns values into bytes
     */
    public KanalProducer(Map<String, ?> config, Serializer<K> keySerializer, Serializer<V> valueSerializer) {
        this(config, keySerializer, valueSerializer, null, Time.SYSTEM);
    }

    /**
     * Creates a producer on shared resources, or on private ones when {@code resources} is null.
     *
     * @param config Kafka-style settings
     * @param keySerializer turns keys into bytes
     * @param valueSerializer turns values into bytes
     * @param resources the shared resources, or null
     * @param time the clock
     */
    public KanalProducer(
            Map<String, ?> config,
            Serializer<K> keySerializer,
            Serializer<V> valueSerializer,
            ClientResources resources,
            Time time) {
        this.keySerializer = Objects.requireNonNull(keySerializer, "keySerializer");
        this.valueSerializer = Objects.requireNonNull(valueSerializer, "valueSerializer");
        ParsedConfig parsed = ClientConfigs.parse(ProducerConfigs.SPEC, config, "producer");
        this.settings = ProducerSettings.from(parsed);
        this.time = time;
        this.core = ClientCore.create(parsed, "producer", settings.maxInFlight(), time, resources);
        this.clientId = core.clientId();
        this.metadata = core.metadata();
        Sender[] holder = new Sender[1];
        this.accumulator = new Accumulator(settings, time, () -> holder[0].wakeup());
        ProducerMetrics metrics = new ProducerMetrics(core.metrics(), accumulator.pool());
        this.closer = new BatchCloser(metrics, settings.compression().type() != CompressionType.NONE);
        this.callbacks = new OrderedExecutor(clientId + "-callbacks", core.callbacks());
        CoordinatorLookup coordinators = settings.transactional()
                ? CoordinatorLookup.create(
                        core.network(),
                        metadata,
                        core.scheduler(),
                        new ExponentialBackoff(settings.retryBackoffMs(), settings.retryBackoffMaxMs()),
                        time)
                : null;
        this.sender = new Sender(
                clientId,
                settings,
                accumulator,
                core.network(),
                metadata,
                time,
                metrics,
                closer,
                callbacks,
                coordinators,
                // Transactions V2 (KIP-890 part 2) where the cluster finalized transaction.version 2 or later.
                () -> core.network().finalizedFeatureLevel("transaction.version") >= 2);
        this.transactions = sender.transactions();
        this.loop = core.newLoop("sender", sender::step);
        sender.attach(loop, loop::wakeup);
        core.onResourcesClosed(
                () -> sender.forceClose("The client resources of producer " + clientId + " were closed"));
        holder[0] = sender;
        loop.wakeup();
        LOG.info(
                "[Producer clientId={}] started: acks={}, idempotence={}, linger.ms={}, batch.size={}, compression={}",
                clientId,
                settings.acks(),
                settings.idempotent(),
                settings.lingerMs(),
                settings.batchSize(),
                settings.compression().type().configName());
    }

    /**
     * The settings in effect, after Kafka's rules between keys were applied.
     *
     * @return the settings
     */
    public ProducerSettings settings() {
        return settings;
    }

    @Override
    public CompletableFuture<RecordMetadata> send(ProducerRecord<K, V> record) {
        CompletableFuture<RecordMetadata> future = new CompletableFuture<>();
        doSend(record, future);
        return future;
    }

    @Override
    public void send(ProducerRecord<K, V> record, Callback callback) {
        doSend(record, Objects.requireNonNull(callback, "callback"));
    }

    private void doSend(ProducerRecord<K, V> record, Object completion) {
        Objects.requireNonNull(record, "record");
        try {
            if (closed.get()) {
                throw new ClientClosedException(
                        "Producer " + clientId + " is closed: cannot send to " + record.topic());
            }
            KafkaException fatal = sender.fatalError();
            if (fatal != null) {
                throw new KafkaException("Producer " + clientId + " cannot send: " + fatal.getMessage(), fatal);
            }
            if (transactions != null) {
                requireOpenTransaction();
            }
            String topic = record.topic();
            // max.block.ms bounds the waits of one send together; the clock is read only once a wait begins.
            long blockDeadlineMs = -1;
            TopicMetadata tm = knownTopic(topic);
            if (tm == null) {
                blockDeadlineMs = time.monotonicMs() + settings.maxBlockMs();
                tm = metadata.awaitTopic(topic, Duration.ofMillis(settings.maxBlockMs()));
            }
            List<Header> headers = record.headers();
            ByteBuffer key = serialize(keySerializer, topic, headers, record.key(), "key");
            ByteBuffer value = serialize(valueSerializer, topic, headers, record.value(), "value");
            int size = upperBoundSize(key, value, headers);
            checkSize(size, topic);
            TopicState state = accumulator.topic(topic);
            if (!state.inMetadataView) {
                // The snapshot may know the topic through another client of shared resources; this producer still
                // needs it refreshed after that client has gone.
                metadata.addTopics(List.of(topic));
                state.inMetadataView = true;
            }
            int partitions = tm.partitions().size();
            int partition;
            if (record.partition() != null) {
                partition = record.partition();
                if (partition >= partitions) {
                    throw new KafkaException("Partition " + partition + " of topic " + topic + " does not exist: the"
                            + " topic has " + partitions + " partitions");
                }
            } else if (key != null && !settings.ignoreKeys()) {
                partition = Murmur2.partition(key, partitions);
            } else {
                partition = state.sticky.partition(size, tm, state.load);
            }
            long timestamp = record.timestamp() != null ? record.timestamp() : time.milliseconds();
            PartitionBuffer buffer = state.partition(partition);
            ProducerBatch started =
                    accumulator.append(buffer, timestamp, key, value, headers, completion, size, blockDeadlineMs);
            if (started != null) {
                closer.helpWithFilled(buffer, started);
            }
        } catch (KafkaException e) {
            ProducerBatch.complete(completion, null, e);
        }
    }

    /** The topic's metadata if it is known and has partitions, else null. */
    private TopicMetadata knownTopic(String topic) {
        TopicMetadata tm = metadata.current().topics().get(topic);
        return tm != null && !tm.partitions().isEmpty() && tm.error() == Errors.NONE ? tm : null;
    }

    private TopicMetadata topicMetadata(String topic) {
        TopicMetadata tm = knownTopic(topic);
        return tm != null ? tm : metadata.awaitTopic(topic, Duration.ofMillis(settings.maxBlockMs()));
    }

    private static <T> ByteBuffer serialize(
            Serializer<T> serializer, String topic, List<Header> headers, T data, String what) {
        try {
            return serializer.serializeToBuffer(topic, headers, data);
        } catch (KafkaException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new KafkaException(
                    "Cannot serialize the " + what + " of a record for " + topic + " with "
                            + serializer.getClass().getName() + ": " + e,
                    e);
        }
    }

    private static int upperBoundSize(ByteBuffer key, ByteBuffer value, List<Header> headers) {
        long size = MAX_RECORD_OVERHEAD + (key == null ? 0 : key.remaining()) + (value == null ? 0 : value.remaining());
        for (Header h : headers) {
            size += 10
                    + 3L * h.key().length()
                    + (h.value() == null ? 0 : h.value().remaining());
        }
        return (int) Math.min(Integer.MAX_VALUE - 1024, size);
    }

    private void checkSize(int recordSize, String topic) {
        long total = recordSize + (long) PartitionBuffer.BATCH_HEADER_SIZE;
        if (total > settings.maxRequestSize()) {
            throw new RecordTooLargeException("The record for " + topic + " is " + total + " bytes when serialized,"
                    + " more than max.request.size (" + settings.maxRequestSize() + "): raise max.request.size (and"
                    + " the topic's max.message.bytes) or send a smaller record");
        }
        if (total > settings.bufferMemory()) {
            throw new RecordTooLargeException("The record for " + topic + " is " + total + " bytes when serialized,"
                    + " more than buffer.memory (" + settings.bufferMemory() + "): raise buffer.memory");
        }
    }

    /** A transactional producer sends only inside a transaction; a failed one only fails. */
    private void requireOpenTransaction() {
        TransactionStateMachine txn = transactions.machine();
        TransactionStateMachine.State state = txn.state();
        if (state == TransactionStateMachine.State.IN_TRANSACTION) {
            return;
        }
        if (txn.error() != null) {
            throw txn.errorForCaller("send()");
        }
        throw new IllegalStateException("Transactional producer " + clientId + " can send only in a transaction (it is "
                + state + "): call initTransactions() once, then beginTransaction()");
    }

    @Override
    public void initTransactions() {
        transactional("initTransactions()", TransactionStateMachine::initTransactions);
    }

    @Override
    public void beginTransaction() {
        transactional("beginTransaction()", txn -> {
            txn.begin(transactions.v2Available());
            return CompletableFuture.completedFuture(null);
        });
    }

    @Override
    public void sendOffsetsToTransaction(Map<TopicPartition, OffsetAndMetadata> offsets, ConsumerGroupMetadata group) {
        Map<TopicPartition, OffsetAndMetadata> copy = Map.copyOf(offsets);
        Objects.requireNonNull(group, "groupMetadata");
        transactional("sendOffsetsToTransaction()", txn -> txn.sendOffsets(copy, group));
    }

    @Override
    public void commitTransaction() {
        transactional("commitTransaction()", TransactionStateMachine::commit);
    }

    @Override
    public void abortTransaction() {
        transactional("abortTransaction()", TransactionStateMachine::abort);
    }

    /**
     * Runs a transactional operation on the sender loop, which owns the transaction state, and waits for its outcome
     * up to {@code max.block.ms}. An operation that times out goes on; calling it again waits for the same one.
     */
    private void transactional(String operation, Function<TransactionStateMachine, CompletableFuture<Void>> op) {
        if (transactions == null) {
            throw new IllegalStateException(operation + " needs a transactional producer: set transactional.id");
        }
        if (closed.get()) {
            throw new ClientClosedException("Producer " + clientId + " is closed: cannot run " + operation);
        }
        if (onOwnThread()) {
            throw new IllegalStateException(operation + " called from a producer callback would wait for itself");
        }
        CompletableFuture<Void> outcome = new CompletableFuture<>();
        try {
            loop.execute(() -> runTransactional(op, outcome));
        } catch (RejectedExecutionException e) {
            throw new ClientClosedException("Producer " + clientId + " closed: cannot run " + operation);
        }
        try {
            outcome.get(settings.maxBlockMs(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaException("Interrupted while waiting for " + operation, e);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new io.kanal.client.errors.TimeoutException(operation + " of transactional producer " + clientId
                    + " did not finish within max.block.ms (" + settings.maxBlockMs() + " ms); call it again to keep"
                    + " waiting");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof KafkaException k) {
                // The machine's error is shared by every caller: each gets its own exception of the same kind.
                throw TransactionErrors.forCaller(
                        k, operation, transactions.machine().transactionalId());
            }
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            throw new KafkaException(operation + " failed: " + cause, cause);
        }
    }

    private void runTransactional(
            Function<TransactionStateMachine, CompletableFuture<Void>> op, CompletableFuture<Void> outcome) {
        try {
            op.apply(transactions.machine()).whenComplete((v, e) -> {
                if (e == null) {
                    outcome.complete(null);
                } else {
                    outcome.completeExceptionally(e);
                }
            });
        } catch (RuntimeException e) {
            outcome.completeExceptionally(e);
        }
    }

    @Override
    public void flush() {
        if (onOwnThread()) {
            throw new KafkaException(
                    "flush() called from a producer callback would wait for itself: call it from" + " another thread");
        }
        accumulator.beginFlush();
        try {
            for (ProducerBatch b : accumulator.incomplete()) {
                b.done.join();
            }
        } finally {
            accumulator.endFlush();
        }
    }

    @Override
    public List<PartitionInfo> partitionsFor(String topic) {
        return topicMetadata(topic).partitions();
    }

    @Override
    public MetricRegistry metrics() {
        return core.metrics();
    }

    @Override
    public void close(Duration timeout) {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        long timeoutMs = Math.max(0, Math.min(timeout.toMillis(), Long.MAX_VALUE / 4));
        long start = time.monotonicMs();
        if (onOwnThread()) {
            // Waiting here would wait for this very thread: close at once instead, as Kafka does, and release the rest
            // once the sender has failed what is left and those callbacks have run.
            sender.forceClose("Producer " + clientId + " was closed from its own callback before the record was sent");
            releaseWhenStopped();
            return;
        }
        sender.initiateClose();
        boolean stopped = awaitTermination(timeoutMs);
        if (!stopped) {
            sender.forceClose(
                    Thread.currentThread().isInterrupted()
                            ? "Producer " + clientId + " closed by an interrupted thread"
                            : "Producer " + clientId + " closed before the record was acknowledged (close timeout of "
                                    + timeoutMs + " ms)");
            stopped = awaitTermination(10_000);
        }
        if (!stopped) {
            // The caller cannot wait (interrupted): the loop finishes on its own, and the rest is released after it.
            releaseWhenStopped();
            return;
        }
        awaitCallbacks(10_000);
        release(Math.max(0, timeoutMs - (time.monotonicMs() - start)));
    }

    /** Whether the caller is this producer's loop or one of its callbacks, where waiting on the producer deadlocks. */
    private boolean onOwnThread() {
        return loop.inLoop() || callbacks.inCallback();
    }

    private boolean awaitTermination(long timeoutMs) {
        try {
            sender.terminated().get(Math.max(1, timeoutMs), TimeUnit.MILLISECONDS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            return false;
        }
    }

    /** Releases the loop, memory and connections once the sender stopped and the callbacks it queued have run. */
    private void releaseWhenStopped() {
        sender.terminated().whenComplete((v, e) -> callbacks.execute(() -> release(0)));
    }

    /** The last callbacks were queued when the sender stopped; let them run before the loop pool can go away. */
    private void awaitCallbacks(long timeoutMs) {
        CompletableFuture<Void> drained = new CompletableFuture<>();
        callbacks.execute(() -> drained.complete(null));
        try {
            drained.get(timeoutMs, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            LOG.warn("[Producer clientId={}] callbacks still running after {} ms; closing anyway", clientId, timeoutMs);
        }
    }

    private void release(long networkTimeoutMs) {
        loop.close();
        accumulator.pool().close();
        core.close(Duration.ofMillis(Math.min(networkTimeoutMs, 5_000)));
        LOG.info("[Producer clientId={}] closed", clientId);
    }

    @Override
    public void close() {
        close(Duration.ofMillis(Long.MAX_VALUE));
    }
}
