package io.kanal.runtime.store.kafka;

import io.kanal.runtime.store.StoreException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The leader's transactional writes to the config topic (KIP-618, with {@code exactly.once.source.support} {@code
 * preparing} or {@code enabled}): the writes {@link LeaderWriteRules} names the leader's go through one {@link
 * TransactionalConfigWriter}, one transaction each, and only while {@link #leadership} says this worker leads. The
 * worker takes the id when it is elected ({@link #claim()}), which fences a zombie leader.
 *
 * <p>A write that fails gives leadership for writes up (until the next generation says otherwise), so that a worker
 * that may have lost its place never claims the id again on its own (which would fence the real leader), and tells
 * {@code onFenced} (the worker rejoins its group):
 *
 * <ul>
 *   <li>fenced (another worker took the id): a retriable {@link NotConfigLeaderException}; nothing was committed;
 *   <li>any other failure before the commit, or a commit the broker refused: the writer's error; nothing was committed;
 *   <li>a commit that timed out: {@link ConfigWriteOutcomeUnknownException}, as the commit may have landed; the topic is
 *       read to its end first, so that what this worker decides next (as a leader again or as a follower) starts from
 *       what the topic holds, the commit included if it landed.
 * </ul>
 *
 * <p><b>Threading.</b> {@link #leadership} is called on the group's thread ({@code kanal-group-<worker>}) and only sets
 * a volatile flag; {@link #leadsForWrites()} reads it from any thread. Everything else runs under the {@link
 * KafkaConfigStore}'s monitor, from the threads that write the config topic or claim its id: the worker's store thread
 * ({@code kanal-store-config}: connector and task configs, restart requests), {@code kanal-session-key-<worker>}
 * (session keys), {@code kanal-fencing-<worker>-<n>} (task-count records) and {@code kanal-config-leader-<worker>}
 * (claims and releases); {@link #close()} from the worker's owner once those have stopped.
 */
final class LeaderConfigWrites implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LeaderConfigWrites.class);

    private final String topic;
    private final String groupId;
    private final TransactionalConfigWriter writer;
    private final ConfigRecordCodec codec;
    private final Runnable onFenced;
    private final Runnable readToEnd;

    /** Whether this worker leads its group's current generation and no leader's write failed since. */
    private volatile boolean leader;

    /**
     * @param topic the config topic, for messages
     * @param groupId the worker group, for messages
     * @param writer the transactional producer
     * @param codec encodes the records
     * @param onFenced told, without blocking, when a write failed (the worker rejoins its group)
     * @param readToEnd reads the config topic to its end (bounded by the store's timeout)
     */
    LeaderConfigWrites(
            String topic,
            String groupId,
            TransactionalConfigWriter writer,
            ConfigRecordCodec codec,
            Runnable onFenced,
            Runnable readToEnd) {
        this.topic = Objects.requireNonNull(topic, "topic");
        this.groupId = Objects.requireNonNull(groupId, "groupId");
        this.writer = Objects.requireNonNull(writer, "writer");
        this.codec = Objects.requireNonNull(codec, "codec");
        this.onFenced = Objects.requireNonNull(onFenced, "onFenced");
        this.readToEnd = Objects.requireNonNull(readToEnd, "readToEnd");
    }

    /**
     * Whether this worker leads its group's current generation. Does not block.
     *
     * @param leads whether this worker is the leader
     */
    void leadership(boolean leads) {
        leader = leads;
    }

    /**
     * Whether this worker may make the leader's writes now.
     *
     * @return true when the last generation said it leads and no write failed since
     */
    boolean leadsForWrites() {
        return leader;
    }

    /** Takes the transactional id unless held, only while leading; fences an earlier holder. */
    void claim() {
        if (leader) {
            writer.claim();
        }
    }

    /** Closes the producer, if held. */
    void relinquish() {
        writer.release();
    }

    /**
     * Whether the producer is held.
     *
     * @return true when held
     */
    boolean held() {
        return writer.held();
    }

    /**
     * How a write of these records goes.
     *
     * @param records the records of one write
     * @return the decision
     */
    LeaderWriteRules.Decision decide(List<ConfigRecord> records) {
        return LeaderWriteRules.decide(true, LeaderWriteRules.privileged(records), writer.held(), leader);
    }

    /**
     * The error of a leader's write on a worker that does not lead.
     *
     * @param what what was to be written
     * @return the error
     */
    NotConfigLeaderException refused(String what) {
        return new NotConfigLeaderException("This worker is not the leader of group '" + groupId
                + "' (or gave leadership up after a failed write), so it may not write " + what + " to topic '" + topic
                + "' (exactly.once.source.support makes those writes the leader's); retry the request once the group"
                + " has rebalanced");
    }

    /**
     * Takes the id if needed and writes the records in one transaction.
     *
     * @param what what is written, for messages
     * @param records the records, in order
     * @return the offset of the last record written
     * @throws NotConfigLeaderException when fenced
     * @throws ConfigWriteOutcomeUnknownException when the commit timed out
     * @throws StoreException when the id could not be taken or the write failed otherwise
     */
    long write(String what, List<ConfigRecord> records) {
        writer.claim();
        List<TransactionalConfigWriter.KeyValue> kvs = new ArrayList<>(records.size());
        for (ConfigRecord record : records) {
            kvs.add(new TransactionalConfigWriter.KeyValue(
                    record.key().getBytes(StandardCharsets.UTF_8), codec.encodeValue(record)));
        }
        try {
            return writer.write(what, kvs);
        } catch (TransactionalConfigWriter.WriteFailedException | ConfigWriteOutcomeUnknownException e) {
            throw writeFailed(what, e);
        }
    }

    /**
     * After a failed transactional write (the writer released the id): leadership for writes is given up, the topic is
     * read to its end when the outcome is unknown, and the worker rejoins.
     *
     * @param what what was written
     * @param e the failure: a {@link TransactionalConfigWriter.WriteFailedException} or a {@link
     *     ConfigWriteOutcomeUnknownException}
     * @return what to throw: {@link NotConfigLeaderException} when fenced, else the failure
     */
    RuntimeException writeFailed(String what, StoreException e) {
        leader = false;
        boolean fenced = e instanceof TransactionalConfigWriter.WriteFailedException w && w.fenced();
        boolean unknown = e instanceof ConfigWriteOutcomeUnknownException;
        LOG.warn(
                "{} config topic '{}' while writing {}; giving up leadership for writes and rejoining the group",
                fenced ? "Fenced out of" : unknown ? "Commit outcome unknown on" : "Transactional write failed on",
                topic,
                what);
        if (unknown) {
            // The commit may have landed: nothing is decided from this worker's view until it has read it.
            try {
                readToEnd.run();
            } catch (StoreException readFailure) {
                e.addSuppressed(readFailure);
            }
        }
        onFenced.run();
        return fenced ? new NotConfigLeaderException(e.getMessage(), e) : e;
    }

    /** Closes the producer, if held. */
    @Override
    public void close() {
        writer.close();
    }
}
