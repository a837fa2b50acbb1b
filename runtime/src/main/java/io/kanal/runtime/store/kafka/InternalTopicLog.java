package io.kanal.runtime.store.kafka;

import io.kanal.client.TopicPartition;
import io.kanal.client.admin.AdminClient;
import io.kanal.client.consumer.Consumer;
import io.kanal.client.consumer.ConsumerRecord;
import io.kanal.client.errors.KafkaException;
import io.kanal.client.errors.WakeupException;
import io.kanal.client.producer.Producer;
import io.kanal.client.producer.ProducerRecord;
import io.kanal.client.producer.RecordMetadata;
import io.kanal.client.resource.ClientResources;
import io.kanal.client.serialization.ByteArrayDeserializer;
import io.kanal.client.serialization.ByteArraySerializer;
import io.kanal.runtime.store.StoreException;
import io.kanal.runtime.store.kafka.KafkaStoreSettings.TopicSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One of Connect's internal topics, read whole and then tailed (Connect's {@code KafkaBasedLog}): {@link #start()}
 * creates the topic when missing (compacted), assigns every partition to a consumer without a group, reads from the
 * beginning to the end, then starts the tail thread {@code kanal-store-<topic>}, which hands every later record to
 * the {@link RecordHandler}. Writes go through an idempotent producer ({@code acks=all}).
 *
 * <p><b>Threading.</b> The consumer and the handler belong to the thread that calls {@link #start()} until it returns
 * and to the tail thread after that (the thread start orders the two); the handler is therefore called on one thread
 * at a time and must not block on this log (never {@link #readToEnd} from the handler: it would wait for itself).
 * {@link #send}, {@link #readToEnd} and {@link #close()} may be called from any thread; other threads talk to the
 * tail thread through a queue of read-to-end requests and {@link Consumer#wakeup()}.
 */
public final class InternalTopicLog implements AutoCloseable {

    /** Receives the topic's records, in offset order per partition. */
    @FunctionalInterface
    public interface RecordHandler {
        /**
         * One record of the topic.
         *
         * @param record the record; key and value may be null
         */
        void record(ConsumerRecord<byte[], byte[]> record);
    }

    private static final Logger LOG = LoggerFactory.getLogger(InternalTopicLog.class);
    private static final Duration POLL = Duration.ofSeconds(1);
    private static final Duration RETRY_BACKOFF = Duration.ofSeconds(1);

    private final String property;
    private final TopicSettings topic;
    private final boolean singlePartition;
    private final Map<String, Object> clientProperties;
    private final String clientId;
    private final ClientResources resources;
    private final RecordHandler handler;
    private final Duration timeout;
    /** Read-to-end requests not yet seen by the tail thread. */
    private final ConcurrentLinkedQueue<CompletableFuture<Void>> requests = new ConcurrentLinkedQueue<>();

    private volatile Producer<byte[], byte[]> producer;
    private volatile Consumer<byte[], byte[]> consumer;
    private volatile Thread tail;
    private volatile boolean closing;
    private List<TopicPartition> partitions = List.of();

    /**
     * Describes the log; nothing happens until {@link #start()}.
     *
     * @param property the worker property naming the topic ({@code config.storage.topic} ...), for messages
     * @param topic the topic and how to create it
     * @param singlePartition whether the topic must have one partition (the config topic)
     * @param clientProperties settings of the internal clients, {@code bootstrap.servers} included
     * @param clientId the clients' {@code client.id}
     * @param resources the shared client resources, owned by the caller; null for private ones
     * @param handler receives every record
     * @param timeout how long admin calls and acknowledgements may take
     */
    public InternalTopicLog(
            String property,
            TopicSettings topic,
            boolean singlePartition,
            Map<String, Object> clientProperties,
            String clientId,
            ClientResources resources,
            RecordHandler handler,
            Duration timeout) {
        this.property = Objects.requireNonNull(property, "property");
        this.topic = Objects.requireNonNull(topic, "topic");
        this.singlePartition = singlePartition;
        this.clientProperties = Map.copyOf(clientProperties);
        this.clientId = Objects.requireNonNull(clientId, "clientId");
        this.resources = resources;
        this.handler = Objects.requireNonNull(handler, "handler");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    /**
     * The topic's name.
     *
     * @return the name
     */
    public String topic() {
        return topic.name();
    }

    /**
     * Creates or checks the topic, reads it to its end (calling the handler on this thread), then starts the tail
     * thread.
     *
     * @throws StoreException when the topic cannot be created, is not compacted, or cannot be read
     */
    public void start() {
        if (tail != null) {
            throw new IllegalStateException("the log of topic '" + topic.name() + "' is already started");
        }
        Map<String, Object> adminSettings = new LinkedHashMap<>(clientProperties);
        adminSettings.put("client.id", clientId + "-admin");
        int count;
        try (AdminClient admin = AdminClient.create(adminSettings, resources)) {
            count = InternalTopics.ensure(admin, property, topic, singlePartition, timeout);
        }
        List<TopicPartition> all = new ArrayList<>(count);
        for (int p = 0; p < count; p++) {
            all.add(new TopicPartition(topic.name(), p));
        }
        partitions = List.copyOf(all);
        producer = Producer.create(producerSettings(), new ByteArraySerializer(), new ByteArraySerializer(), resources);
        consumer = Consumer.create(
                consumerSettings(), new ByteArrayDeserializer(), new ByteArrayDeserializer(), resources);
        try {
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
            long records = 0;
            while (!reached(end)) {
                records += deliver();
            }
            LOG.info("Read {} records of topic '{}' ({}) to its end", records, topic.name(), property);
        } catch (KafkaException e) {
            closeClients();
            throw new StoreException(
                    "Could not read topic '" + topic.name() + "' (" + property + "): " + e.getMessage(), e);
        }
        Thread thread = new Thread(this::tailLoop, "kanal-store-" + topic.name());
        thread.setDaemon(true);
        tail = thread;
        thread.start();
    }

    /**
     * Writes a record.
     *
     * @param key the key bytes
     * @param value the value bytes; null for a tombstone
     * @return completes once the broker acknowledged the record, exceptionally with the client's exception
     */
    public CompletableFuture<RecordMetadata> send(byte[] key, byte[] value) {
        Producer<byte[], byte[]> p = producer;
        if (p == null || closing) {
            return CompletableFuture.failedFuture(
                    new StoreException("The log of topic '" + topic.name() + "' is not running"));
        }
        return p.send(ProducerRecord.of(topic.name(), key, value));
    }

    /**
     * Waits until the tail thread has handed every record to the handler that was in the topic when the tail thread
     * took the request (at or after this call): the end offsets are read after the call, so every write acknowledged
     * before it is included.
     *
     * @param wait the longest wait
     * @throws StoreException on timeout, when the end offsets cannot be read, or when the log closes
     * @throws IllegalStateException when called from the tail thread (it would wait for itself) or before start
     */
    public void readToEnd(Duration wait) {
        if (Thread.currentThread() == tail) {
            throw new IllegalStateException("readToEnd called from the tail thread of topic '" + topic.name() + "'");
        }
        Consumer<byte[], byte[]> c = consumer;
        if (tail == null || c == null) {
            throw new IllegalStateException("the log of topic '" + topic.name() + "' is not started");
        }
        CompletableFuture<Void> request = new CompletableFuture<>();
        requests.add(request);
        if (closing) {
            request.completeExceptionally(closed());
        }
        c.wakeup();
        try {
            request.get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("Interrupted while reading topic '" + topic.name() + "' to its end", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw new StoreException(
                    "Could not read topic '" + topic.name() + "' to its end: " + cause.getMessage(), cause);
        } catch (java.util.concurrent.TimeoutException e) {
            request.cancel(false);
            throw new StoreException(
                    "Timed out after " + wait.toMillis() + " ms reading topic '" + topic.name() + "' to its end", e);
        }
    }

    /** Stops the tail thread, waits for it, and closes the clients. Idempotent. */
    @Override
    public void close() {
        closing = true;
        Consumer<byte[], byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        Thread t = tail;
        if (t != null && t != Thread.currentThread()) {
            LockSupport.unpark(t);
            try {
                t.join(timeout.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (t.isAlive()) {
                LOG.warn("The tail thread of topic '{}' did not stop within {} ms", topic.name(), timeout.toMillis());
                return; // it still owns the consumer: closing it under the thread would race
            }
        }
        closeClients();
    }

    private synchronized void closeClients() {
        Producer<byte[], byte[]> p = producer;
        producer = null;
        if (p != null) {
            p.close(timeout);
        }
        Consumer<byte[], byte[]> c = consumer;
        consumer = null;
        if (c != null) {
            c.close(Duration.ZERO);
        }
        StoreException closed = closed();
        for (CompletableFuture<Void> r; (r = requests.poll()) != null; ) {
            r.completeExceptionally(closed);
        }
    }

    private StoreException closed() {
        return new StoreException("The log of topic '" + topic.name() + "' is closed");
    }

    /** The tail thread: serves read-to-end requests and delivers records until closed. */
    private void tailLoop() {
        List<Pending> waiting = new ArrayList<>();
        List<CompletableFuture<Void>> unserved = new ArrayList<>();
        while (!closing) {
            try {
                for (CompletableFuture<Void> r; (r = requests.poll()) != null; ) {
                    unserved.add(r);
                }
                unserved.removeIf(CompletableFuture::isDone);
                if (!unserved.isEmpty()) {
                    // one end-offsets call serves every request that arrived since the last one
                    Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
                    for (CompletableFuture<Void> r : unserved) {
                        waiting.add(new Pending(r, end));
                    }
                    unserved.clear();
                }
                completeReached(waiting);
                deliver();
                completeReached(waiting);
            } catch (WakeupException e) {
                // a new request or close: loop around
            } catch (KafkaException e) {
                StoreException failure = new StoreException(
                        "Could not read topic '" + topic.name() + "' to its end: " + e.getMessage(), e);
                LOG.warn("Reading topic '{}' ({}) failed; retrying: {}", topic.name(), property, e.getMessage());
                unserved.forEach(r -> r.completeExceptionally(failure));
                unserved.clear();
                waiting.forEach(p -> p.future().completeExceptionally(failure));
                waiting.clear();
                backOff();
            } catch (RuntimeException e) {
                // the tail thread must not die: every later write of every worker would go unseen
                LOG.error("Unexpected failure in the tail thread of topic '{}' ({})", topic.name(), property, e);
                backOff();
            }
        }
        StoreException closed = closed();
        unserved.forEach(r -> r.completeExceptionally(closed));
        waiting.forEach(p -> p.future().completeExceptionally(closed));
    }

    /** After a failure, so that a broken cluster does not make the loop spin; {@link #close()} cuts it short. */
    private void backOff() {
        if (!closing) {
            LockSupport.parkNanos(this, RETRY_BACKOFF.toNanos());
        }
    }

    private record Pending(CompletableFuture<Void> future, Map<TopicPartition, Long> end) {}

    private void completeReached(List<Pending> waiting) {
        for (Iterator<Pending> it = waiting.iterator(); it.hasNext(); ) {
            Pending p = it.next();
            if (p.future().isDone()) {
                it.remove();
            } else if (reached(p.end())) {
                p.future().complete(null);
                it.remove();
            }
        }
    }

    private boolean reached(Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (consumer.position(e.getKey(), timeout) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    /** One poll; every record goes to the handler, whose failures are logged and never stop the reading. */
    private int deliver() {
        int count = 0;
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
            count++;
            try {
                handler.record(record);
            } catch (RuntimeException e) {
                LOG.error(
                        "Handling record {} of topic '{}' partition {} failed; skipped",
                        record.offset(),
                        topic.name(),
                        record.partition(),
                        e);
            }
        }
        return count;
    }

    private Map<String, Object> producerSettings() {
        Map<String, Object> settings = new HashMap<>(clientProperties);
        settings.put("client.id", clientId);
        settings.put("enable.idempotence", "true");
        settings.put("acks", "all");
        return settings;
    }

    private Map<String, Object> consumerSettings() {
        Map<String, Object> settings = new HashMap<>(clientProperties);
        settings.put("client.id", clientId);
        settings.put("enable.auto.commit", "false");
        settings.put("auto.offset.reset", "earliest");
        // Exactly-once source tasks write offsets in transactions (KIP-618): only committed ones count. Records
        // written without a transaction are read as soon as they are acknowledged, as before.
        settings.put("isolation.level", "read_committed");
        return settings;
    }
}
