package io.kanal.runtime.membership.group;

import io.kanal.client.errors.KafkaException;
import io.kanal.client.group.ClassicGroupMember;
import io.kanal.client.group.GroupMembershipOperation;
import io.kanal.client.resource.ClientResources;
import io.kanal.runtime.herder.Assignment;
import io.kanal.runtime.herder.HerderEvent;
import io.kanal.runtime.membership.Membership;
import io.kanal.runtime.membership.protocol.ConnectProtocolCompatibility;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Distributed mode's {@link Membership}: the worker's place in Kafka Connect's worker group, through the engine's
 * {@link ClassicGroupMember} and the {@link WorkerGroupProtocol}. It tells the herder when a rebalance starts ({@link
 * HerderEvent.RebalanceStarted}) and what the worker owns after each one ({@link HerderEvent.AssignmentChanged}), and
 * tells the rest of the worker who leads ({@link #leader()}, for REST forwarding), which generation it is in ({@link
 * #generation()} and the {@link GenerationListener}, for status writes) and which subprotocol was chosen ({@link
 * #protocol()}; {@code sessioned} means internal REST requests are signed).
 *
 * <p>Shutdown order, which makes a clean leave visible to the leader (see {@link Departures}): the worker stops all
 * its work and writes its statuses {@code UNASSIGNED}, then calls {@link #close()}, which sends LeaveGroup.
 *
 * <p>Threading: thread-safe. One thread of its own ({@code kanal-group-<worker id>}) runs the protocol's callbacks
 * and its timers, so a slow revocation or config catch-up never blocks the engine's loops; the member's network
 * work runs on the client resources' loops.
 */
public final class WorkerGroupMembership implements Membership {
    private static final Logger LOG = LoggerFactory.getLogger(WorkerGroupMembership.class);

    private final WorkerGroupConfig config;
    private final ScheduledExecutorService callbacks;
    private final WorkerGroupProtocol protocol;
    private final ClassicGroupMember member;
    private final CompletableFuture<Void> closed = new CompletableFuture<>();

    /**
     * Creates the membership; nothing is sent before {@link #start}.
     *
     * @param config the group settings
     * @param configs the config topic as the group sees it
     * @param revocations tells when revoked work has stopped
     * @param departures tells the leader which departed workers left cleanly
     * @param generations told of each generation before its assignment reaches the herder
     * @param resources the worker's shared client resources for the group's Kafka cluster, or null for private ones
     */
    public WorkerGroupMembership(
            WorkerGroupConfig config,
            ClusterConfigs configs,
            Revocations revocations,
            Departures departures,
            GenerationListener generations,
            ClientResources resources) {
        this.config = Objects.requireNonNull(config, "config");
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "kanal-group-" + config.workerId());
            t.setDaemon(true);
            return t;
        });
        executor.setRemoveOnCancelPolicy(true);
        this.callbacks = executor;
        long origin = System.nanoTime();
        this.protocol = new WorkerGroupProtocol(
                config,
                configs,
                revocations,
                departures,
                generations,
                executor,
                this::requestRejoin,
                () -> TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - origin));
        this.member =
                ClassicGroupMember.create(config.clientSettings(), config.groupConfig(), protocol, resources, executor);
        member.fatalError().whenComplete((error, failure) -> {
            if (error != null && !closed.isDone()) {
                LOG.error("[worker {}] group membership failed for good", config.workerId(), error);
            }
        });
    }

    /**
     * Joins the group; assignments arrive through {@code events}.
     *
     * @param events where to send rebalance and assignment events, typically {@code HerderLoop::submit}
     */
    @Override
    public void start(Consumer<HerderEvent> events) {
        protocol.events(events);
        LOG.info(
                "[worker {}] joining group {} as {} ({}; session {} ms, heartbeat {} ms, max delay {} ms)",
                config.workerId(),
                config.groupId(),
                config.advertisedUrl(),
                config.compatibility(),
                config.sessionTimeoutMs(),
                config.heartbeatIntervalMs(),
                config.scheduledRebalanceMaxDelayMs());
        member.join();
    }

    /**
     * {@code host:port} of the advertised URL, as Connect's {@code worker_id}.
     *
     * @return the id
     */
    @Override
    public String workerId() {
        return config.workerId();
    }

    /**
     * The leader of the last generation this worker received an assignment in.
     *
     * @return the leader, empty before the first assignment
     */
    public Optional<Leader> leader() {
        return protocol.view().leader();
    }

    /**
     * The generation of the last assignment received.
     *
     * @return the generation, {@code -1} before the first
     */
    public int generation() {
        return protocol.view().generation();
    }

    /**
     * The subprotocol the coordinator chose for the last generation.
     *
     * @return the protocol, empty before the first assignment
     */
    public Optional<ConnectProtocolCompatibility> protocol() {
        return protocol.view().protocol();
    }

    /**
     * What this worker owns, as last sent to the herder.
     *
     * @return the assignment
     */
    public Assignment owned() {
        return protocol.view().owned();
    }

    /**
     * Asks for a rebalance, as the herder does when the config topic gains a connector or changes a task count.
     *
     * @param reason sent to the coordinator
     */
    public void requestRejoin(String reason) {
        if (closed.isDone()) {
            return;
        }
        try {
            member.requestRejoin(reason);
        } catch (RejectedExecutionException e) {
            LOG.debug("[worker {}] no rejoin ({}): the member is closed", config.workerId(), reason);
        }
    }

    /**
     * Completes with the error that ended the membership for good, if one does.
     *
     * @return the future
     */
    public CompletableFuture<KafkaException> fatalError() {
        return member.fatalError();
    }

    /** Leaves the group (LeaveGroup) and stops the callback thread. Idempotent. */
    @Override
    public void close() {
        shutDown(GroupMembershipOperation.LEAVE_GROUP);
    }

    /**
     * Stops without LeaveGroup, as a killed process would: the coordinator notices only when the session times out.
     * For failover tests.
     */
    void closeWithoutLeaving() {
        shutDown(GroupMembershipOperation.REMAIN_IN_GROUP);
    }

    private void shutDown(GroupMembershipOperation operation) {
        if (!closed.complete(null)) {
            return;
        }
        Duration timeout = Duration.ofMillis(config.requestTimeoutMs());
        try {
            member.leave("the worker is stopping", operation).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn(
                    "[worker {}] left group {} without an answer: {}",
                    config.workerId(),
                    config.groupId(),
                    e.toString());
        }
        // The member forgot its id on leave(): close() sends no second LeaveGroup.
        member.close(timeout);
        protocol.close();
        callbacks.shutdownNow();
        LOG.info("[worker {}] left group {}", config.workerId(), config.groupId());
    }
}
