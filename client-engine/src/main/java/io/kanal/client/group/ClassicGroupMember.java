package io.kanal.client.group;

import io.kanal.client.cluster.CoordinatorType;
import io.kanal.client.cluster.Node;
import io.kanal.client.cluster.internals.CoordinatorLookup;
import io.kanal.client.common.Time;
import io.kanal.client.common.internals.OrderedExecutor;
import io.kanal.client.common.internals.SerialLoop;
import io.kanal.client.config.ClientConfigs;
import io.kanal.client.config.CommonClientConfigs;
import io.kanal.client.errors.Causes;
import io.kanal.client.errors.ClientClosedException;
import io.kanal.client.errors.KafkaException;
import io.kanal.client.group.internals.ClassicMembershipStateMachine;
import io.kanal.client.group.internals.GroupAction;
import io.kanal.client.group.internals.GroupCallbacks;
import io.kanal.client.group.internals.GroupRequest;
import io.kanal.client.network.ApiRequest;
import io.kanal.client.network.Lane;
import io.kanal.client.resource.ClientResources;
import io.kanal.client.resource.internals.ClientCore;
import io.kanal.config.ParsedConfig;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A member of a group joined through the classic protocol, for any protocol type: the I/O driver of a
 * {@link ClassicMembershipStateMachine}. It finds the coordinator, sends the machine's requests on the coordinator's
 * GROUP connection, feeds the outcomes back, and runs the {@link GroupProtocol}'s code (revocation, the leader's
 * assignment, the new assignment, a lost one) on the user's executor, in order. Heartbeats go on from the driver's
 * loop whatever the user's code is doing, so a long revocation or assignment does not cost the membership until the
 * rebalance timeout.
 *
 * <pre>{@code
 * try (ClassicGroupMember member = ClassicGroupMember.create(clientSettings, groupConfig, protocol, resources)) {
 *     member.join();
 *     ...
 *     member.leave("shutting down").get();
 * }
 * }</pre>
 *
 * <p>Threading: thread-safe. The machine lives on a {@link SerialLoop} of the client resources' loop pool; user code
 * runs on the executor given (by default the resources' callback executor), never two callbacks at once.
 */
public final class ClassicGroupMember implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ClassicGroupMember.class);

    private final ClientCore core;
    private final ClassicGroupConfig config;
    private final GroupProtocol protocol;
    private final Time time;
    private final ClassicMembershipStateMachine machine;
    private final CoordinatorLookup lookup;
    private final SerialLoop loop;
    private final OrderedExecutor user;
    private final CompletableFuture<KafkaException> fatal = new CompletableFuture<>();
    // Written by the loop only; volatile for coordinator().
    private volatile Node coordinator;
    private CompletableFuture<Void> leaving;
    private volatile ClassicMemberState state = ClassicMemberState.UNJOINED;
    /** Set by close(): protocol callbacks not yet run are dropped. */
    private volatile boolean closing;

    private volatile Generation generation;

    private ClassicGroupMember(
            ClientCore core, ClassicGroupConfig config, GroupProtocol protocol, Executor userExecutor) {
        this.core = core;
        this.config = config;
        this.protocol = protocol;
        this.time = core.time();
        this.machine = new ClassicMembershipStateMachine(config, protocol.protocolType());
        this.lookup =
                CoordinatorLookup.create(core.network(), core.metadata(), core.scheduler(), config.backoff(), time);
        this.loop = core.newLoop("group-" + config.groupId(), this::step);
        this.user = new OrderedExecutor(core.clientId() + "-group-callbacks", userExecutor);
        this.generation = machine.generation();
        core.onResourcesClosed(() -> {
            closing = true;
            fatal.complete(new ClientClosedException(
                    "The client resources of group member " + core.clientId() + " were closed"));
        });
    }

    /**
     * Creates a member, not yet joined.
     *
     * @param clientSettings {@code bootstrap.servers}, {@code client.id} and the other common client settings
     * @param config the group settings
     * @param protocol the user's protocol
     * @param resources shared client resources, or null for private ones
     * @return the member
     */
    public static ClassicGroupMember create(
            Map<String, ?> clientSettings,
            ClassicGroupConfig config,
            GroupProtocol protocol,
            ClientResources resources) {
        ParsedConfig parsed = ClientConfigs.parse(CommonClientConfigs.SPEC, clientSettings, "group member");
        ClientCore core =
                ClientCore.create(parsed, "group", 5, resources == null ? Time.SYSTEM : resources.time(), resources);
        return new ClassicGroupMember(core, config, Objects.requireNonNull(protocol, "protocol"), core.callbacks());
    }

    /**
     * Creates a member whose protocol callbacks run on the given executor (the owner's own thread, for instance).
     *
     * @param clientSettings the common client settings
     * @param config the group settings
     * @param protocol the user's protocol
     * @param resources shared client resources, or null for private ones
     * @param userExecutor where the protocol's methods run, one at a time
     * @return the member
     */
    public static ClassicGroupMember create(
            Map<String, ?> clientSettings,
            ClassicGroupConfig config,
            GroupProtocol protocol,
            ClientResources resources,
            Executor userExecutor) {
        ParsedConfig parsed = ClientConfigs.parse(CommonClientConfigs.SPEC, clientSettings, "group member");
        ClientCore core =
                ClientCore.create(parsed, "group", 5, resources == null ? Time.SYSTEM : resources.time(), resources);
        return new ClassicGroupMember(
                core,
                config,
                Objects.requireNonNull(protocol, "protocol"),
                Objects.requireNonNull(userExecutor, "userExecutor"));
    }

    /**
     * Joins the group, or does nothing if the member is in it or joining.
     *
     * @throws IllegalStateException if the member is leaving or failed for good
     * @throws java.util.concurrent.RejectedExecutionException if the member is closed
     */
    public void join() {
        ClassicMemberState now = state;
        if (now == ClassicMemberState.LEAVING || now == ClassicMemberState.FATAL) {
            throw new IllegalStateException("group member " + core.clientId() + " cannot join while " + now);
        }
        loop.execute(machine::join);
    }

    /**
     * Asks for a rebalance (the member's metadata changed).
     *
     * @param reason sent to the coordinator (KIP-800)
     */
    public void requestRejoin(String reason) {
        Objects.requireNonNull(reason, "reason");
        loop.execute(() -> machine.requestRejoin(reason));
    }

    /**
     * Leaves the group (a dynamic member sends LeaveGroup; a static one does not, see
     * {@link GroupMembershipOperation#DEFAULT}).
     *
     * @param reason sent to the coordinator (KIP-800)
     * @return completes once the LeaveGroup was answered or failed, or at once when there was none to send
     */
    public CompletableFuture<Void> leave(String reason) {
        return leave(reason, GroupMembershipOperation.DEFAULT);
    }

    /**
     * Leaves the group.
     *
     * @param reason sent to the coordinator (KIP-800)
     * @param operation whether a LeaveGroup goes out
     * @return completes once the LeaveGroup was answered or failed, or at once when there was none to send
     */
    public CompletableFuture<Void> leave(String reason, GroupMembershipOperation operation) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        loop.execute(() -> {
            if (leaving != null) {
                leaving.whenComplete((v, e) -> done.complete(null));
                return;
            }
            leaving = done;
            machine.leave(reason, operation);
        });
        return done;
    }

    /**
     * The member's state, as of the driver's last step.
     *
     * @return the state
     */
    public ClassicMemberState state() {
        return state;
    }

    /**
     * The generation the member is in, as of the driver's last step.
     *
     * @return the generation
     */
    public Generation generation() {
        return generation;
    }

    /**
     * Completes with the error that stopped the membership for good (FATAL), if one does.
     *
     * @return the future
     */
    public CompletableFuture<KafkaException> fatalError() {
        return fatal;
    }

    /**
     * The group coordinator the member talks to.
     *
     * @return the coordinator, or empty while it is being looked up
     */
    public Optional<Node> coordinator() {
        return Optional.ofNullable(coordinator);
    }

    /**
     * The client id of the member's connections.
     *
     * @return the id
     */
    public String clientId() {
        return core.clientId();
    }

    private long step(long now) {
        try {
            ClassicMembershipStateMachine.PollResult result = machine.poll(now);
            for (GroupRequest r : result.requests()) {
                send(r);
            }
            for (GroupAction action : result.actions()) {
                handle(action);
            }
            state = machine.state();
            generation = machine.generation();
            return result.nextWakeupMs();
        } catch (RuntimeException e) {
            // A bug in the machine: stop for good and say so, rather than fail the same way every few milliseconds.
            LOG.error("[{}] group {} membership stopped by an internal error", core.clientId(), config.groupId(), e);
            fatal.complete(new KafkaException("Group membership of " + config.groupId() + " failed: " + e, e));
            completeLeave();
            state = ClassicMemberState.FATAL;
            return Long.MAX_VALUE;
        }
    }

    private void send(GroupRequest r) {
        Node target = coordinator;
        if (target == null) {
            // The machine only sends once told of a coordinator; a lookup may have been invalidated since.
            machine.onRequestFailed(
                    r.id(), new KafkaException("The group coordinator is not known"), time.monotonicMs());
            // The step that called us computed its wake-up before this failure.
            loop.wakeup();
            return;
        }
        ApiRequest api = new ApiRequest(r.api(), r.minVersion(), r.maxVersion(), r::body);
        core.network()
                .send(target.endpoint(), Lane.GROUP, api, Duration.ofMillis(r.timeoutMs()))
                .whenComplete((response, error) -> loop.execute(() -> {
                    long now = time.monotonicMs();
                    if (error != null) {
                        machine.onRequestFailed(r.id(), Causes.unwrap(error), now);
                    } else {
                        machine.onResponse(r.id(), response.body(), now);
                    }
                }));
    }

    private void handle(GroupAction action) {
        if (GroupCallbacks.isForProtocol(action)) {
            if (closing) {
                return;
            }
            user.execute(() -> {
                if (closing) {
                    return;
                }
                GroupCallbacks.Feedback feedback;
                try {
                    feedback = GroupCallbacks.run(action, protocol);
                } catch (RuntimeException | Error e) {
                    // onAssignment / onLost threw: the user's bug, which the membership survives.
                    LOG.error("[{}] group protocol callback for {} threw", core.clientId(), action, e);
                    return;
                }
                try {
                    loop.execute(() -> feedback.applyTo(machine, time.monotonicMs()));
                } catch (java.util.concurrent.RejectedExecutionException e) {
                    LOG.debug("[{}] member closed before the callback's answer: {}", core.clientId(), e.toString());
                }
            });
        } else if (action instanceof GroupAction.FindCoordinator) {
            findCoordinator();
        } else if (action instanceof GroupAction.Failure failure) {
            if (failure.fatal()) {
                LOG.error(
                        "[{}] group {} membership failed for good: {}",
                        core.clientId(),
                        config.groupId(),
                        failure.error().getMessage());
                fatal.complete(failure.error());
                completeLeave();
            } else {
                // Retried by the machine; the user hears of it only if it turns fatal or the assignment is lost.
                LOG.warn(
                        "[{}] group {}: {}",
                        core.clientId(),
                        config.groupId(),
                        failure.error().getMessage());
            }
        } else if (action instanceof GroupAction.LeaveComplete) {
            completeLeave();
        }
    }

    private void completeLeave() {
        if (leaving != null) {
            leaving.complete(null);
            // A later join() and leave() must send a LeaveGroup of their own.
            leaving = null;
        }
    }

    private void findCoordinator() {
        if (coordinator != null) {
            lookup.invalidate(CoordinatorType.GROUP, config.groupId(), coordinator);
            coordinator = null;
        }
        lookup.coordinator(CoordinatorType.GROUP, config.groupId(), time.monotonicMs() + config.requestTimeoutMs())
                .whenComplete((node, error) -> loop.execute(() -> {
                    long now = time.monotonicMs();
                    if (error != null) {
                        machine.onCoordinatorLookupFailed(Causes.unwrap(error), now);
                    } else {
                        coordinator = node;
                        LOG.info("[{}] group {} coordinator is {}", core.clientId(), config.groupId(), node);
                        machine.onCoordinatorFound(now);
                    }
                }));
    }

    /**
     * Leaves the group (as {@link #leave(String)} with reason "the member is closing"), waits up to the timeout for
     * that, then closes the connections.
     *
     * @param timeout how long to wait for the LeaveGroup
     */
    public void close(Duration timeout) {
        if (loop.inLoop() || user.inCallback()) {
            throw new IllegalStateException("close() called from the member's own thread would wait for itself");
        }
        long deadline = time.monotonicMs() + timeout.toMillis();
        if (!loop.isClosed()) {
            try {
                leave("the member is closing").get(Math.max(1, timeout.toMillis()), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
                LOG.warn("[{}] left group {} without an answer: {}", core.clientId(), config.groupId(), e.toString());
            } catch (java.util.concurrent.RejectedExecutionException e) {
                LOG.debug("[{}] member loop already closed", core.clientId());
            }
        }
        closing = true;
        loop.close();
        // Once this returns no protocol callback runs any more: wait for one in progress.
        CompletableFuture<Void> quiet = new CompletableFuture<>();
        user.execute(() -> quiet.complete(null));
        try {
            quiet.get(Math.max(1, deadline - time.monotonicMs()), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            LOG.warn("[{}] a group protocol callback is still running at close", core.clientId());
        }
        fatal.complete(new ClientClosedException("group member " + core.clientId() + " closed"));
        core.close(Duration.ofMillis(Math.max(0, deadline - time.monotonicMs())));
    }

    /** Leaves the group and closes, waiting up to 30 seconds. */
    @Override
    public void close() {
        close(Duration.ofSeconds(30));
    }
}
