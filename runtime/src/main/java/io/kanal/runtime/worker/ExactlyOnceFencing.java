package io.kanal.runtime.worker;

import io.kanal.runtime.api.ApiException;
import io.kanal.runtime.api.ClusterRouting;
import io.kanal.runtime.herder.Assignment;
import io.kanal.runtime.herder.ConnectorTaskId;
import io.kanal.runtime.herder.HerderActions;
import io.kanal.runtime.herder.HerderCommand;
import io.kanal.runtime.invoke.Owner;
import io.kanal.runtime.store.StoreException;
import io.kanal.runtime.store.kafka.ConfigSnapshot;
import io.kanal.runtime.store.kafka.NotConfigLeaderException;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A distributed worker's part in exactly-once source support (KIP-618), with {@code
 * exactly.once.source.support=enabled}: the leader's rounds of zombie fencing ({@link FencingRounds}, for the internal
 * {@code PUT /connectors/<c>/fence} and this worker's own tasks when it leads), the tasks' way to them ({@link
 * FencingThroughLeader}), and the check a task makes once it has taken its transactional id: that the task-config
 * generation the herder built it from is still the newest in the config topic (read to its end) and that the task is
 * still this worker's, as Connect's {@code DistributedHerder.verifyTaskGenerationAndOwnership}. A round releases the
 * tasks that asked for it, and one of an older generation may take its id after the fence of a newer one; the check
 * stops such a task (its ids beyond the newer generation's count would never be fenced again).
 *
 * <p>The generation a task was built from is the herder's, not the config store's newest when the task is built: the
 * herder may not have read a generation the store has already applied. {@link #recording} notes it from every {@code
 * StartTask} command before the worker builds the task ({@link HerderCommand.StartTask#taskConfigGeneration()}).
 *
 * <p><b>Threading.</b> {@link #recording}'s actions run on the herder's thread; {@link #forTask} on the thread that
 * builds a task, its steps on the task's thread, {@link #fenceZombies} on REST threads, {@link #close()} by the
 * worker's owner; the generations are a concurrent map, the other parts guard their own state.
 */
final class ExactlyOnceFencing implements TaskFencing, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ExactlyOnceFencing.class);

    private final ZombieFencing.Cluster cluster;
    private final Supplier<Assignment> owned;
    /** Per task, the task-config generation of its last {@code StartTask}; herder thread writes, builders read. */
    private final Map<ConnectorTaskId, Integer> builtFrom = new ConcurrentHashMap<>();

    private final FencingRounds rounds;
    private final FencingThroughLeader throughLeader;

    /**
     * @param cluster the calls a round makes, and the config topic read to its end
     * @param groupId the cluster's {@code group.id}
     * @param workerId this worker's id, in the rounds' thread names
     * @param routing leader, session key and signing, asked on every attempt
     * @param algorithm {@code inter.worker.signature.algorithm}
     * @param deadline how long a task waits for its round, and a round (with its retries) may take
     * @param owned what this worker runs now
     */
    ExactlyOnceFencing(
            ZombieFencing.Cluster cluster,
            Supplier<String> groupId,
            String workerId,
            Supplier<ClusterRouting> routing,
            String algorithm,
            Duration deadline,
            Supplier<Assignment> owned) {
        this.cluster = Objects.requireNonNull(cluster, "cluster");
        this.owned = Objects.requireNonNull(owned, "owned");
        this.rounds = new FencingRounds(
                new ZombieFencing(cluster, groupId, ZombieFencing.defaultRetry(deadline), System::currentTimeMillis),
                FencingRounds.DEFAULT_THREADS,
                workerId,
                FencingRounds.CLOSE_WAIT);
        this.throughLeader = new FencingThroughLeader(rounds, routing, algorithm, deadline);
    }

    /**
     * Runs a round for the internal {@code PUT /connectors/<c>/fence}, on the rounds' threads.
     *
     * @param connector the connector
     * @return completed when the round ended; exceptionally with an {@link ApiException}: 409 when this worker no
     *     longer leads the config topic and 503 when it is stopping (the follower retries both), 500 when the round
     *     failed
     */
    CompletableFuture<Void> fenceZombies(String connector) {
        return rounds.request(connector).handle((plan, failure) -> {
            Throwable cause = failure instanceof CompletionException c && c.getCause() != null ? c.getCause() : failure;
            if (cause == null) {
                return null;
            }
            throw answer(cause);
        });
    }

    /** The REST answer for a round's failure. */
    static RuntimeException answer(Throwable cause) {
        if (cause instanceof NotConfigLeaderException) {
            return new ApiException(ApiException.CONFLICT, cause.getMessage());
        }
        if (cause instanceof ZombieFencingException z && z.stopping()) {
            return new ApiException(ApiException.UNAVAILABLE, cause.getMessage());
        }
        if (cause instanceof ZombieFencingException || cause instanceof StoreException) {
            return new ApiException(ApiException.INTERNAL, cause.getMessage());
        }
        return new CompletionException(cause);
    }

    /**
     * The herder's actions, noting the task-config generation of every task it starts before the worker builds it.
     *
     * @param actions the worker's actions
     * @return the actions to give the herder
     */
    HerderActions recording(HerderActions actions) {
        Objects.requireNonNull(actions, "actions");
        return command -> {
            if (command instanceof HerderCommand.StartTask start) {
                builtFrom.put(start.id(), start.taskConfigGeneration());
            }
            actions.execute(command);
        };
    }

    @Override
    public Steps forTask(Owner owner) {
        int generation = builtFrom.getOrDefault(new ConnectorTaskId(owner.connector(), owner.task()), -1);
        return new Steps(() -> throughLeader.accept(owner.connector()), () -> verify(owner, generation));
    }

    /** After the task took its id: fails it unless its generation is the newest and the task is still this worker's. */
    private void verify(Owner owner, int generation) {
        Optional<String> problem = problem(cluster.readToEnd(), owned.get(), owner, generation);
        if (problem.isPresent()) {
            LOG.info("Task {}: not started after taking its transactional id: {}", owner, problem.get());
            throw new TaskGenerationChangedException("Exactly-once source task " + owner
                    + " took its transactional id, but must not run: " + problem.get()
                    + "; the newest task generation starts instead");
        }
    }

    /**
     * Why a task that took its transactional id must not run, if it must not.
     *
     * @param now the config topic, read to its end after the task took its id
     * @param owned what this worker runs now
     * @param owner the task
     * @param generation the task-config generation the herder built the task from; {@code -1} when not known
     * @return the reason, or empty when the task may run
     */
    static Optional<String> problem(ConfigSnapshot now, Assignment owned, Owner owner, int generation) {
        int newest = FencingPlan.generation(now, owner.connector());
        int taskCount = now.taskCounts().getOrDefault(owner.connector(), 0);
        if (generation < 0) {
            return Optional.of("the task-config generation it was built from is not known");
        }
        if (newest != generation) {
            return Optional.of(
                    "its task configs (generation " + generation + ") were replaced by generation " + newest);
        }
        if (owner.task() >= taskCount) {
            return Optional.of("the connector has " + taskCount + " tasks now");
        }
        if (!owned.owns(new ConnectorTaskId(owner.connector(), owner.task()))) {
            return Optional.of("it is no longer assigned to this worker");
        }
        return Optional.empty();
    }

    /** Ends the tasks' pauses, fails the rounds not started, and waits (bounded) for the running ones to end. */
    @Override
    public void close() {
        throughLeader.close();
    }
}
