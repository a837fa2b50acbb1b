package io.kanal.runtime.worker;

import io.kanal.runtime.api.ClusterRouting;
import io.kanal.runtime.herder.Assignment;
import io.kanal.runtime.herder.HerderActions;
import io.kanal.runtime.invoke.Owner;
import io.kanal.runtime.membership.group.GenerationListener;
import io.kanal.runtime.membership.group.Leader;
import io.kanal.runtime.membership.protocol.ConnectProtocolCompatibility;
import io.kanal.runtime.store.kafka.KafkaConfigStore;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * A distributed worker's part in exactly-once source support (KIP-618), in one place: who makes the leader's writes to
 * the config topic on every generation ({@link ConfigTopicLeadership}, with {@code exactly.once.source.support} {@code
 * preparing} or {@code enabled}: the store decides whether its writes are transactional), and, with {@code enabled},
 * the zombie fencing of the internal {@code PUT /connectors/<c>/fence} and of this worker's exactly-once tasks ({@link
 * ExactlyOnceFencing}); without it the endpoint fences nothing and tasks take no steps.
 *
 * <p><b>Threading.</b> {@link #onGeneration} and {@link #onNoGeneration} on the group's thread ({@code
 * kanal-group-<worker>}); {@link #fenced()} on the thread whose leader's write failed; {@link #recording}'s actions on
 * the herder's thread; {@link #forTask} on the thread that builds a task; {@link #fenceZombies} on REST threads;
 * {@link #close()} by the worker's owner. Holds no state of its own; its parts guard theirs.
 */
final class DistributedExactlyOnce implements GenerationListener, TaskFencing, AutoCloseable {

    private final ConfigTopicLeadership leadership;
    private final ExactlyOnceFencing fencing; // null unless exactly.once.source.support=enabled

    /**
     * @param leadership who makes the leader's writes
     * @param fencing the zombie fencing; null unless {@code exactly.once.source.support=enabled}
     */
    private DistributedExactlyOnce(ConfigTopicLeadership leadership, ExactlyOnceFencing fencing) {
        this.leadership = Objects.requireNonNull(leadership, "leadership");
        this.fencing = fencing;
    }

    /**
     * Assembles the parts.
     *
     * @param store the config topic
     * @param cluster the calls a fencing round makes; used only with {@code transactionalTasks}
     * @param transactionalTasks whether {@code exactly.once.source.support=enabled}
     * @param groupId the cluster's {@code group.id}
     * @param workerId this worker, for thread names and logs
     * @param rejoin asks the group for a rebalance, without blocking
     * @param routing leader, session key and signing, asked on every attempt
     * @param algorithm {@code inter.worker.signature.algorithm}
     * @param budget how long a task waits for its round, and a round may take (the REST request budget)
     * @param storeTimeout the store's timeout, which bounds a claim of the leader's transactional id
     * @param owned what this worker runs now
     * @return the parts
     */
    static DistributedExactlyOnce create(
            KafkaConfigStore store,
            ZombieFencing.Cluster cluster,
            boolean transactionalTasks,
            String groupId,
            String workerId,
            Runnable rejoin,
            Supplier<ClusterRouting> routing,
            String algorithm,
            Duration budget,
            Duration storeTimeout,
            Supplier<Assignment> owned) {
        ConfigTopicLeadership leadership = new ConfigTopicLeadership(
                ConfigTopicLeadership.WritePrivileges.of(store), rejoin, workerId, storeTimeout);
        ExactlyOnceFencing fencing = transactionalTasks
                ? new ExactlyOnceFencing(cluster, () -> groupId, workerId, routing, algorithm, budget, owned)
                : null;
        return new DistributedExactlyOnce(leadership, fencing);
    }

    @Override
    public void onGeneration(int generation, Leader leader, ConnectProtocolCompatibility protocol) {
        leadership.onGeneration(generation, leader, protocol);
    }

    @Override
    public void onNoGeneration(int generation) {
        leadership.onNoGeneration(generation);
    }

    /** A leader's write found this worker fenced out of the config topic (or failed): rejoin, to learn who leads. */
    void fenced() {
        leadership.fenced();
    }

    /**
     * The herder's actions, noting the task-config generation of every task it starts (with zombie fencing).
     *
     * @param actions the worker's actions
     * @return the actions to give the herder
     */
    HerderActions recording(HerderActions actions) {
        return fencing == null ? actions : fencing.recording(actions);
    }

    /**
     * Runs a round for the internal {@code PUT /connectors/<c>/fence}; nothing without zombie fencing.
     *
     * @param connector the connector
     * @return completed when the round ended; see {@link ExactlyOnceFencing#fenceZombies}
     */
    CompletableFuture<Void> fenceZombies(String connector) {
        return fencing == null ? CompletableFuture.completedFuture(null) : fencing.fenceZombies(connector);
    }

    @Override
    public Steps forTask(Owner owner) {
        return (fencing == null ? TaskFencing.NONE : fencing).forTask(owner);
    }

    /** Stops the claims (releasing the leader's producer), then the rounds, each waiting (bounded) for its work. */
    @Override
    public void close() {
        leadership.close();
        if (fencing != null) {
            fencing.close(); // waits for a running round: it uses the clients and the store the worker closes next
        }
    }
}
