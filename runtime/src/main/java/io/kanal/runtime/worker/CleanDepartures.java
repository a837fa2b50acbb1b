package io.kanal.runtime.worker;

import io.kanal.runtime.herder.ConnectorTaskId;
import io.kanal.runtime.herder.Status;
import io.kanal.runtime.herder.StatusState;
import io.kanal.runtime.membership.group.Departures;
import io.kanal.runtime.store.StoreException;
import io.kanal.runtime.store.kafka.KafkaStatusStore;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers the leader's question "did this worker stop its work before it left?" from the status topic: yes when every
 * connector and task it held has its last status {@code UNASSIGNED} written by that worker, which is what a worker
 * writes when it stops cleanly ({@link DistributedWorker#stop()}), and never a worker that was killed.
 *
 * <p><b>Threading.</b> Stateless; called on the leader's group callback thread. It first reads the status topic to
 * its end (at most {@link #READ_BUDGET}), since the leaving worker wrote just before its LeaveGroup; a read that
 * times out answers "not clean", which only delays the hand-over by the scheduled delay.
 */
final class CleanDepartures implements Departures {

    private static final Logger LOG = LoggerFactory.getLogger(CleanDepartures.class);

    /** How long the leader waits for the status topic before it assumes the worst. */
    static final Duration READ_BUDGET = Duration.ofSeconds(2);

    private final KafkaStatusStore statuses;

    CleanDepartures(KafkaStatusStore statuses) {
        this.statuses = Objects.requireNonNull(statuses, "statuses");
    }

    @Override
    public boolean leftCleanly(String workerId, Set<String> connectors, Set<ConnectorTaskId> tasks) {
        try {
            statuses.readToEnd(READ_BUDGET);
        } catch (StoreException e) {
            LOG.warn(
                    "Could not read the status topic to tell whether worker {} left cleanly: {}",
                    workerId,
                    e.getMessage());
            return false;
        }
        return connectors.stream().allMatch(c -> releasedBy(statuses.connector(c), workerId))
                && tasks.stream().allMatch(t -> statuses.lastReleasedBy(t, workerId));
    }

    private static boolean releasedBy(Optional<Status> status, String workerId) {
        return status.isPresent()
                && status.get().state() == StatusState.UNASSIGNED
                && workerId.equals(status.get().workerId());
    }
}
