package io.kanal.runtime.worker;

import io.kanal.client.admin.BatchResult;
import io.kanal.client.admin.FencedProducer;
import io.kanal.runtime.store.StoreException;
import io.kanal.runtime.store.kafka.ConfigSnapshot;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.ToIntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Zombie fencing of a standalone worker with exactly-once source support. A cluster fences through the leader's round
 * ({@link ZombieFencing}) and the config topic's {@code task-count-record-<c>}; a standalone worker runs the same round
 * with its task counts in {@link StandaloneEosState}:
 *
 * <ul>
 *   <li>{@link #fenceLeftovers()}, at start, before the offsets topic is read: every transactional id a previous
 *       process may have left a transaction open on ({@code <worker id>-<connector>-<task>} for the recorded counts) is
 *       fenced, so that no open transaction of a killed process holds the last stable offset of the data and offsets
 *       topics until {@code transaction.timeout.ms}, whatever task count the connectors have now; the counts become 0.
 *   <li>{@link #accept(String)}, on an exactly-once source task's thread before it takes its transactional id: when
 *       the connector's task count is not the recorded one, the recorded ids are fenced (a lower count drops some) and
 *       the current count is recorded, durably, before any task of it writes.
 * </ul>
 *
 * <p><b>Threading.</b> {@link #fenceLeftovers()} runs on the owner's thread at start; {@link #accept} on task threads,
 * one round at a time (synchronized); {@link #close()} ends a pause between attempts at once, from any thread.
 */
final class StandaloneFencing implements Consumer<String>, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StandaloneFencing.class);

    /** The admin call, so that a test can replace the cluster. */
    @FunctionalInterface
    interface Admin {
        /**
         * Fences producers with the worker's admin settings.
         *
         * @param connector the connector, for the client's owner
         * @param transactionalIds the ids
         * @return per id, the fenced producer or the error
         * @throws InterruptedException when interrupted while waiting
         * @throws ExecutionException when the call as a whole failed
         * @throws TimeoutException when it did not end in time
         */
        BatchResult<String, FencedProducer> fenceProducers(String connector, List<String> transactionalIds)
                throws InterruptedException, ExecutionException, TimeoutException;
    }

    private final StandaloneEosState state;
    private final String workerId;
    private final ToIntFunction<String> taskCount;
    private final Admin admin;
    private final FencingRetry retry;
    private final LongSupplier clockMs;
    private volatile ZombieFencing running; // the round under way, so that close() can end its pause
    private volatile boolean closed;

    /**
     * @param state where the task counts are kept
     * @param workerId the worker's {@code kanal.worker.id}
     * @param taskCount a connector's current task count, as its task configs say
     * @param admin the fencing call
     * @param retry when a failed call is retried
     * @param clockMs the retry deadline's clock
     */
    StandaloneFencing(
            StandaloneEosState state,
            String workerId,
            ToIntFunction<String> taskCount,
            Admin admin,
            FencingRetry retry,
            LongSupplier clockMs) {
        this.state = Objects.requireNonNull(state, "state");
        this.workerId = Objects.requireNonNull(workerId, "workerId");
        this.taskCount = Objects.requireNonNull(taskCount, "taskCount");
        this.admin = Objects.requireNonNull(admin, "admin");
        this.retry = Objects.requireNonNull(retry, "retry");
        this.clockMs = Objects.requireNonNull(clockMs, "clockMs");
    }

    /**
     * Fences every id the recorded task counts name, connector by connector, and records 0 for each. A connector whose
     * ids cannot be fenced is logged and stays recorded (the worker starts): under the same worker id its tasks' own
     * rounds fence the ids a lower count dropped, or fail the tasks with the reason, and each task takes its own id.
     *
     * @throws StoreException when the state file cannot be read
     */
    void fenceLeftovers() {
        state.load();
        String recordedId = state.workerId();
        for (Map.Entry<String, Integer> e : state.taskCounts().entrySet()) {
            if (e.getValue() <= 0) {
                continue;
            }
            String connector = e.getKey();
            try {
                run(new Round(connector, Optional.of(e.getValue()), 0), recordedId);
            } catch (ZombieFencingException | StoreException failed) {
                LOG.warn(
                        "Connector '{}': could not fence the {} transactional ids {}-{}-<task> a previous process may"
                                + " have left open; with the same worker id, its tasks take their own ids and fence"
                                + " the dropped ones before they start: {}",
                        connector,
                        e.getValue(),
                        recordedId,
                        connector,
                        failed.getMessage());
            }
        }
    }

    /**
     * The round of a connector's task about to take its transactional id.
     *
     * @param connector the task's connector
     * @throws ZombieFencingException when the recorded ids could not be fenced (the task must not start)
     * @throws StoreException when the new count cannot be recorded
     */
    @Override
    public synchronized void accept(String connector) {
        Optional<Integer> recorded = workerId.equals(state.workerId())
                ? Optional.ofNullable(state.taskCounts().get(connector))
                : Optional.empty();
        int count = taskCount.applyAsInt(connector);
        if (count <= 0) {
            throw new ZombieFencingException(
                    "Connector '" + connector + "' has no task configs: its task cannot be fenced in", false, null);
        }
        run(new Round(connector, recorded, count), workerId);
    }

    private void run(Round round, String idPrefix) {
        ZombieFencing fencing = new ZombieFencing(round, () -> idPrefix, retry, clockMs);
        running = fencing;
        if (closed) {
            fencing.close();
        }
        try {
            fencing.fence(round.connector);
        } finally {
            running = null;
        }
    }

    /** Ends a pause between fencing attempts at once; the round then fails. */
    @Override
    public void close() {
        closed = true;
        ZombieFencing now = running;
        if (now != null) {
            now.close();
        }
    }

    /**
     * One connector's round as {@link ZombieFencing} reads it: the recorded count as its task-count record, the
     * current count as its task configs, a round pending while they differ or nothing is recorded; the record goes to
     * the state file under this worker's id.
     */
    private final class Round implements ZombieFencing.Cluster {
        private final String connector;
        private final Optional<Integer> recorded;
        private final int current;

        Round(String connector, Optional<Integer> recorded, int current) {
            this.connector = connector;
            this.recorded = recorded;
            this.current = current;
        }

        @Override
        public ConfigSnapshot readToEnd() {
            boolean pending = recorded.isEmpty() || recorded.get() != current;
            return new ConfigSnapshot(
                    -1,
                    Optional.empty(),
                    Map.of(),
                    Map.of(),
                    Map.of(connector, current),
                    Map.of(),
                    recorded.map(r -> Map.of(connector, r)).orElse(Map.of()),
                    Map.of(),
                    Map.of(),
                    pending ? Set.of(connector) : Set.of(),
                    Set.of());
        }

        @Override
        public BatchResult<String, FencedProducer> fenceProducers(String name, List<String> transactionalIds)
                throws InterruptedException, ExecutionException, TimeoutException {
            return admin.fenceProducers(name, transactionalIds);
        }

        @Override
        public void putTaskCountRecord(String name, int count) {
            state.putTaskCount(workerId, name, count);
        }
    }
}
