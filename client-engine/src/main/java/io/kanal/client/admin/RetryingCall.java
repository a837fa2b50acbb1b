package io.kanal.client.admin;

import io.kanal.client.cluster.Node;
import io.kanal.client.errors.Causes;
import io.kanal.client.errors.ClientClosedException;
import io.kanal.client.errors.KafkaException;
import io.kanal.client.errors.ProtocolException;
import io.kanal.client.errors.RetriableException;
import io.kanal.client.errors.TimeoutException;
import io.kanal.client.network.ApiResponse;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one admin operation to completion: route the pending items, send one request per broker, map the responses to
 * outcomes, and retry what is retriable with back-off until the operation's deadline. Items are decided one by one, so
 * a partition whose leader moved is retried alone while the others are done.
 *
 * <p>Threading: every step runs on the admin's loop ({@link AdminContext#internal()}), so the state below
 * is confined to it and needs no locks; the result future is completed on the callbacks executor.
 *
 * @param <K> the item key
 * @param <V> the item value type
 */
final class RetryingCall<K, V> {
    private static final Logger LOG = LoggerFactory.getLogger(RetryingCall.class);

    private final AdminContext ctx;
    private final CallSpec<K, V> spec;
    private final Router<K, V> router;
    private final long timeoutMs;
    private final long deadlineMs;
    private final Set<K> pending = new LinkedHashSet<>();
    private final Map<K, V> values = new LinkedHashMap<>();
    private final Map<K, KafkaException> errors = new LinkedHashMap<>();
    private final Map<K, KafkaException> lastErrors = new HashMap<>();
    private final CompletableFuture<BatchResult<K, V>> result = new CompletableFuture<>();
    private int attempts;
    private boolean done;

    private RetryingCall(
            AdminContext ctx, CallSpec<K, V> spec, Router<K, V> router, Collection<K> keys, long timeoutMs) {
        this.ctx = ctx;
        this.spec = spec;
        this.router = router;
        this.timeoutMs = timeoutMs;
        this.deadlineMs = ctx.time().monotonicMs() + timeoutMs;
        this.pending.addAll(keys);
    }

    /**
     * Runs an operation over items.
     *
     * @param ctx the admin context
     * @param spec the operation
     * @param router where items go
     * @param keys the items
     * @param timeoutMs the operation's timeout
     * @return every item's outcome, completed on the callbacks executor
     */
    static <K, V> CompletableFuture<BatchResult<K, V>> run(
            AdminContext ctx, CallSpec<K, V> spec, Router<K, V> router, Collection<K> keys, long timeoutMs) {
        RetryingCall<K, V> call = new RetryingCall<>(ctx, spec, router, keys, timeoutMs);
        ctx.calls().add(call);
        if (call.pending.isEmpty()) {
            call.complete();
        } else {
            call.onInternal(call::attempt);
        }
        return call.result;
    }

    /**
     * Runs an operation over one item, failing the future with the item's exception.
     *
     * @param ctx the admin context
     * @param spec the operation
     * @param router where the item goes
     * @param key the item
     * @param timeoutMs the operation's timeout
     * @return the item's value, completed on the callbacks executor
     */
    static <K, V> CompletableFuture<V> single(
            AdminContext ctx, CallSpec<K, V> spec, Router<K, V> router, K key, long timeoutMs) {
        return run(ctx, spec, router, List.of(key), timeoutMs).thenApply(r -> r.get(key));
    }

    private void onInternal(Runnable step) {
        try {
            ctx.internal().execute(step);
        } catch (RejectedExecutionException e) {
            failAll(new ClientClosedException("Admin client " + ctx.clientId() + " is closed"));
        }
    }

    /**
     * Fails what is still pending, for a closing client. Runs on the internal thread.
     *
     * @param error the failure
     */
    void abort(KafkaException error) {
        if (!done) {
            failAll(error);
        }
    }

    private void attempt() {
        if (done) {
            return;
        }
        attempts++;
        List<K> keys = List.copyOf(pending);
        CompletableFuture<Router.Routes<K, V>> routed;
        try {
            routed = router.route(keys, deadlineMs);
        } catch (RuntimeException e) {
            routed = CompletableFuture.failedFuture(e);
        }
        routed.whenCompleteAsync((routes, error) -> onRouted(keys, routes, error), this::onInternal);
    }

    private void onRouted(List<K> keys, Router.Routes<K, V> routes, Throwable error) {
        if (error != null) {
            Outcome<V> outcome = transportOutcome(error);
            for (K key : keys) {
                apply(key, outcome, null);
            }
            endAttempt();
            return;
        }
        routes.unroutable().forEach((key, outcome) -> apply(key, outcome, null));
        if (routes.byNode().isEmpty()) {
            endAttempt();
            return;
        }
        int[] outstanding = {routes.byNode().size()};
        for (Map.Entry<Node, List<K>> e : routes.byNode().entrySet()) {
            Node node = e.getKey();
            List<K> nodeKeys = e.getValue();
            int timeout = (int) Math.max(
                    1, Math.min(ctx.requestTimeoutMs(), deadlineMs - ctx.time().monotonicMs()));
            CompletableFuture<ApiResponse> response;
            try {
                response = ctx.network()
                        .send(
                                node.endpoint(),
                                spec.lane(),
                                spec.request(node, nodeKeys, timeout),
                                Duration.ofMillis(timeout));
            } catch (RuntimeException ex) {
                response = CompletableFuture.failedFuture(ex);
            }
            response.whenCompleteAsync(
                    (r, ex) -> {
                        onResponse(node, nodeKeys, r, ex);
                        if (--outstanding[0] == 0) {
                            endAttempt();
                        }
                    },
                    this::onInternal);
        }
    }

    private void onResponse(Node node, List<K> keys, ApiResponse response, Throwable error) {
        if (error != null) {
            Outcome<V> outcome = transportOutcome(error);
            for (K key : keys) {
                apply(key, outcome, node);
            }
            return;
        }
        Map<K, Outcome<V>> outcomes;
        try {
            outcomes = spec.handle(response, keys);
        } catch (RuntimeException e) {
            KafkaException bad = new ProtocolException(
                    spec.name() + ": cannot read the response of broker " + node.id() + ": " + e, e);
            outcomes = new HashMap<>();
            for (K key : keys) {
                outcomes.put(key, new Outcome.Fail<>(bad));
            }
        }
        for (K key : keys) {
            Outcome<V> outcome = outcomes.get(key);
            if (outcome == null) {
                outcome = new Outcome.Retry<>(
                        new RetriableException(
                                spec.name() + ": broker " + node.id() + " returned no result for " + key),
                        Outcome.Recovery.REROUTE);
            }
            apply(key, outcome, node);
        }
    }

    private void apply(K key, Outcome<V> outcome, Node node) {
        if (!pending.contains(key)) {
            return;
        }
        if (outcome instanceof Outcome.Done<V> done) {
            pending.remove(key);
            values.put(key, done.value());
        } else if (outcome instanceof Outcome.Fail<V> fail) {
            pending.remove(key);
            errors.put(key, fail.error());
            ctx.recordError(fail.error());
            LOG.debug("[AdminClient clientId={}] {} failed for {}: {}", ctx.clientId(), spec.name(), key, fail.error());
        } else if (outcome instanceof Outcome.Retry<V> retry) {
            lastErrors.put(key, retry.cause());
            ctx.recordError(retry.cause());
            if (retry.recovery() == Outcome.Recovery.REROUTE) {
                router.reroute(key, node);
            }
        }
    }

    private void endAttempt() {
        if (pending.isEmpty()) {
            complete();
            return;
        }
        long delay = ctx.backoff().delayMs(attempts);
        long now = ctx.time().monotonicMs();
        if (now + delay >= deadlineMs) {
            for (K key : pending) {
                KafkaException last = lastErrors.get(key);
                String message = spec.name() + " of " + key + " did not complete within " + timeoutMs + " ms";
                errors.put(
                        key,
                        new TimeoutException(
                                last == null ? message : message + "; last error: " + last.getMessage(), last));
            }
            LOG.info(
                    "[AdminClient clientId={}] {} timed out after {} attempts for {}",
                    ctx.clientId(),
                    spec.name(),
                    attempts,
                    pending);
            pending.clear();
            complete();
            return;
        }
        if (LOG.isDebugEnabled()) {
            K first = pending.iterator().next();
            LOG.debug(
                    "[AdminClient clientId={}] {}: retrying {} items in {} ms (attempt {}), e.g. {}: {}",
                    ctx.clientId(),
                    spec.name(),
                    pending.size(),
                    delay,
                    attempts,
                    first,
                    lastErrors.get(first));
        }
        try {
            ctx.schedule(this::attempt, delay);
        } catch (RejectedExecutionException e) {
            failAll(new ClientClosedException("Admin client " + ctx.clientId() + " is closed"));
        }
    }

    private void failAll(KafkaException error) {
        for (K key : pending) {
            errors.put(key, error);
        }
        pending.clear();
        complete();
    }

    private void complete() {
        done = true;
        ctx.calls().remove(this);
        BatchResult<K, V> r = new BatchResult<>(values, errors);
        try {
            ctx.callbacks().execute(() -> result.complete(r));
        } catch (RejectedExecutionException e) {
            result.complete(r);
        }
    }

    /** Failures of sending or routing: retriable ones (lost connection, request time-out) are rerouted and retried. */
    static <V> Outcome<V> transportOutcome(Throwable error) {
        Throwable t = Causes.unwrap(error);
        if (t instanceof RetriableException r) {
            return new Outcome.Retry<>(r, Outcome.Recovery.REROUTE);
        }
        if (t instanceof KafkaException k) {
            return new Outcome.Fail<>(k);
        }
        return new Outcome.Fail<>(new KafkaException("Unexpected failure: " + t, t));
    }
}
