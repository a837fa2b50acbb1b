package io.kanal.runtime.worker;

import io.kanal.runtime.membership.group.GenerationListener;
import io.kanal.runtime.membership.group.Leader;
import io.kanal.runtime.membership.protocol.ConnectProtocolCompatibility;
import io.kanal.runtime.store.StoreException;
import io.kanal.runtime.store.kafka.KafkaConfigStore;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who may make the leader's writes to the config topic (KIP-618, with {@code exactly.once.source.support} {@code
 * preparing} or {@code enabled}), as Connect's {@code DistributedHerder} settles it: on every generation the group
 * joins, the config store learns whether this worker leads; a new leader takes the transactional id at once (Connect
 * claims write privileges on assignment), which fences the producer of any earlier leader, and a worker that no
 * longer leads closes its producer. Taking the id blocks on the cluster, so it runs on this class's own thread, never
 * on the group's; a leader's write that comes first takes it itself ({@link KafkaConfigStore}).
 *
 * <p>When a leader's write finds the producer fenced, the store gives leadership for writes up and calls {@link
 * #fenced()}: the worker rejoins its group, and the next generation's assignment says whether it still leads (then it
 * takes the id back, fencing whoever took it) or another worker does. Meanwhile the failed request answers with a
 * retriable error, as Connect's "the request can be safely retried".
 *
 * <p>A worker that loses its membership, or cannot read the config topic up to its assignment, gives leadership for
 * writes up and releases the id ({@link #onNoGeneration}) until a new generation says it leads.
 *
 * <p>{@link #close()} stops taking new work, lets a claim in progress end (it is bounded by the producer's {@code
 * max.block.ms}, the store's timeout) for at most {@code closeWait}, skips the claims not started, and then releases
 * the transactional producer, so that nothing this class started outlives it.
 *
 * <p><b>Threading.</b> {@link #onGeneration} and {@link #onNoGeneration} are called on the group's thread ({@code
 * kanal-group-<worker>}) and do not block; the claims and releases run one at a time on {@code
 * kanal-config-leader-<worker>}, which this object owns; {@link #fenced()} comes from the thread whose leader's write
 * failed (the store thread {@code kanal-store-config}, {@code kanal-session-key-<worker>} or a fencing thread {@code
 * kanal-fencing-<worker>-<n>}); {@link #close()} from the worker's owner, once the group's thread no longer calls.
 */
final class ConfigTopicLeadership implements GenerationListener, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ConfigTopicLeadership.class);

    /** What this class drives of the config store: its leadership flag and the leader's transactional id. */
    interface WritePrivileges {
        /**
         * Whether this worker leads; must not block.
         *
         * @param leads whether it leads
         */
        void leadership(boolean leads);

        /** Takes the transactional id (blocks on the cluster, bounded by the producer's {@code max.block.ms}). */
        void claim();

        /** Closes the transactional producer, if held. */
        void relinquish();

        /**
         * The config store's.
         *
         * @param store the store
         * @return its privileges
         */
        static WritePrivileges of(KafkaConfigStore store) {
            Objects.requireNonNull(store, "store");
            return new WritePrivileges() {
                @Override
                public void leadership(boolean leads) {
                    store.leadership(leads);
                }

                @Override
                public void claim() {
                    store.claimWritePrivileges();
                }

                @Override
                public void relinquish() {
                    store.relinquishWritePrivileges();
                }
            };
        }
    }

    private final WritePrivileges store;
    private final Runnable rejoin;
    private final String workerId;
    private final Duration closeWait;
    private final ExecutorService thread;
    /** Set by {@link #close()}: claims not started yet are skipped. */
    private volatile boolean closed;

    /**
     * @param store the config store whose leader's writes are governed
     * @param rejoin asks the group for a rebalance, without blocking
     * @param workerId this worker, for the thread's name and logs
     * @param closeWait how long {@link #close()} waits for a claim or release in progress
     */
    ConfigTopicLeadership(WritePrivileges store, Runnable rejoin, String workerId, Duration closeWait) {
        this.store = Objects.requireNonNull(store, "store");
        this.rejoin = Objects.requireNonNull(rejoin, "rejoin");
        this.workerId = Objects.requireNonNull(workerId, "workerId");
        this.closeWait = Objects.requireNonNull(closeWait, "closeWait");
        this.thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "kanal-config-leader-" + workerId);
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public void onGeneration(int generation, Leader leader, ConnectProtocolCompatibility protocol) {
        boolean leads = leader.self();
        store.leadership(leads);
        try {
            thread.execute(leads ? () -> claim(generation) : store::relinquish);
        } catch (RejectedExecutionException e) {
            LOG.debug("Worker {}: stopping, no config-topic claim for generation {}", workerId, generation);
        }
    }

    @Override
    public void onNoGeneration(int generation) {
        // lost membership, or an assignment it could not use: not the leader until a new generation says so
        store.leadership(false);
        try {
            thread.execute(store::relinquish);
        } catch (RejectedExecutionException e) {
            LOG.debug("Worker {}: stopping, no config-topic release after generation {}", workerId, generation);
        }
    }

    private void claim(int generation) {
        if (closed) {
            return; // stopping: a claim now would take the id only to release it
        }
        try {
            store.claim();
        } catch (StoreException e) {
            // Connect logs and retries on a later tick; here the next leader's write takes the id itself.
            LOG.warn(
                    "Worker {}: leader of generation {}, but could not take the config topic's transactional id yet;"
                            + " the next leader's write tries again: {}",
                    workerId,
                    generation,
                    e.getMessage());
        }
    }

    /** A leader's write found this worker fenced out of the config topic: rejoin, to learn who leads now. */
    void fenced() {
        LOG.warn("Worker {}: fenced out of the config topic as leader; rejoining the group", workerId);
        rejoin.run();
    }

    /**
     * Takes no more work, waits at most {@code closeWait} for a claim or release in progress (claims not started are
     * skipped), interrupts it if it is still running, and releases the transactional producer.
     */
    @Override
    public void close() {
        closed = true;
        thread.shutdown();
        try {
            if (!thread.awaitTermination(closeWait.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn(
                        "Worker {}: a claim of the config topic's transactional id did not end within {} ms of stopping;"
                                + " interrupting it",
                        workerId,
                        closeWait.toMillis());
                thread.shutdownNow();
                if (!thread.awaitTermination(closeWait.toMillis(), TimeUnit.MILLISECONDS)) {
                    LOG.warn("Worker {}: the interrupted claim has not ended; releasing the id anyway", workerId);
                }
            }
        } catch (InterruptedException e) {
            thread.shutdownNow();
            Thread.currentThread().interrupt();
        }
        // A claim that ended meanwhile may hold the producer: nothing of this worker's leadership outlives it.
        store.relinquish();
    }
}
