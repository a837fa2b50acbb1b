package io.kanal.runtime.membership.group;

import io.kanal.client.errors.KafkaException;
import io.kanal.client.errors.ProtocolException;
import io.kanal.client.group.GroupProtocol;
import io.kanal.client.group.MemberAssignment;
import io.kanal.client.group.MemberMetadata;
import io.kanal.client.group.ProtocolMetadata;
import io.kanal.runtime.herder.Assignment;
import io.kanal.runtime.herder.ConnectorTaskId;
import io.kanal.runtime.herder.HerderEvent;
import io.kanal.runtime.membership.protocol.ConnectAssignment;
import io.kanal.runtime.membership.protocol.ConnectProtocolCodec;
import io.kanal.runtime.membership.protocol.ConnectProtocolCompatibility;
import io.kanal.runtime.membership.protocol.ConnectorsAndTasks;
import io.kanal.runtime.membership.protocol.WorkerMetadata;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kafka Connect's worker group protocol (protocol type {@code connect}) for the engine's classic group member: the
 * join metadata of each subprotocol {@code connect.protocol} offers, the leader's assignment through {@link
 * WorkerLeader}, and the member's reaction to its assignment: tell the herder what it owns now, wait for revoked work
 * to stop and rejoin, rejoin after the scheduled delay, catch up with the config topic when the leader says so.
 *
 * <p>What this worker owns follows Connect's {@code WorkerCoordinator}: eager (v0) gives up everything before each
 * join and owns exactly what it is assigned; cooperative (v1, v2) owns what it owned minus what is revoked plus what
 * is assigned, and reports that in its next join metadata.
 *
 * <p>Threading: every {@link GroupProtocol} method runs on the group member's callback executor, one at a time, and
 * owns the mutable state; {@link #view()} is a volatile immutable snapshot any thread may read. Timers (scheduled
 * rejoin, revocation wait) run on the given scheduler and only call {@code rejoin}.
 */
public final class WorkerGroupProtocol implements GroupProtocol {
    private static final Logger LOG = LoggerFactory.getLogger(WorkerGroupProtocol.class);

    /**
     * What the rest of the worker may read about the group at any time.
     *
     * @param generation the generation of the last assignment received, {@code -1} before any
     * @param leader its leader, if any
     * @param protocol the subprotocol chosen for it, if any
     * @param owned what this worker owns
     */
    public record View(
            int generation,
            Optional<Leader> leader,
            Optional<ConnectProtocolCompatibility> protocol,
            Assignment owned) {
        static final View INITIAL = new View(-1, Optional.empty(), Optional.empty(), Assignment.none());
    }

    private final WorkerGroupConfig config;
    private final ClusterConfigs configs;
    private final Revocations revocations;
    private final GenerationListener generations;
    private final WorkerLeader leader;
    private final ScheduledExecutorService scheduler;
    private final Consumer<String> rejoin;
    private final String workerId;

    private volatile Consumer<HerderEvent> events = e -> {};
    private volatile View view = View.INITIAL;
    // Owned by the callback executor.
    private Optional<ConnectAssignment> snapshot = Optional.empty();
    private boolean rebalancing;
    private ScheduledFuture<?> scheduledRejoin;

    /**
     * Creates the protocol of one worker.
     *
     * @param config the group settings
     * @param configs the config topic as the group sees it
     * @param revocations tells when revoked work has stopped
     * @param departures tells the leader which departed workers left cleanly
     * @param generations told of each generation
     * @param scheduler runs the rejoin timers
     * @param rejoin asks the group member to rejoin, with a reason
     * @param clock monotonic milliseconds, for the assignor's deadlines
     */
    public WorkerGroupProtocol(
            WorkerGroupConfig config,
            ClusterConfigs configs,
            Revocations revocations,
            Departures departures,
            GenerationListener generations,
            ScheduledExecutorService scheduler,
            Consumer<String> rejoin,
            LongSupplier clock) {
        this.config = Objects.requireNonNull(config, "config");
        this.configs = Objects.requireNonNull(configs, "configs");
        this.revocations = Objects.requireNonNull(revocations, "revocations");
        this.generations = Objects.requireNonNull(generations, "generations");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.rejoin = Objects.requireNonNull(rejoin, "rejoin");
        this.workerId = config.workerId();
        this.leader = new WorkerLeader(config, configs, departures, clock);
    }

    /**
     * Sets where rebalance and assignment events go; called once, before the member joins.
     *
     * @param events the herder's event sink
     */
    void events(Consumer<HerderEvent> events) {
        this.events = Objects.requireNonNull(events, "events");
    }

    /**
     * The group as of the last assignment.
     *
     * @return the snapshot
     */
    public View view() {
        return view;
    }

    @Override
    public String protocolType() {
        return ConnectProtocolCodec.PROTOCOL_TYPE;
    }

    @Override
    public List<ProtocolMetadata> metadata() {
        rebalanceStarted();
        WorkerMetadata state =
                new WorkerMetadata(config.advertisedUrl(), configs.snapshot().offset(), snapshot);
        return ConnectProtocolCodec.metadataRequest(state, config.compatibility());
    }

    @Override
    public void onJoinPrepare(int generationId, String memberId) {
        rebalanceStarted();
        View now = view;
        if (now.protocol().map(ConnectProtocolCompatibility::cooperative).orElse(true)) {
            return; // cooperative: keep running, the leader revokes what must move
        }
        // Eager: give up everything before rejoining.
        Assignment owned = now.owned();
        own(Assignment.none());
        awaitStopped(owned.connectors(), owned.tasks());
        snapshot = Optional.empty();
    }

    @Override
    public Map<String, ByteBuffer> assign(
            int generationId, String leaderId, String protocol, List<MemberMetadata> members) {
        return leader.assign(generationId, leaderId, ConnectProtocolCompatibility.fromProtocolName(protocol), members);
    }

    @Override
    public void onAssignment(MemberAssignment received) {
        ConnectProtocolCompatibility protocol = ConnectProtocolCompatibility.fromProtocolName(received.protocol());
        if (!received.assignment().hasRemaining()) {
            // A leader that skipped the assignment or left this member out: nothing to go on, ask again.
            LOG.warn("[worker {}] empty assignment in generation {}, rejoining", workerId, received.generationId());
            rejoin.accept("empty assignment");
            return;
        }
        ConnectAssignment assignment;
        try {
            assignment = ConnectProtocolCodec.decodeAssignment(received.assignment());
        } catch (ProtocolException e) {
            // A leader speaking something else: keep what runs (it was not revoked) and ask for another rebalance.
            LOG.error(
                    "[worker {}] unreadable assignment in generation {} from leader {}: {}; rejoining",
                    workerId,
                    received.generationId(),
                    received.leaderId(),
                    e.getMessage());
            rejoin.accept("unreadable assignment");
            return;
        }
        cancelScheduledRejoin();
        if (assignment.failed()) {
            onFailedAssignment(received.generationId(), assignment);
            return;
        }
        if (configs.snapshot().offset() < assignment.configOffset()
                && !configs.catchUp(assignment.configOffset(), Duration.ofMillis(config.workerSyncTimeoutMs()))) {
            // As Connect: never start work from configs not read yet. Nothing changes here (revoked work keeps
            // running and is reported held, so the leader decides about it again); the next rebalance tries again.
            LOG.warn(
                    "[worker {}] could not read the config topic to offset {} of generation {}; rejoining",
                    workerId,
                    assignment.configOffset(),
                    received.generationId());
            // nor act as the leader of a generation whose assignment it could not use
            generations.onNoGeneration(received.generationId());
            rejoin.accept("config topic behind the assignment");
            return;
        }
        Set<String> connectors = new LinkedHashSet<>();
        Set<ConnectorTaskId> tasks = new LinkedHashSet<>();
        if (protocol.cooperative()) {
            connectors.addAll(view.owned().connectors());
            tasks.addAll(view.owned().tasks());
            assignment.revoked().connectors().forEach(connectors::remove);
            assignment.revoked().tasks().forEach(tasks::remove);
        }
        connectors.addAll(assignment.assigned().connectors());
        tasks.addAll(assignment.assigned().tasks());
        Leader newLeader = new Leader(assignment.leader(), assignment.leaderUrl(), received.isLeader());
        Assignment owned = new Assignment(false, connectors, tasks);
        view = new View(received.generationId(), Optional.of(newLeader), Optional.of(protocol), owned);
        snapshot = Optional.of(new ConnectAssignment(
                assignment.error(),
                assignment.leader(),
                assignment.leaderUrl(),
                assignment.configOffset(),
                new ConnectorsAndTasks(List.copyOf(connectors), List.copyOf(tasks)),
                assignment.revoked(),
                assignment.delay()));
        LOG.info(
                "[worker {}] generation {} ({}, leader {}): owns {} connectors and {} tasks; assigned {}, revoked {},"
                        + " delay {} ms",
                workerId,
                received.generationId(),
                protocol,
                assignment.leaderUrl(),
                connectors.size(),
                tasks.size(),
                assignment.assigned(),
                assignment.revoked(),
                assignment.delay());
        generations.onGeneration(received.generationId(), newLeader, protocol);
        rebalancing = false;
        events.accept(new HerderEvent.AssignmentChanged(owned));
        if (!assignment.revoked().isEmpty()) {
            rejoinWhenStopped(assignment.revoked());
        }
        if (assignment.delay() > 0) {
            scheduledRejoin = scheduler.schedule(
                    () -> rejoin.accept("scheduled rebalance"), assignment.delay(), TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public void onLost(int generationId, String memberId, KafkaException cause) {
        LOG.warn(
                "[worker {}] lost its assignment of generation {}: {}; stopping its work",
                workerId,
                generationId,
                cause.getMessage());
        rebalanceStarted();
        cancelScheduledRejoin();
        own(Assignment.none());
        snapshot = Optional.empty();
        generations.onNoGeneration(generationId);
    }

    /** Stops the rejoin timer; called when the membership closes. */
    void close() {
        cancelScheduledRejoin();
    }

    private void onFailedAssignment(int generation, ConnectAssignment assignment) {
        // As Connect: keep what is running, read the config topic up to the leader's offset, then rejoin.
        LOG.warn(
                "[worker {}] generation {}: the leader {} could not read the config topic to offset {}"
                        + " (CONFIG_MISMATCH); catching up and rejoining",
                workerId,
                generation,
                assignment.leaderUrl(),
                assignment.configOffset());
        configs.catchUp(assignment.configOffset(), Duration.ofMillis(config.workerSyncTimeoutMs()));
        rejoin.accept("config mismatch");
    }

    private void rejoinWhenStopped(ConnectorsAndTasks revoked) {
        Duration wait = Duration.ofMillis(config.rebalanceTimeoutMs());
        revocations
                .stopped(Set.copyOf(revoked.connectors()), Set.copyOf(revoked.tasks()))
                .orTimeout(wait.toMillis(), TimeUnit.MILLISECONDS)
                .whenComplete((v, error) -> {
                    if (error != null) {
                        LOG.warn(
                                "[worker {}] revoked work not reported stopped within {} ms ({}); rejoining anyway",
                                workerId,
                                wait.toMillis(),
                                error.toString());
                    }
                    rejoin.accept("revoked work stopped");
                });
    }

    private void awaitStopped(Set<String> connectors, Set<ConnectorTaskId> tasks) {
        if (connectors.isEmpty() && tasks.isEmpty()) {
            return;
        }
        CompletableFuture<Void> stopped = revocations.stopped(connectors, tasks);
        try {
            stopped.get(config.rebalanceTimeoutMs(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for revoked work to stop", e);
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("[worker {}] work not reported stopped before rejoining: {}", workerId, e.toString());
        }
    }

    private void own(Assignment owned) {
        View now = view;
        view = new View(now.generation(), now.leader(), now.protocol(), owned);
        events.accept(new HerderEvent.AssignmentChanged(owned));
    }

    private void rebalanceStarted() {
        if (!rebalancing) {
            rebalancing = true;
            events.accept(new HerderEvent.RebalanceStarted());
        }
    }

    private void cancelScheduledRejoin() {
        if (scheduledRejoin != null) {
            scheduledRejoin.cancel(false);
            scheduledRejoin = null;
        }
    }
}
