package io.kanal.client.cluster.internals;

import io.kanal.client.cluster.CoordinatorType;
import io.kanal.client.cluster.Node;
import io.kanal.client.common.ExponentialBackoff;
import io.kanal.client.common.Time;
import io.kanal.client.errors.BrokerErrors;
import io.kanal.client.errors.Causes;
import io.kanal.client.errors.Errors;
import io.kanal.client.errors.KafkaException;
import io.kanal.client.errors.ProtocolException;
import io.kanal.client.errors.RetriableException;
import io.kanal.client.errors.TimeoutException;
import io.kanal.client.network.ApiRequest;
import io.kanal.client.network.ApiResponse;
import io.kanal.client.network.Lane;
import io.kanal.client.network.NetworkClient;
import io.kanal.client.protocol.ApiKey;
import io.kanal.client.protocol.message.FindCoordinatorResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds group and transaction coordinators with FindCoordinator and caches the answers.
 *
 * <ul>
 *   <li>Keys asked for together go in one request ({@code CoordinatorKeys}, v4+); a broker that only speaks v0-3
 *       answers the first key and the others are then asked one request each.
 *   <li>Concurrent lookups of the same key share one request; each caller still gets its own deadline.
 *   <li>Retriable errors (COORDINATOR_NOT_AVAILABLE, COORDINATOR_LOAD_IN_PROGRESS, NOT_COORDINATOR, lost connections,
 *       request time-outs) are retried with {@link ExponentialBackoff exponential back-off} until the latest deadline of the
 *       callers waiting; a caller whose own deadline passes first gets a {@link TimeoutException} carrying the last
 *       error. Other errors (authorization, unsupported version...) fail the callers at once with the typed exception
 *       from {@link BrokerErrors#exception}.
 *   <li>A found coordinator is cached until {@link #invalidate} is called: the group and transaction code call it
 *       when a coordinator answers NOT_COORDINATOR or COORDINATOR_NOT_AVAILABLE, then look up again.
 * </ul>
 *
 * <p>Sans-IO at its core: the network and the timer are injected ({@link Transport}, {@link Scheduler}), so tests drive
 * it with lambdas and no sleeps; {@link #create} wires the real ones.
 *
 * <p>Thread-safe. Returned futures complete on the transport's thread (the network I/O thread in production) or on
 * the scheduler's thread: callers must chain only quick, non-blocking steps or hand over to their own executor.
 */
public final class CoordinatorLookup {
    private static final Logger LOG = LoggerFactory.getLogger(CoordinatorLookup.class);
    private static final short FIRST_BATCHED_VERSION = 4;

    /** Sends a FindCoordinator request to some broker. */
    @FunctionalInterface
    public interface Transport {
        /**
         * Sends the request.
         *
         * @param request the request
         * @param timeoutMs how long the broker may take to answer
         * @return the response, or the failure
         */
        CompletableFuture<ApiResponse> send(ApiRequest request, long timeoutMs);
    }

    /** Runs a task later. */
    @FunctionalInterface
    public interface Scheduler {
        /**
         * Schedules a task.
         *
         * @param task what to run; quick and non-blocking
         * @param delayMs after how long
         */
        void schedule(Runnable task, long delayMs);
    }

    private record Key(CoordinatorType type, String id) {}

    /** One key being looked up, shared by every caller waiting for it. Fields other than final ones: under lock. */
    private static final class Lookup {
        final Key key;
        final CompletableFuture<Node> result = new CompletableFuture<>();
        long deadlineMs;
        int failures;
        Throwable lastError;

        Lookup(Key key, long deadlineMs) {
            this.key = key;
            this.deadlineMs = deadlineMs;
        }
    }

    private final String clientId;
    private final Transport transport;
    private final Scheduler scheduler;
    private final ExponentialBackoff backoff;
    private final Time time;
    private final long requestTimeoutMs;
    private final Object lock = new Object();
    private final Map<Key, Node> cache = new HashMap<>();
    private final Map<Key, Lookup> inFlight = new HashMap<>();

    /**
     * Creates a lookup over injected I/O.
     *
     * @param clientId the client id, for logs
     * @param transport sends requests to some broker
     * @param scheduler runs retries and deadline checks later
     * @param backoff the retry back-off
     * @param time the clock; deadlines are in its {@link Time#monotonicMs()}
     * @param requestTimeoutMs the longest a single request may take ({@code request.timeout.ms})
     */
    public CoordinatorLookup(
            String clientId,
            Transport transport,
            Scheduler scheduler,
            ExponentialBackoff backoff,
            Time time,
            long requestTimeoutMs) {
        this.clientId = clientId;
        this.transport = transport;
        this.scheduler = scheduler;
        this.backoff = backoff;
        this.time = time;
        this.requestTimeoutMs = requestTimeoutMs;
    }

    /**
     * Creates a lookup that sends to a random known broker through the client's network client and schedules retries
     * on the client's scheduler.
     *
     * @param network the network client
     * @param metadata the cluster metadata
     * @param executor the client's scheduler for retries (shared; not shut down here)
     * @param backoff the retry back-off
     * @param time the clock
     * @return the lookup
     */
    public static CoordinatorLookup create(
            NetworkClient network,
            ClusterMetadata metadata,
            ScheduledExecutorService executor,
            ExponentialBackoff backoff,
            Time time) {
        BrokerSelector brokers = new BrokerSelector(metadata);
        Transport transport = (request, timeoutMs) -> brokers.any()
                .thenCompose(
                        node -> network.send(node.endpoint(), Lane.GENERAL, request, Duration.ofMillis(timeoutMs)));
        Scheduler scheduler = (task, delayMs) -> {
            try {
                executor.schedule(task, delayMs, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException closing) {
                // The client is closing: run now so that waiters fail promptly instead of hanging.
                task.run();
            }
        };
        return new CoordinatorLookup(
                network.config().clientId(),
                transport,
                scheduler,
                backoff,
                time,
                network.config().requestTimeoutMs());
    }

    /**
     * The coordinator for a key, from the cache or looked up.
     *
     * @param type the coordinator type
     * @param key the group id or transactional id
     * @param deadlineMs when to give up, in {@link Time#monotonicMs()}
     * @return the coordinator; or a {@link TimeoutException} with the last error as cause; or the typed exception of a
     *     non-retriable error
     */
    public CompletableFuture<Node> coordinator(CoordinatorType type, String key, long deadlineMs) {
        return coordinators(type, List.of(key), deadlineMs).get(key);
    }

    /**
     * The coordinators for several keys; keys neither cached nor already being looked up go in one request.
     *
     * @param type the coordinator type
     * @param keys the group ids or transactional ids
     * @param deadlineMs when to give up, in {@link Time#monotonicMs()}
     * @return one future per distinct key, in the keys' order, each as in {@link #coordinator}
     */
    public Map<String, CompletableFuture<Node>> coordinators(
            CoordinatorType type, Collection<String> keys, long deadlineMs) {
        Map<String, CompletableFuture<Node>> out = new LinkedHashMap<>();
        List<Lookup> toSend = new ArrayList<>();
        long now = time.monotonicMs();
        synchronized (lock) {
            for (String id : keys) {
                if (out.containsKey(id)) {
                    continue;
                }
                Key key = new Key(type, id);
                Node cached = cache.get(key);
                if (cached != null) {
                    out.put(id, CompletableFuture.completedFuture(cached));
                    continue;
                }
                Lookup lookup = inFlight.get(key);
                if (lookup == null) {
                    if (deadlineMs <= now) {
                        out.put(id, CompletableFuture.failedFuture(timeout(key, null)));
                        continue;
                    }
                    lookup = new Lookup(key, deadlineMs);
                    inFlight.put(key, lookup);
                    toSend.add(lookup);
                } else {
                    lookup.deadlineMs = Math.max(lookup.deadlineMs, deadlineMs);
                }
                out.put(id, withDeadline(lookup, deadlineMs, now));
            }
        }
        if (!toSend.isEmpty()) {
            send(type, toSend);
        }
        return out;
    }

    /**
     * The cached coordinator for a key, without any lookup.
     *
     * @param type the coordinator type
     * @param key the group id or transactional id
     * @return the coordinator, if cached
     */
    public Optional<Node> cached(CoordinatorType type, String key) {
        synchronized (lock) {
            return Optional.ofNullable(cache.get(new Key(type, key)));
        }
    }

    /**
     * Forgets a cached coordinator, so that the next call looks it up again. Call it after NOT_COORDINATOR,
     * COORDINATOR_NOT_AVAILABLE or a lost connection to the coordinator.
     *
     * @param type the coordinator type
     * @param key the group id or transactional id
     */
    public void invalidate(CoordinatorType type, String key) {
        synchronized (lock) {
            cache.remove(new Key(type, key));
        }
    }

    /**
     * Forgets a cached coordinator only if it is still the given node, so that a late error from an old coordinator
     * does not discard a newer answer.
     *
     * @param type the coordinator type
     * @param key the group id or transactional id
     * @param stale the coordinator that failed
     */
    public void invalidate(CoordinatorType type, String key, Node stale) {
        synchronized (lock) {
            cache.remove(new Key(type, key), stale);
        }
    }

    private CompletableFuture<Node> withDeadline(Lookup lookup, long deadlineMs, long now) {
        CompletableFuture<Node> mine = new CompletableFuture<>();
        lookup.result.whenComplete((node, error) -> {
            if (error != null) {
                mine.completeExceptionally(error);
            } else {
                mine.complete(node);
            }
        });
        if (deadlineMs != Long.MAX_VALUE) {
            // The shared lookup may outlive this caller when a later caller extended its deadline.
            scheduler.schedule(
                    () -> {
                        Throwable last;
                        synchronized (lock) {
                            last = lookup.lastError;
                        }
                        mine.completeExceptionally(timeout(lookup.key, last));
                    },
                    Math.max(0, deadlineMs - now));
        }
        return mine;
    }

    private void send(CoordinatorType type, List<Lookup> batch) {
        List<String> ids = new ArrayList<>(batch.size());
        long deadline = Long.MIN_VALUE;
        synchronized (lock) {
            for (Lookup l : batch) {
                ids.add(l.key.id());
                deadline = Math.max(deadline, l.deadlineMs);
            }
        }
        long timeoutMs = Math.max(1, Math.min(requestTimeoutMs, deadline - time.monotonicMs()));
        // KeyType exists from v1: transaction coordinators cannot be found with v0.
        short minVersion = type == CoordinatorType.GROUP ? (short) 0 : (short) 1;
        ApiRequest request = new ApiRequest(
                ApiKey.FIND_COORDINATOR,
                minVersion,
                ApiKey.FIND_COORDINATOR.highestVersion(),
                v -> FindCoordinatorRequests.build(type, ids, v));
        CompletableFuture<ApiResponse> response;
        try {
            response = transport.send(request, timeoutMs);
        } catch (RuntimeException e) {
            response = CompletableFuture.failedFuture(e);
        }
        response.whenComplete((r, error) -> onResponse(type, batch, r, error));
    }

    private void onResponse(CoordinatorType type, List<Lookup> batch, ApiResponse response, Throwable error) {
        List<Lookup> retry = new ArrayList<>();
        if (error != null) {
            Throwable cause = unwrap(error);
            for (Lookup l : batch) {
                if (cause instanceof RetriableException) {
                    noteRetry(l, cause, retry);
                } else {
                    fail(l, cause);
                }
            }
        } else {
            FindCoordinatorResponse body = (FindCoordinatorResponse) response.body();
            if (response.version() >= FIRST_BATCHED_VERSION) {
                Map<String, FindCoordinatorResponse.Coordinator> byKey = new HashMap<>();
                for (FindCoordinatorResponse.Coordinator c : body.coordinators()) {
                    byKey.put(c.key(), c);
                }
                for (Lookup l : batch) {
                    FindCoordinatorResponse.Coordinator c = byKey.get(l.key.id());
                    if (c == null) {
                        noteRetry(l, new ProtocolException("FindCoordinator response lacks key " + l.key.id()), retry);
                    } else {
                        onAnswer(
                                l,
                                c.errorCode(),
                                c.errorMessage(),
                                new Node(c.nodeId(), c.host(), c.port(), null),
                                retry);
                    }
                }
            } else {
                Lookup first = batch.get(0);
                Node node = new Node(body.nodeId(), body.host(), body.port(), null);
                onAnswer(first, body.errorCode(), body.errorMessage(), node, retry);
                for (Lookup rest : batch.subList(1, batch.size())) {
                    send(type, List.of(rest));
                }
            }
        }
        scheduleRetry(type, retry);
    }

    private void onAnswer(Lookup l, short code, String message, Node node, List<Lookup> retry) {
        Errors error = Errors.forCode(code);
        if (error == Errors.NONE) {
            synchronized (lock) {
                cache.put(l.key, node);
                inFlight.remove(l.key);
            }
            LOG.debug("[{}] {} coordinator for '{}' is {}", clientId, l.key.type(), l.key.id(), node);
            l.result.complete(node);
        } else if (error.retriable()) {
            noteRetry(l, BrokerErrors.exception(error, message), retry);
        } else {
            fail(l, BrokerErrors.exception(error, message));
        }
    }

    private void noteRetry(Lookup l, Throwable cause, List<Lookup> retry) {
        synchronized (lock) {
            l.failures++;
            l.lastError = cause;
        }
        retry.add(l);
    }

    private void scheduleRetry(CoordinatorType type, List<Lookup> retry) {
        if (retry.isEmpty()) {
            return;
        }
        int failures = 0;
        synchronized (lock) {
            for (Lookup l : retry) {
                failures = Math.max(failures, l.failures);
            }
        }
        long delay = backoff.delayMs(failures);
        long now = time.monotonicMs();
        List<Lookup> again = new ArrayList<>();
        for (Lookup l : retry) {
            long deadline;
            Throwable last;
            synchronized (lock) {
                deadline = l.deadlineMs;
                last = l.lastError;
            }
            if (now + delay >= deadline) {
                fail(l, timeout(l.key, last));
            } else {
                again.add(l);
            }
        }
        if (!again.isEmpty()) {
            LOG.debug(
                    "[{}] retrying {} coordinator lookup of {} keys in {} ms after: {}",
                    clientId,
                    type,
                    again.size(),
                    delay,
                    again.get(0).lastError);
            scheduler.schedule(() -> send(type, again), delay);
        }
    }

    private void fail(Lookup l, Throwable error) {
        synchronized (lock) {
            inFlight.remove(l.key);
        }
        l.result.completeExceptionally(error);
    }

    private static TimeoutException timeout(Key key, Throwable last) {
        String message = "No " + key.type() + " coordinator found for '" + key.id() + "' before the deadline";
        return new TimeoutException(last == null ? message : message + "; last error: " + last.getMessage(), last);
    }

    private static Throwable unwrap(Throwable error) {
        Throwable t = Causes.unwrap(error);
        return t instanceof KafkaException ? t : new KafkaException("FindCoordinator failed: " + t, t);
    }
}
