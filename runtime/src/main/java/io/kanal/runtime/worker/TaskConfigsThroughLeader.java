package io.kanal.runtime.worker;

import io.kanal.runtime.api.ClusterRouting;
import io.kanal.runtime.api.SessionKey;
import io.kanal.runtime.store.ConfigStore;
import io.kanal.runtime.store.DelegatingConfigStore;
import io.kanal.runtime.store.StoreException;
import io.kanal.runtime.store.kafka.NotConfigLeaderException;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A config store whose task-config writes go through the group's leader when this worker is not the leader, as
 * Connect's followers do (KIP-507): {@code POST /connectors/<c>/tasks?forward=true} to the leader, signed with the
 * session key ({@link LeaderTaskConfigRequest}); the leader writes the {@code task-}/{@code commit-} records. On the
 * leader, or for every other write, the store is called directly. An Apache leader accepts task configs only this way
 * once the cluster runs the {@code sessioned} protocol.
 *
 * <p>While no leader or no session key is known (a rebalance, a key not read yet), or the leader answers 409 or 503 or
 * cannot be reached, or this worker, the leader, finds itself fenced out of the config topic ({@link
 * NotConfigLeaderException}, KIP-618: it rejoins and learns who leads), the write is retried with a growing pause
 * until {@code deadline}; then, or on any other answer, it fails with a {@link StoreException}, which the store runner
 * reports in the herder's {@code WriteCompleted}. After the leader's 2xx this worker reads its config topic to the end,
 * so the herder sees the configs read back before the write completes, as with a local write.
 *
 * <p><b>Threading.</b> Called on the worker's store thread ({@code kanal-store-config}), which a forwarded write blocks
 * for at most {@code deadline}; the counter is safe from any thread.
 */
final class TaskConfigsThroughLeader extends DelegatingConfigStore {

    private static final Logger LOG = LoggerFactory.getLogger(TaskConfigsThroughLeader.class);
    private static final Duration FIRST_PAUSE = Duration.ofMillis(100);
    private static final Duration MAX_PAUSE = Duration.ofSeconds(2);

    private final Supplier<ClusterRouting> routing;
    private final Runnable catchUp;
    private final String algorithm;
    private final Duration deadline;
    private final LeaderTaskConfigRequest requests = new LeaderTaskConfigRequest();
    private final HttpClient http;
    private final LongAdder forwarded = new LongAdder();
    // Counted down on close: a retry pause ends at once, so that a stopping worker does not wait out the deadline.
    private final CountDownLatch closed = new CountDownLatch(1);

    /**
     * @param store the config store the leader writes to
     * @param routing leader, session key, whether signing is required (asked on every write: the worker builds its
     *     routing after its stores)
     * @param catchUp reads the config topic to its end (after the leader wrote)
     * @param algorithm {@code inter.worker.signature.algorithm}
     * @param deadline how long a forwarded write may take, retries included
     */
    TaskConfigsThroughLeader(
            ConfigStore store,
            Supplier<ClusterRouting> routing,
            Runnable catchUp,
            String algorithm,
            Duration deadline) {
        super(store);
        this.routing = Objects.requireNonNull(routing, "routing");
        this.catchUp = Objects.requireNonNull(catchUp, "catchUp");
        this.algorithm = Objects.requireNonNull(algorithm, "algorithm");
        this.deadline = Objects.requireNonNull(deadline, "deadline");
        this.http = HttpClient.newBuilder().connectTimeout(deadline).build();
    }

    /**
     * How many task-config writes the leader accepted from this worker.
     *
     * @return the count
     */
    long forwarded() {
        return forwarded.sum();
    }

    @Override
    public void putTaskConfigs(String name, List<Map<String, String>> configs) {
        long giveUpAt = System.nanoTime() + deadline.toNanos();
        Duration pause = FIRST_PAUSE;
        String lastProblem = "no attempt";
        while (true) {
            ClusterRouting routing = this.routing.get();
            Optional<String> leader = routing.rebalancing()
                    ? Optional.empty()
                    : routing.leaderUrl().filter(u -> !u.isBlank());
            Optional<SessionKey> key = routing.sessionKey();
            if (routing.isLeader()) {
                try {
                    store.putTaskConfigs(name, configs);
                    return;
                } catch (NotConfigLeaderException e) {
                    // Fenced out of the config topic (KIP-618): the group rebalances, then whoever leads writes them.
                    lastProblem = e.getMessage();
                }
            } else if (leader.isEmpty()) {
                lastProblem = "no leader known (rebalance in progress)";
            } else if (key.isEmpty() && routing.requestSigningRequired()) {
                lastProblem = "no session key read yet";
            } else {
                Optional<String> problem = send(leader.get(), name, configs, key);
                if (problem.isEmpty()) {
                    forwarded.increment();
                    catchUp.run();
                    return;
                }
                lastProblem = problem.get();
            }
            if (System.nanoTime() - giveUpAt > 0) {
                throw new StoreException("Could not write the task configs of connector '" + name
                        + "' through the leader within " + deadline.toMillis() + " ms: " + lastProblem);
            }
            LOG.debug("Task configs of connector '{}' not written through the leader yet: {}", name, lastProblem);
            try {
                if (closed.await(pause.toMillis(), TimeUnit.MILLISECONDS)) {
                    throw new StoreException("The task configs of connector '" + name
                            + "' were not written through the leader: the worker is stopping");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StoreException(
                        "Interrupted while writing the task configs of connector '" + name + "' through the leader", e);
            }
            pause = pause.multipliedBy(2).compareTo(MAX_PAUSE) > 0 ? MAX_PAUSE : pause.multipliedBy(2);
        }
    }

    /**
     * One attempt.
     *
     * @return empty when the leader wrote them; else what to retry on
     * @throws StoreException when the leader refused them for good
     */
    private Optional<String> send(
            String leader, String name, List<Map<String, String>> configs, Optional<SessionKey> key) {
        HttpRequest request;
        try {
            request = requests.build(leader, name, configs, key, algorithm, deadline);
        } catch (IllegalArgumentException e) {
            throw new StoreException("Cannot sign the task configs of connector '" + name + "': " + e.getMessage(), e);
        }
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            return Optional.of("leader " + leader + " not reachable: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException(
                    "Interrupted while writing the task configs of connector '" + name + "' through the leader", e);
        }
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            LOG.debug("Leader {} wrote the task configs of connector '{}'", leader, name);
            return Optional.empty();
        }
        // The leader's error body is Connect's {"error_code","message"}: names and statuses, no config values.
        String answer = "leader " + leader + " answered " + status + ": " + response.body();
        if (status == 409 || status == 503) {
            return Optional.of(answer);
        }
        throw new StoreException("Could not write the task configs of connector '" + name + "': " + answer);
    }

    /** Ends a retry in progress, then closes the store. */
    @Override
    public void close() {
        closed.countDown();
        super.close();
    }
}
