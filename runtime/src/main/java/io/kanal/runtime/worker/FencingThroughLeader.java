package io.kanal.runtime.worker;

import io.kanal.runtime.api.ClusterRouting;
import io.kanal.runtime.api.InternalRequestSigning;
import io.kanal.runtime.api.SessionKey;
import io.kanal.runtime.store.kafka.NotConfigLeaderException;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What an exactly-once source task runs before it takes its transactional id, as Connect's tasks do (KIP-618): the
 * leader's round of zombie fencing for its connector ({@link ZombieFencing}), here when this worker leads (through
 * {@link FencingRounds}, shared with the leader's REST endpoint, and waited for until {@code deadline}), otherwise
 * through the leader's internal {@code PUT /connectors/<c>/fence}, signed with the session key (KIP-507). While no
 * leader or no session key is known, or the leader answers 409 or 503 or cannot be reached, or this worker's own round
 * failed because it lost the leadership of the config topic ({@link NotConfigLeaderException}), the request is retried
 * with a growing pause until {@code deadline}; then, or on any other answer (the leader's 500 says why its round
 * failed, an authorization failure included), the task fails with a {@link ZombieFencingException}.
 *
 * <p><b>Threading.</b> Called on task threads, which it blocks for at most {@code deadline}; {@link #close()} ends a
 * pause at once, from any thread.
 */
final class FencingThroughLeader implements Consumer<String>, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FencingThroughLeader.class);
    private static final Duration FIRST_PAUSE = Duration.ofMillis(100);
    private static final Duration MAX_PAUSE = Duration.ofSeconds(2);

    private final FencingRounds local;
    private final Supplier<ClusterRouting> routing;
    private final String algorithm;
    private final Duration deadline;
    private final HttpClient http;
    private final CountDownLatch closed = new CountDownLatch(1);

    /**
     * @param local the rounds, run here when this worker leads
     * @param routing leader, session key, whether signing is required (asked on every attempt)
     * @param algorithm {@code inter.worker.signature.algorithm}
     * @param deadline how long a task may wait for its connector's round, retries included
     */
    FencingThroughLeader(FencingRounds local, Supplier<ClusterRouting> routing, String algorithm, Duration deadline) {
        this.local = Objects.requireNonNull(local, "local");
        this.routing = Objects.requireNonNull(routing, "routing");
        this.algorithm = Objects.requireNonNull(algorithm, "algorithm");
        this.deadline = Objects.requireNonNull(deadline, "deadline");
        this.http = HttpClient.newBuilder().connectTimeout(deadline).build();
    }

    /**
     * Runs or asks for the round.
     *
     * @param connector the task's connector
     * @throws ZombieFencingException when the round failed or could not be asked for in time
     */
    @Override
    public void accept(String connector) {
        long giveUpAt = System.nanoTime() + deadline.toNanos();
        Duration pause = FIRST_PAUSE;
        String lastProblem = "no attempt";
        while (true) {
            ClusterRouting now = routing.get();
            Optional<String> leader =
                    now.rebalancing() ? Optional.empty() : now.leaderUrl().filter(u -> !u.isBlank());
            Optional<SessionKey> key = now.sessionKey();
            if (now.isLeader()) {
                Optional<String> problem = awaitLocal(connector, giveUpAt);
                if (problem.isEmpty()) {
                    return;
                }
                lastProblem = problem.get();
            } else if (leader.isEmpty()) {
                lastProblem = "no leader known (rebalance in progress)";
            } else if (key.isEmpty() && now.requestSigningRequired()) {
                lastProblem = "no session key read yet";
            } else {
                Optional<String> problem = send(leader.get(), connector, key);
                if (problem.isEmpty()) {
                    return;
                }
                lastProblem = problem.get();
            }
            if (System.nanoTime() - giveUpAt > 0) {
                throw new ZombieFencingException(
                        "The leader did not fence the zombie tasks of connector '" + connector + "' within "
                                + deadline.toMillis() + " ms: " + lastProblem,
                        false,
                        null);
            }
            LOG.debug("Zombie fencing of connector '{}' not done by the leader yet: {}", connector, lastProblem);
            pause(connector, pause);
            pause = pause.multipliedBy(2).compareTo(MAX_PAUSE) > 0 ? MAX_PAUSE : pause.multipliedBy(2);
        }
    }

    /**
     * Waits for this leader's round until the deadline: empty once done; what to retry on when this worker lost the
     * leadership of the config topic meanwhile (the next leader runs the round); else the round's failure is the
     * task's.
     */
    private Optional<String> awaitLocal(String connector, long giveUpAt) {
        CompletableFuture<FencingPlan> round = local.request(connector);
        try {
            round.get(Math.max(0, giveUpAt - System.nanoTime()), TimeUnit.NANOSECONDS);
            return Optional.empty();
        } catch (TimeoutException e) {
            throw new ZombieFencingException(
                    "The zombie fencing round of connector '" + connector + "' did not end within "
                            + deadline.toMillis() + " ms",
                    false,
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ZombieFencingException(
                    "Interrupted while waiting for the zombie fencing of connector '" + connector + "'", false, e);
        } catch (ExecutionException e) {
            // The round's exception (its cause, with the round's stack) may be handed to several callers: each gets
            // its own with the same message.
            Throwable cause = e.getCause();
            if (cause instanceof NotConfigLeaderException) {
                return Optional.of("this worker is no longer the config topic's leader: " + cause.getMessage());
            }
            throw new ZombieFencingException(
                    cause.getMessage(), cause instanceof ZombieFencingException z && z.authorization(), cause);
        }
    }

    /**
     * The leader's URL for a connector's round.
     *
     * @param leaderUrl the leader's advertised REST URL, with or without a trailing {@code /}
     * @param connector the connector's name
     * @return {@code <leader>/connectors/<connector, path-encoded>/fence}
     */
    static URI uri(String leaderUrl, String connector) {
        String base = leaderUrl.endsWith("/") ? leaderUrl.substring(0, leaderUrl.length() - 1) : leaderUrl;
        String segment = URLEncoder.encode(connector, StandardCharsets.UTF_8).replace("+", "%20");
        return URI.create(base + "/connectors/" + segment + "/fence");
    }

    /**
     * The request: an empty {@code PUT}, signed over the empty body when a key is known, as Connect signs it.
     *
     * @param leaderUrl the leader's URL
     * @param connector the connector's name
     * @param key the session key
     * @param algorithm the signature algorithm
     * @param timeout how long the leader may take
     * @return the request
     */
    static HttpRequest request(
            String leaderUrl, String connector, Optional<SessionKey> key, String algorithm, Duration timeout) {
        byte[] body = new byte[0];
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(leaderUrl, connector))
                .timeout(timeout)
                .header("Accept", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(body));
        key.ifPresent(k -> InternalRequestSigning.sign(k, algorithm, body).forEach(request::header));
        return request.build();
    }

    /** One attempt: empty when the leader fenced; else what to retry on; throws when refused for good. */
    private Optional<String> send(String leader, String connector, Optional<SessionKey> key) {
        HttpRequest request;
        try {
            request = request(leader, connector, key, algorithm, deadline);
        } catch (IllegalArgumentException e) {
            throw new ZombieFencingException(
                    "Cannot sign the zombie fencing request of connector '" + connector + "': " + e.getMessage(),
                    false,
                    e);
        }
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            return Optional.of("leader " + leader + " not reachable: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ZombieFencingException(
                    "Interrupted while asking the leader to fence the zombie tasks of connector '" + connector + "'",
                    false,
                    e);
        }
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return Optional.empty();
        }
        // Connect's {"error_code","message"} body: the leader's reason, no config values.
        String answer = "leader " + leader + " answered " + status + ": " + response.body();
        if (status == 409 || status == 503) {
            return Optional.of(answer);
        }
        throw new ZombieFencingException(
                "Could not fence the zombie tasks of connector '" + connector + "': " + answer, false, null);
    }

    private void pause(String connector, Duration pause) {
        try {
            if (closed.await(pause.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new ZombieFencingException(
                        "The worker is stopping: the zombie tasks of connector '" + connector + "' were not fenced",
                        false,
                        null);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ZombieFencingException(
                    "Interrupted while waiting for the zombie fencing of connector '" + connector + "'", false, e);
        }
    }

    /** Ends a pause in progress, and the local round's. */
    @Override
    public void close() {
        closed.countDown();
        local.close();
    }
}
