package io.kanal.runtime.worker;

import io.kanal.runtime.membership.group.GenerationListener;
import io.kanal.runtime.membership.group.Leader;
import io.kanal.runtime.membership.protocol.ConnectProtocolCompatibility;
import io.kanal.runtime.store.StoreException;
import io.kanal.runtime.store.kafka.KafkaConfigStore;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
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
 * <p><b>Threading.</b> {@link #onGeneration} and {@link #onNoGeneration} are called on the group's thread and does not block; the claims and
 * releases run one at a time on {@code kanal-config-leader-<worker>}; {@link #fenced()} comes from the store's
 * writer thread.
 */
final class ConfigTopicLeadership implements GenerationListener, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ConfigTopicLeadership.class);

    private final KafkaConfigStore store;
    private final Runnable rejoin;
    private final String workerId;
    private final ExecutorService thread;

    /**
     * @param store the config store whose leader's writes are governed
     * @param rejoin asks the group for a rebalance, without blocking
     * @param workerId this worker, for the thread's name and logs
     */
    ConfigTopicLeadership(KafkaConfigStore store, Runnable rejoin, String workerId) {
        this.store = Objects.requireNonNull(store, "store");
        this.rejoin = Objects.requireNonNull(rejoin, "rejoin");
        this.workerId = Objects.requireNonNull(workerId, "workerId");
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
            thread.execute(leads ? () -> claim(generation) : store::relinquishWritePrivileges);
        } catch (RejectedExecutionException e) {
            LOG.debug("Worker {}: stopping, no config-topic claim for generation {}", workerId, generation);
        }
    }

    @Override
    public void onNoGeneration(int generation) {
        // lost membership, or an assignment it could not use: not the leader until a new generation says so
        store.leadership(false);
        try {
            thread.execute(store::relinquishWritePrivileges);
        } catch (RejectedExecutionException e) {
            LOG.debug("Worker {}: stopping, no config-topic release after generation {}", workerId, generation);
        }
    }

    private void claim(int generation) {
        try {
            store.claimWritePrivileges();
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

    /** Stops the claim thread; the store closes its producer itself. */
    @Override
    public void close() {
        thread.shutdownNow();
    }
}
