package io.kanal.runtime.worker;

import io.kanal.runtime.herder.Assignment;
import io.kanal.runtime.store.StoreException;
import io.kanal.runtime.store.kafka.KafkaStatusStore;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a worker does before it sends its LeaveGroup on a clean stop, as Connect's: it stops every connector and task it
 * runs (their statuses become {@code UNASSIGNED}, their offsets are written), waiting at most {@code budget}, and
 * flushes those statuses to the status topic, because they tell the leader that the departure is clean ({@link
 * CleanDepartures}), so that it hands the work to the others at once instead of holding it for the scheduled
 * rebalance delay.
 *
 * <p><b>Threading.</b> {@link #run()} on the thread that stops the worker, once; holds no state of its own.
 */
final class CleanLeave implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(CleanLeave.class);

    private final String workerId;
    private final AssignmentIntake intake;
    private final RevocationWatch revocations;
    private final KafkaStatusStore statuses;
    private final Duration budget;
    private final Duration flushTimeout;

    /**
     * @param workerId this worker, for logs
     * @param intake hands the herder an empty assignment
     * @param revocations tells when the instances stopped
     * @param statuses the status topic
     * @param budget how long the instances may take to stop
     * @param flushTimeout how long the statuses may take to be written
     */
    CleanLeave(
            String workerId,
            AssignmentIntake intake,
            RevocationWatch revocations,
            KafkaStatusStore statuses,
            Duration budget,
            Duration flushTimeout) {
        this.workerId = Objects.requireNonNull(workerId, "workerId");
        this.intake = Objects.requireNonNull(intake, "intake");
        this.revocations = Objects.requireNonNull(revocations, "revocations");
        this.statuses = Objects.requireNonNull(statuses, "statuses");
        this.budget = Objects.requireNonNull(budget, "budget");
        this.flushTimeout = Objects.requireNonNull(flushTimeout, "flushTimeout");
    }

    /** Stops this worker's instances and publishes that it let them go; logs what did not happen in time. */
    @Override
    public void run() {
        Assignment last = intake.leave();
        try {
            revocations.await(last.connectors(), last.tasks()).get(budget.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("Worker {}: not every instance stopped before leaving the group", workerId, e);
        }
        // The UNASSIGNED statuses must be on the topic before the LeaveGroup: they tell the leader the leave is clean.
        try {
            statuses.flush(flushTimeout);
        } catch (StoreException e) {
            LOG.warn("Worker {}: statuses not flushed before leaving; the leader will hold its work", workerId, e);
        }
    }
}
