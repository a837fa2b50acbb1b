package io.kanal.runtime.worker;

import io.kanal.runtime.store.kafka.ConfigSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A cluster's {@link OffsetChangeFencing}: reads the config topic to its end and fences the transactional ids {@code
 * <group.id>-<connector>-<task>} of every task number the connector may have run with, that is below the larger of its
 * {@code task-count-record-<c>} (the count of the last generation whose tasks were allowed to take their ids) and its
 * current task count (0 for a stopped connector), with the connector's admin settings, retried as a round of zombie
 * fencing is ({@link FencingRetry}). No id to fence (no task ever ran transactionally) is nothing to do. Unlike a
 * round, it writes no task-count record: the connector's next task generation still runs its own round.
 *
 * <p><b>Threading.</b> Stateless apart from its final fields; {@link #fence} blocks the calling operations thread up
 * to the retry deadline plus the cluster's timeouts.
 */
final class ClusterOffsetChangeFencing implements OffsetChangeFencing {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterOffsetChangeFencing.class);

    private final ZombieFencing.Cluster cluster;
    private final Supplier<String> groupId;
    private final FencingRetry retry;
    private final LongSupplier clockMs;
    /** Never counted down: a pause between attempts ends with its time or an interrupt. */
    private final CountDownLatch interruptOnly = new CountDownLatch(1);

    /**
     * @param cluster the config topic and the admin call (its task-count write is not used)
     * @param groupId the cluster's {@code group.id}
     * @param retry when a failed attempt is retried
     * @param clockMs the clock of the retry deadline
     */
    ClusterOffsetChangeFencing(
            ZombieFencing.Cluster cluster, Supplier<String> groupId, FencingRetry retry, LongSupplier clockMs) {
        this.cluster = Objects.requireNonNull(cluster, "cluster");
        this.groupId = Objects.requireNonNull(groupId, "groupId");
        this.retry = Objects.requireNonNull(retry, "retry");
        this.clockMs = Objects.requireNonNull(clockMs, "clockMs");
    }

    /**
     * The ids to fence before a change of the connector's offsets.
     *
     * @param snapshot the config topic, read to its end
     * @param groupId the cluster's {@code group.id}
     * @param connector the connector
     * @return the ids, task 0 first; empty when no task of it can hold one
     */
    static List<String> ids(ConfigSnapshot snapshot, String groupId, String connector) {
        int count = Math.max(
                snapshot.taskCountRecords().getOrDefault(connector, 0),
                snapshot.taskCounts().getOrDefault(connector, 0));
        List<String> ids = new ArrayList<>(count);
        for (int task = 0; task < count; task++) {
            ids.add(FencingPlan.transactionalId(groupId, connector, task));
        }
        return ids;
    }

    @Override
    public void fence(String connector) {
        List<String> ids = ids(cluster.readToEnd(), groupId.get(), connector);
        if (ids.isEmpty()) {
            LOG.debug("Connector '{}': no task producer to fence before changing its offsets", connector);
            return;
        }
        long started = clockMs.getAsLong();
        for (int attempt = 1; ; attempt++) {
            Throwable failure = attempt(connector, ids);
            if (failure == null) {
                LOG.info(
                        "Connector '{}': fenced the {} transactional ids of its tasks before changing its offsets",
                        connector,
                        ids.size());
                return;
            }
            FencingRetry.Decision decision = retry.next(failure, attempt, started, clockMs.getAsLong());
            if (decision instanceof FencingRetry.GiveUp giveUp) {
                throw new ZombieFencingException(
                        "Could not fence out the tasks of connector '" + connector + "' (transactional ids " + ids
                                + ") before changing its offsets: " + giveUp.reason()
                                + (giveUp.authorization()
                                        ? "; grant the worker's admin principal (or the connector's admin.override"
                                                + " principal) WRITE on these transactional ids"
                                        : ""),
                        giveUp.authorization(),
                        failure);
            }
            pause(connector, ((FencingRetry.Retry) decision).atMs() - clockMs.getAsLong());
        }
    }

    /** One call; the failure to decide on, or null when every id was fenced. */
    private Throwable attempt(String connector, List<String> ids) {
        return ZombieFencing.fenceOnce(cluster, connector, ids);
    }

    /** Waits until the next attempt; the worker's close interrupts the operations thread, which ends the wait. */
    private void pause(String connector, long ms) {
        try {
            if (interruptOnly.await(Math.max(0, ms), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("the pause latch is never counted down");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ZombieFencingException(
                    "Interrupted while fencing the tasks of connector '" + connector + "'", false, e);
        }
    }
}
