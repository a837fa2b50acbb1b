package io.kanal.runtime.worker;

import io.kanal.runtime.herder.Assignment;
import io.kanal.runtime.herder.HerderEvent;
import io.kanal.runtime.store.ClusterStatusPublisher;
import io.kanal.runtime.store.StoreException;
import io.kanal.runtime.store.kafka.KafkaOffsetStore;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The group's events on their way to a distributed worker's herder. An assignment that brings new tasks first reads
 * the offsets topic to its end, so that a source task moving here starts from the offsets its previous owner wrote
 * before it let go; the status publisher learns what this worker owns before the herder does; and once the worker is
 * leaving, every assignment is "nothing", whatever a rebalance finishing meanwhile says.
 *
 * <p><b>Threading.</b> {@link #accept} runs on the group's thread ({@code kanal-group-<id>}), and on the stopping
 * thread for the worker's own last assignment; {@link #owned()} is read from any thread. The state is volatile.
 */
final class AssignmentIntake implements Consumer<HerderEvent> {

    private static final Logger LOG = LoggerFactory.getLogger(AssignmentIntake.class);

    private final String workerId;
    private final KafkaOffsetStore offsets;
    private final Duration offsetsTimeout;
    private final ClusterStatusPublisher publisher;
    private final Consumer<HerderEvent> herder;
    private volatile Assignment owned = Assignment.none();
    private volatile boolean leaving;

    AssignmentIntake(
            String workerId,
            KafkaOffsetStore offsets,
            Duration offsetsTimeout,
            ClusterStatusPublisher publisher,
            Consumer<HerderEvent> herder) {
        this.workerId = Objects.requireNonNull(workerId, "workerId");
        this.offsets = Objects.requireNonNull(offsets, "offsets");
        this.offsetsTimeout = Objects.requireNonNull(offsetsTimeout, "offsetsTimeout");
        this.publisher = Objects.requireNonNull(publisher, "publisher");
        this.herder = Objects.requireNonNull(herder, "herder");
    }

    @Override
    public void accept(HerderEvent event) {
        if (event instanceof HerderEvent.AssignmentChanged changed) {
            Assignment next = leaving ? Assignment.none() : changed.assignment();
            if (!owned.tasks().containsAll(next.tasks())) {
                catchUpOnOffsets();
            }
            owned = next;
            publisher.assignment(next);
            event = new HerderEvent.AssignmentChanged(next);
        }
        herder.accept(event);
    }

    /**
     * What this worker owns, as the last assignment handed to the herder says.
     *
     * @return the assignment
     */
    Assignment owned() {
        return owned;
    }

    /**
     * Lets go of everything, for good: the herder is told this worker owns nothing, and so is every later assignment.
     *
     * @return what the worker owned until now
     */
    Assignment leave() {
        leaving = true;
        Assignment last = owned;
        accept(new HerderEvent.AssignmentChanged(Assignment.none()));
        return last;
    }

    /**
     * Reads the offsets topic to its end before new tasks start here. When it cannot be read in time the tasks start
     * anyway, from the offsets known so far, as Connect's do: holding the assignment back would leave them unowned in
     * the leader's eyes and running nowhere.
     */
    private void catchUpOnOffsets() {
        try {
            offsets.readToEnd(offsetsTimeout);
        } catch (StoreException e) {
            LOG.warn(
                    "Worker {}: the offsets topic could not be read to its end before new tasks start; they start from"
                            + " the offsets read so far",
                    workerId,
                    e);
        }
    }
}
