package io.kanal.runtime.store.kafka;

import io.kanal.client.errors.KafkaException;
import io.kanal.client.errors.ProducerFencedException;
import io.kanal.client.errors.TimeoutException;
import io.kanal.client.producer.Producer;
import io.kanal.client.producer.ProducerRecord;
import io.kanal.client.producer.RecordMetadata;
import io.kanal.client.resource.ClientResources;
import io.kanal.client.serialization.ByteArraySerializer;
import io.kanal.runtime.store.StoreException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The leader's transactional producer of the config topic (KIP-618, Connect's "fencable producer"): {@link #claim()}
 * creates it with {@code transactional.id} {@link LeaderWriteRules#transactionalId connect-cluster-<group.id>} and
 * initialises it, which fences every earlier holder of the id (a zombie leader) and aborts what it left open; {@link
 * #write} commits one write's records in one transaction. When a transaction fails, the producer is closed: a fenced
 * producer can never write again, and a new one must be claimed. A commit that timed out (the {@code EndTxn} request
 * got no answer in time) may have landed: it fails with {@link ConfigWriteOutcomeUnknownException}, never with "nothing
 * was committed".
 *
 * <p><b>Threading.</b> Not thread-safe: owned by {@link LeaderConfigWrites}, which {@link KafkaConfigStore} calls under
 * its monitor only (from the threads its Javadoc names).
 */
final class TransactionalConfigWriter implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TransactionalConfigWriter.class);

    /** One record to write. */
    record KeyValue(byte[] key, byte[] value) {}

    /** A transaction of this producer failed; it is closed. */
    static final class WriteFailedException extends StoreException {
        private static final long serialVersionUID = 1L;
        private final boolean fenced;

        WriteFailedException(String message, boolean fenced, Throwable cause) {
            super(message, cause);
            this.fenced = fenced;
        }

        /**
         * Whether another producer took the transactional id.
         *
         * @return true when this worker was fenced out of the config topic
         */
        boolean fenced() {
            return fenced;
        }
    }

    private final String topic;
    private final String transactionalId;
    private final Map<String, Object> settings;
    private final Function<Map<String, Object>, Producer<byte[], byte[]>> producers;
    private Producer<byte[], byte[]> producer;

    /**
     * Describes the producer; nothing happens until {@link #claim()}.
     *
     * @param topic the config topic
     * @param groupId the worker group, which names the transactional id
     * @param clientProperties the internal clients' settings
     * @param clientId the producer's {@code client.id}
     * @param resources the shared client resources; null for private ones
     * @param timeout how long initialising or committing may block
     */
    TransactionalConfigWriter(
            String topic,
            String groupId,
            Map<String, Object> clientProperties,
            String clientId,
            ClientResources resources,
            Duration timeout) {
        this(
                topic,
                groupId,
                clientProperties,
                clientId,
                timeout,
                s -> Producer.create(s, new ByteArraySerializer(), new ByteArraySerializer(), resources));
    }

    /**
     * Describes the producer, made by the given factory (tests use a scripted one).
     *
     * @param topic the config topic
     * @param groupId the worker group, which names the transactional id
     * @param clientProperties the internal clients' settings
     * @param clientId the producer's {@code client.id}
     * @param timeout how long initialising or committing may block
     * @param producers makes the producer from its settings, at each {@link #claim()}
     */
    TransactionalConfigWriter(
            String topic,
            String groupId,
            Map<String, Object> clientProperties,
            String clientId,
            Duration timeout,
            Function<Map<String, Object>, Producer<byte[], byte[]>> producers) {
        this.topic = Objects.requireNonNull(topic, "topic");
        this.transactionalId = LeaderWriteRules.transactionalId(groupId);
        this.producers = Objects.requireNonNull(producers, "producers");
        Map<String, Object> s = new HashMap<>(clientProperties);
        s.put("client.id", clientId);
        s.put("transactional.id", transactionalId);
        s.put("enable.idempotence", "true");
        s.put("acks", "all");
        s.put("max.block.ms", Long.toString(timeout.toMillis()));
        this.settings = Map.copyOf(s);
    }

    /**
     * The transactional id.
     *
     * @return {@code connect-cluster-<group.id>}
     */
    String transactionalId() {
        return transactionalId;
    }

    /**
     * Whether this worker holds the producer.
     *
     * @return true between a successful {@link #claim()} and a failed write or {@link #release()}
     */
    boolean held() {
        return producer != null;
    }

    /**
     * Takes the transactional id, unless already held: creates the producer and initialises its transactions, which
     * fences the previous holder.
     *
     * @throws StoreException when the id cannot be taken (not authorized, the cluster unreachable)
     */
    void claim() {
        if (producer != null) {
            return;
        }
        Producer<byte[], byte[]> p = producers.apply(settings);
        try {
            p.initTransactions();
        } catch (KafkaException e) {
            p.close(Duration.ZERO);
            throw new StoreException(
                    "Could not take the transactional id '" + transactionalId + "' for the leader's writes to topic '"
                            + topic + "': " + e.getMessage(),
                    e);
        }
        producer = p;
        LOG.info(
                "Took transactional id '{}' for the leader's writes to config topic '{}'; an earlier holder is fenced",
                transactionalId,
                topic);
    }

    /**
     * Writes the records in one transaction, and waits for its commit.
     *
     * @param what what is written, for messages
     * @param records the records, in order; at least one
     * @return the offset of the last record
     * @throws IllegalStateException when the producer is not held
     * @throws WriteFailedException when the transaction did not commit; the producer is then released
     * @throws ConfigWriteOutcomeUnknownException when the commit timed out, so may or may not have landed; the producer
     *     is then released
     */
    long write(String what, List<KeyValue> records) {
        Producer<byte[], byte[]> p = producer;
        if (p == null) {
            throw new IllegalStateException("the transactional id '" + transactionalId + "' is not held");
        }
        boolean committing = false;
        try {
            p.beginTransaction();
            CompletableFuture<RecordMetadata> last = null;
            for (KeyValue r : records) {
                last = p.send(ProducerRecord.of(topic, r.key(), r.value()));
            }
            committing = true;
            p.commitTransaction();
            // the commit waited for every record: the future is complete
            return Objects.requireNonNull(last, "no records").join().offset();
        } catch (TimeoutException e) {
            release();
            if (committing) {
                // EndTxn went out and got no answer: the coordinator may have written the commit markers already
                throw new ConfigWriteOutcomeUnknownException(
                        "The commit of " + what + " to topic '" + topic + "' in a transaction of '" + transactionalId
                                + "' timed out: its outcome is unknown, it may or may not have been committed. The"
                                + " worker gives up leadership for writes, reads the topic to its end and rejoins its"
                                + " group; check the state before retrying the request.",
                        e);
            }
            throw notCommitted(what, e);
        } catch (KafkaException | IllegalStateException | CompletionException e) {
            release();
            throw notCommitted(what, e);
        }
    }

    private WriteFailedException notCommitted(String what, RuntimeException e) {
        boolean fenced = fencedBy(e);
        return new WriteFailedException(
                fenced
                        ? "This worker's transactional producer '" + transactionalId + "' was fenced out of config"
                                + " topic '" + topic + "' by a newer holder of the id (another leader), so " + what
                                + " was not written. The worker gives up leadership for writes and rejoins its"
                                + " group; if it is still the leader, it takes the id back. Retry the request."
                        : "Could not write " + what + " to topic '" + topic + "' in a transaction of '"
                                + transactionalId + "': " + e.getMessage()
                                + ". Nothing of it was committed; retry the request.",
                fenced,
                e);
    }

    private static boolean fencedBy(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof ProducerFencedException) {
                return true;
            }
        }
        return false;
    }

    /** Closes the producer, if held; an open transaction is left to the next holder, whose claim aborts it. */
    void release() {
        Producer<byte[], byte[]> p = producer;
        producer = null;
        if (p != null) {
            try {
                p.close(Duration.ZERO);
            } catch (KafkaException e) {
                LOG.debug("Closing the transactional producer '{}' failed", transactionalId, e);
            }
            LOG.info("Released transactional id '{}' of config topic '{}'", transactionalId, topic);
        }
    }

    @Override
    public void close() {
        release();
    }
}
