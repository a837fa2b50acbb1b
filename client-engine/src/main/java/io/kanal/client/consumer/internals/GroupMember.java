package io.kanal.client.consumer.internals;

import io.kanal.client.cluster.MetadataSnapshot;
import io.kanal.client.cluster.Node;
import io.kanal.client.cluster.internals.ClusterMetadata;
import io.kanal.client.common.ExponentialBackoff;
import io.kanal.client.protocol.message.ConsumerGroupHeartbeatResponse;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives the {@link MembershipStateMachine} on the background thread: finds the coordinator, sends the heartbeats
 * the machine asks for, enforces {@code max.poll.interval.ms}, keeps a client-side pattern subscription in step with
 * the metadata, and turns the machine's actions into work for the application thread ({@link RebalanceRunner}).
 *
 * <p>Background thread only, except {@link #identity()}, a volatile snapshot any thread may read.
 */
final class GroupMember {
    private static final Logger LOG = LoggerFactory.getLogger(GroupMember.class);

    private final ConsumerDriver driver;
    private final MembershipStateMachine machine;
    private final CoordinatorFinder coordinator;
    private final RebalanceRunner rebalances;
    private final ExponentialBackoff backoff;
    private volatile MemberIdentity identity = MemberIdentity.NONE;
    private CompletableFuture<Void> leaveDone;
    private boolean lookupInFlight;
    private int lookupFailures;
    private long lookupRetryAtMs;
    private long lastUnresolvedRefreshMs;

    GroupMember(
            ConsumerDriver driver,
            MembershipStateMachine machine,
            CoordinatorFinder coordinator,
            RebalanceRunner rebalances,
            ExponentialBackoff backoff) {
        this.driver = driver;
        this.machine = machine;
        this.coordinator = coordinator;
        this.rebalances = rebalances;
        this.backoff = backoff;
    }

    MemberIdentity identity() {
        return identity;
    }

    MembershipStateMachine machine() {
        return machine;
    }

    /** Called on the background thread when a metadata snapshot arrives, for pattern subscriptions. */
    void onMetadata(MetadataSnapshot snapshot) {
        Pattern pattern = driver.subscriptions().pattern().orElse(null);
        if (pattern != null && driver.subscriptions().type() == SubscriptionState.Type.PATTERN) {
            Set<String> matched = ConsumerDriver.match(pattern, snapshot);
            if (driver.subscriptions().setMatchedTopics(matched)) {
                LOG.info("[{}] pattern {} now matches {}", driver.clientId(), pattern, matched);
                machine.subscribe(matched);
            }
        }
    }

    long poll(long nowMs) {
        MemberState state = machine.state();
        if ((state == MemberState.STABLE
                        || state == MemberState.RECONCILING
                        || state == MemberState.ACKNOWLEDGING
                        || state == MemberState.JOINING)
                && nowMs - driver.lastPollMs() > driver.settings().maxPollIntervalMs()) {
            LOG.warn(
                    "[{}] no poll() for more than max.poll.interval.ms={}: leaving the group; the consumer rejoins"
                            + " on its next poll",
                    driver.clientId(),
                    driver.settings().maxPollIntervalMs());
            machine.onPollTimerExpired();
        }
        ClusterMetadata metadata = driver.metadata();
        Reconciliation step =
                machine.maybeReconcile(id -> metadata.current().topicName(id).orElse(null));
        if (step != null) {
            driver.subscriptions().markPendingRevocation(step.revoked());
            driver.buffer().purge(driver.subscriptions().generations());
            driver.app().post(() -> rebalances.reconcile(step));
        }
        if (machine.hasUnresolvedTopics() && nowMs - lastUnresolvedRefreshMs > 500) {
            lastUnresolvedRefreshMs = nowMs;
            metadata.requestRefresh();
        }
        long next = Long.MAX_VALUE;
        Node node = coordinator.coordinator();
        if (node == null) {
            if (needsCoordinator(machine.state())) {
                next = lookUpCoordinator(nowMs);
            }
        } else {
            MembershipStateMachine.PollResult result = machine.poll(nowMs);
            if (result.request() != null) {
                driver.sendHeartbeat(node, result.request(), (response, error) -> onHeartbeat(response, error));
            }
            next = result.nextWakeupMs();
        }
        handleActions();
        identity = machine.memberEpoch() > 0
                ? new MemberIdentity(machine.memberId(), machine.memberEpoch())
                : MemberIdentity.NONE;
        return next;
    }

    private static boolean needsCoordinator(MemberState state) {
        return state != MemberState.UNSUBSCRIBED
                && state != MemberState.FATAL
                && state != MemberState.FENCED
                && state != MemberState.STALE;
    }

    private long lookUpCoordinator(long nowMs) {
        if (lookupInFlight) {
            return Long.MAX_VALUE;
        }
        if (nowMs < lookupRetryAtMs) {
            return lookupRetryAtMs;
        }
        lookupInFlight = true;
        coordinator
                .find()
                .whenCompleteAsync(
                        (node, error) -> {
                            lookupInFlight = false;
                            if (error != null) {
                                lookupFailures++;
                                lookupRetryAtMs = driver.time().monotonicMs() + backoff.delayMs(lookupFailures);
                                LOG.debug("[{}] coordinator lookup failed: {}", driver.clientId(), error.toString());
                            } else {
                                lookupFailures = 0;
                                machine.onCoordinatorChanged();
                                LOG.debug("[{}] group coordinator is {}", driver.clientId(), node);
                            }
                        },
                        driver);
        return Long.MAX_VALUE;
    }

    private void onHeartbeat(ConsumerGroupHeartbeatResponse response, Throwable error) {
        long now = driver.time().monotonicMs();
        if (error != null) {
            LOG.debug("[{}] heartbeat failed: {}", driver.clientId(), error.toString());
            machine.onFailure(now);
        } else {
            machine.onResponse(response, now);
        }
        handleActions();
    }

    private void handleActions() {
        for (MembershipAction action : machine.drainActions()) {
            if (action instanceof MembershipAction.Reconcile r) {
                driver.app().post(() -> rebalances.reconcile(r.step()));
            } else if (action instanceof MembershipAction.PartitionsLost lost) {
                driver.subscriptions().markPendingRevocation(lost.partitions());
                driver.buffer().purge(driver.subscriptions().generations());
                driver.app().post(() -> rebalances.lost(lost.partitions(), lost.rejoin()));
            } else if (action instanceof MembershipAction.RaiseError e) {
                driver.app().raise(e.error());
            } else if (action instanceof MembershipAction.FindCoordinator) {
                coordinator.markUnknown();
            } else if (action instanceof MembershipAction.LeaveComplete && leaveDone != null) {
                leaveDone.complete(null);
            }
        }
    }

    /**
     * Starts leaving; the application thread has run the revocation callback.
     *
     * @return completes when the leave heartbeat was answered or failed
     */
    CompletableFuture<Void> leave() {
        leaveDone = new CompletableFuture<>();
        machine.leave();
        if (coordinator.coordinator() == null || machine.state() != MemberState.LEAVING) {
            machine.completeLeaveLocally(); // nobody to tell: the broker expires the member after the session
            leaveDone.complete(null);
        }
        return leaveDone;
    }
}
