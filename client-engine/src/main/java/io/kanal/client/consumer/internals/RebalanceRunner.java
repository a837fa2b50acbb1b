package io.kanal.client.consumer.internals;

import io.kanal.client.OffsetAndMetadata;
import io.kanal.client.TopicPartition;
import io.kanal.client.consumer.RebalanceListener;
import io.kanal.client.errors.KafkaException;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the application-thread half of rebalances, inside {@code poll()}: the auto-commit before revocation, then
 * {@code onPartitionsRevoked}, the assignment change, {@code onPartitionsAssigned}; or {@code onPartitionsLost} after
 * fencing or expiry. Reports back to the {@link MembershipStateMachine} on the background thread. A callback that
 * throws fails the step (no acknowledgement, as Kafka does) and its exception is raised from {@code poll()}.
 *
 * <p>Application thread only.
 */
final class RebalanceRunner {
    private static final Logger LOG = LoggerFactory.getLogger(RebalanceRunner.class);

    /** Commits synchronously from the application thread, retrying stale epochs, within the rebalance timeout. */
    interface Committer {
        void commitBeforeRevocation(Map<TopicPartition, OffsetAndMetadata> offsets);
    }

    private final String clientId;
    private final SubscriptionState subscriptions;
    private final FetchBuffer buffer;
    private final ConsumerDriver driver;
    private final Supplier<MembershipStateMachine> machine;
    private final Committer committer;
    private final boolean autoCommit;

    RebalanceRunner(
            String clientId,
            SubscriptionState subscriptions,
            FetchBuffer buffer,
            ConsumerDriver driver,
            Supplier<MembershipStateMachine> machine,
            Committer committer,
            boolean autoCommit) {
        this.clientId = clientId;
        this.subscriptions = subscriptions;
        this.buffer = buffer;
        this.driver = driver;
        this.machine = machine;
        this.committer = committer;
        this.autoCommit = autoCommit;
    }

    void reconcile(Reconciliation step) {
        RebalanceListener listener = subscriptions.listener();
        boolean ok = false;
        try {
            if (autoCommit && !step.revoked().isEmpty()) {
                try {
                    committer.commitBeforeRevocation(subscriptions.consumed(subscriptions.assignment()));
                } catch (KafkaException e) {
                    LOG.warn("[{}] auto-commit before revoking {} failed: {}", clientId, step.revoked(), e.toString());
                }
            }
            if (!step.revoked().isEmpty()) {
                listener.onPartitionsRevoked(step.revoked());
            }
            subscriptions.applyGroupAssignment(step.assignment());
            buffer.purge(subscriptions.generations());
            listener.onPartitionsAssigned(step.added());
            subscriptions.markFetchable(step.added());
            ok = true;
            LOG.info(
                    "[{}] assignment now {} (revoked {}, added {})",
                    clientId,
                    step.assignment(),
                    step.revoked(),
                    step.added());
        } finally {
            boolean success = ok;
            driver.execute(() -> machine.get().onReconciled(step, success));
            driver.wakeup();
        }
    }

    void lost(Set<TopicPartition> partitions, boolean rejoin) {
        try {
            Set<TopicPartition> remaining = subscriptions.assignment();
            remaining.removeAll(partitions);
            subscriptions.applyGroupAssignment(remaining);
            buffer.purge(subscriptions.generations());
            if (!partitions.isEmpty()) {
                LOG.info("[{}] partitions lost: {}", clientId, partitions);
                subscriptions.listener().onPartitionsLost(partitions);
            }
        } finally {
            if (rejoin) {
                driver.execute(() -> machine.get().onLostHandled());
            }
        }
    }

    /**
     * Runs the revocation callback before leaving the group.
     *
     * @param owned the owned partitions
     * @return nothing, once done
     */
    CompletableFuture<Void> revokeForLeave(Set<TopicPartition> owned) {
        if (autoCommit && !owned.isEmpty()) {
            try {
                committer.commitBeforeRevocation(subscriptions.consumed(owned));
            } catch (KafkaException e) {
                LOG.warn("[{}] auto-commit before leaving failed: {}", clientId, e.toString());
            }
        }
        subscriptions.markPendingRevocation(owned);
        if (!owned.isEmpty()) {
            subscriptions.listener().onPartitionsRevoked(owned);
        }
        return CompletableFuture.completedFuture(null);
    }
}
