package io.kanal.runtime.worker;

import io.kanal.client.admin.BatchResult;
import io.kanal.client.admin.FencedProducer;
import io.kanal.client.errors.KafkaException;
import io.kanal.runtime.store.StoreException;
import io.kanal.runtime.store.kafka.ConfigSnapshot;
import io.kanal.runtime.store.kafka.NotConfigLeaderException;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The leader's round of zombie fencing for an exactly-once source connector (KIP-618), as Connect's {@code
 * DistributedHerder} runs it when a task of the connector's new generation asks (the internal {@code PUT
 * /connectors/<c>/fence}): read the config topic to its end, decide with {@link FencingPlan}, fence the previous
 * generation's transactional ids with the admin's {@code fenceProducers} (retried by {@link FencingRetry}), then write
 * {@code task-count-record-<c>} with the current task count, after which the round is not needed again until the next
 * task configs. A fenced producer's next send, commit or abort fails with {@code ProducerFencedException}, and its
 * open transaction is aborted by the coordinator, so a task of a dropped number cannot write any more.
 *
 * <p>Task configs are committed apart from the rounds (by the herder, on another thread), so a round reads the topic
 * again after fencing (a generation committed meanwhile: it decides again) and after its record (a generation
 * committed between its last read and its write, which the record would make look fenced: it fences the ids of every
 * generation it saw and writes again). The record holds the largest task count the round saw: the requesters of an
 * older generation it releases may take their ids after its fence, and a record above the current count makes the
 * next round (which the current generation's tasks ask for before they start) fence those ids as well.
 *
 * <p>The whole round, its decisions again and its retries, is bounded by the retry deadline ({@link
 * FencingRetry#deadline()}, a worker's REST request timeout), counted from its first decision: a round whose
 * connector's task configs keep changing fails with {@link ZombieFencingException#unsettled} rather than running on.
 *
 * <p><b>Threading.</b> {@link #fence(String)} runs on the calling thread, a round of {@link FencingRounds}, and
 * blocks it for at most the retry deadline plus one attempt and the store's timeouts. Rounds of different connectors may run at the
 * same time (the config store serialises its writes); {@link FencingRounds} runs one connector's rounds one at a time.
 * {@link #close()} ends a pause at once, from any thread.
 */
public final class ZombieFencing implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ZombieFencing.class);

    /** The calls to the cluster a round makes, so that a test can replace them. */
    public interface Cluster {
        /**
         * Reads the config topic to its end.
         *
         * @return what it holds
         */
        ConfigSnapshot readToEnd();

        /**
         * Fences producers, with the admin settings of the connector.
         *
         * @param connector the connector
         * @param transactionalIds the ids
         * @return per id, the fenced producer or the error
         * @throws InterruptedException when interrupted while waiting
         * @throws ExecutionException when the call as a whole failed
         * @throws java.util.concurrent.TimeoutException when it did not end in time
         */
        BatchResult<String, FencedProducer> fenceProducers(String connector, List<String> transactionalIds)
                throws InterruptedException, ExecutionException, java.util.concurrent.TimeoutException;

        /**
         * Fails unless this worker may fence now: in a cluster, it leads the config topic (the round's writes are the
         * leader's, and a worker that no longer leads must not fence the tasks the real leader released); a standalone
         * worker always may.
         *
         * @param connector the connector, for the message
         * @throws NotConfigLeaderException when this worker does not lead
         */
        default void requireLeader(String connector) {}

        /**
         * Writes {@code task-count-record-<c>} and reads it back.
         *
         * @param connector the connector
         * @param taskCount its current task count
         */
        void putTaskCountRecord(String connector, int taskCount);
    }

    private final Cluster cluster;
    private final Supplier<String> groupId;
    private final FencingRetry retry;
    private final LongSupplier clockMs;
    private final CountDownLatch closed = new CountDownLatch(1);

    /**
     * @param cluster the config topic and the admin calls
     * @param groupId the cluster's {@code group.id}
     * @param retry when a failed attempt is retried
     * @param clockMs the clock the retry deadline runs on
     */
    public ZombieFencing(Cluster cluster, Supplier<String> groupId, FencingRetry retry, LongSupplier clockMs) {
        this.cluster = Objects.requireNonNull(cluster, "cluster");
        this.groupId = Objects.requireNonNull(groupId, "groupId");
        this.retry = Objects.requireNonNull(retry, "retry");
        this.clockMs = Objects.requireNonNull(clockMs, "clockMs");
    }

    /**
     * Runs a round for the connector, if one is needed.
     *
     * @param connector the connector's name
     * @return what the round did
     * @throws ZombieFencingException when the previous generation could not be fenced (tasks must not start)
     * @throws NotConfigLeaderException when this worker does not lead the config topic (checked before every {@code
     *     fenceProducers}); nothing more is fenced, the next leader runs the round
     * @throws StoreException when the config topic cannot be read or written
     */
    public FencingPlan fence(String connector) {
        cluster.requireLeader(connector);
        FencingPlan plan = FencingPlan.of(cluster.readToEnd(), groupId.get(), connector);
        if (!plan.needed()) {
            LOG.debug("Connector '{}': its previous task generation is fenced already", connector);
            return plan;
        }
        Set<String> fenced = new HashSet<>();
        int seen = 0; // the largest task count of a generation this round decided on
        long started = clockMs.getAsLong();
        for (int decisions = 1; ; decisions++) {
            if (decisions > 1
                    && clockMs.getAsLong() - started > retry.deadline().toMillis()) {
                // Task configs committed faster than the round settles: no task of the connector may start meanwhile.
                throw ZombieFencingException.unsettled(connector, retry.deadline(), decisions - 1);
            }
            if (!fenced.containsAll(plan.fence())) {
                fenceWithRetries(plan, started);
                fenced.addAll(plan.fence());
                LOG.info(
                        "Connector '{}': fenced the {} transactional ids of its previous task generation",
                        connector,
                        plan.fence().size());
            }
            seen = Math.max(seen, plan.taskCountRecord().getAsInt());
            // Task configs are written apart from the rounds: a generation committed while this one fenced must not
            // be covered by a record of the task count read before it, or the round after it would fence too few ids.
            FencingPlan now = FencingPlan.of(cluster.readToEnd(), groupId.get(), connector);
            if (now.generation() != plan.generation()) {
                LOG.info(
                        "Connector '{}': new task configs were committed during its fencing round; deciding again",
                        connector);
                if (!now.needed()) {
                    return now;
                }
                plan = now;
                continue;
            }
            // The largest count seen: requesters of an older generation this round releases may start after its
            // fence; a record above the current count makes the next round fence their ids too (over-fencing is
            // harmless, no task of the current generation has started before that round).
            cluster.putTaskCountRecord(connector, seen);
            LOG.info(
                    "Connector '{}': wrote its task-count record ({} tasks); earlier task generations are fenced out",
                    connector,
                    seen);
            ConfigSnapshot after = cluster.readToEnd();
            if (FencingPlan.generation(after, connector) == plan.generation()) {
                return plan.recording(seen);
            }
            // Committed between the last read and the write: the record may follow the new commit, which then looks
            // fenced, though the generations this round saw are not. Fence them and write the new count.
            LOG.info(
                    "Connector '{}': new task configs were committed just before its task-count record; fencing again",
                    connector);
            plan = FencingPlan.covering(after, groupId.get(), connector, seen);
        }
    }

    /** Fences the plan's ids, retrying until the round's deadline, counted from {@code started}. */
    private void fenceWithRetries(FencingPlan plan, long started) {
        for (int attempt = 1; ; attempt++) {
            Throwable failure = attempt(plan);
            if (failure == null) {
                return;
            }
            FencingRetry.Decision decision = retry.next(failure, attempt, started, clockMs.getAsLong());
            if (decision instanceof FencingRetry.GiveUp giveUp) {
                throw new ZombieFencingException(
                        "Could not fence out the zombie tasks of connector '" + plan.connector()
                                + "' (transactional ids " + plan.fence() + "): " + giveUp.reason()
                                + (giveUp.authorization()
                                        ? "; grant the worker's admin principal (or the connector's admin.override"
                                                + " principal) WRITE on these transactional ids, then restart the tasks"
                                        : ""),
                        giveUp.authorization(),
                        failure);
            }
            long pause = ((FencingRetry.Retry) decision).atMs() - clockMs.getAsLong();
            LOG.warn(
                    "Connector '{}': fencing attempt {} failed, retrying in {} ms: {}",
                    plan.connector(),
                    attempt,
                    pause,
                    failure.getMessage());
            pause(plan.connector(), pause);
        }
    }

    /** One call, made only while this worker leads; the failure to decide on, or null when every id was fenced. */
    private Throwable attempt(FencingPlan plan) {
        cluster.requireLeader(plan.connector());
        return fenceOnce(cluster, plan.connector(), plan.fence());
    }

    /**
     * One {@code fenceProducers} call: the failure to decide on (an authorization failure on any id decides; else
     * the first error), or null when every id was fenced. Shared with the fencing before an offsets change.
     *
     * @param cluster the cluster
     * @param connector the connector whose ids these are
     * @param ids the transactional ids
     * @return the failure, or null
     * @throws ZombieFencingException when interrupted
     */
    static Throwable fenceOnce(Cluster cluster, String connector, List<String> ids) {
        BatchResult<String, FencedProducer> result;
        try {
            result = cluster.fenceProducers(connector, ids);
        } catch (ExecutionException e) {
            return e.getCause() == null ? e : e.getCause();
        } catch (java.util.concurrent.TimeoutException e) {
            return new io.kanal.client.errors.TimeoutException("fenceProducers did not answer in time", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ZombieFencingException(
                    "Interrupted while fencing the tasks of connector '" + connector + "'", false, e);
        }
        KafkaException first = null;
        for (Map.Entry<String, KafkaException> error : result.errors().entrySet()) {
            if (error.getValue() instanceof io.kanal.client.errors.AuthorizationException) {
                return error.getValue();
            }
            if (first == null) {
                first = error.getValue();
            }
        }
        return first;
    }

    private void pause(String connector, long ms) {
        try {
            if (closed.await(Math.max(0, ms), TimeUnit.MILLISECONDS)) {
                throw ZombieFencingException.stopping(connector);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ZombieFencingException(
                    "Interrupted while fencing the zombie tasks of connector '" + connector + "'", false, e);
        }
    }

    /**
     * Ends a pause between attempts at once.
     */
    @Override
    public void close() {
        closed.countDown();
    }

    /**
     * The retry settings a worker uses: pauses of 100 ms doubling to 2 s, for up to the given deadline.
     *
     * @param deadline how long a round may retry
     * @return the settings
     */
    public static FencingRetry defaultRetry(Duration deadline) {
        return new FencingRetry(Duration.ofMillis(100), Duration.ofSeconds(2), deadline);
    }
}
