package io.kanal.client.producer;

import io.kanal.client.cluster.CoordinatorType;
import io.kanal.client.common.ExponentialBackoff;
import io.kanal.client.protocol.ApiKey;
import io.kanal.client.protocol.ApiMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The one transactional request in flight at a time (as Kafka's client sends them), the back-off after a refused or
 * failed one, and the coordinators to look up again before the next. Sender loop only.
 */
final class TransactionRequestSlot {
    /**
     * The coordinator a request goes to.
     *
     * @param type transaction or group coordinator
     * @param key the transactional id or the group id
     */
    record Target(CoordinatorType type, String key) {}

    /**
     * A request to send now.
     *
     * @param id identifies its outcome
     * @param target its coordinator
     * @param api the API
     * @param minVersion the lowest acceptable version
     * @param maxVersion the highest acceptable version
     * @param body the body
     */
    record Request(long id, Target target, ApiKey api, short minVersion, short maxVersion, ApiMessage body) {}

    /**
     * What {@link #poll} decided.
     *
     * @param request the request to send now, or null
     * @param staleCoordinators coordinators to look up again before the next request to them
     * @param nextWakeupMs when to poll again at the latest
     */
    record Poll(Request request, List<Target> staleCoordinators, long nextWakeupMs) {}

    private final ExponentialBackoff backoff;
    private final List<Target> stale = new ArrayList<>();
    private Request inFlight;
    private long nextId;
    private long retryAtMs;
    private int failures;

    TransactionRequestSlot(ExponentialBackoff backoff) {
        this.backoff = backoff;
    }

    /**
     * Takes the next request, if the slot is free and no back-off runs.
     *
     * @param nowMs monotonic time
     * @param next plans the next request (null if there is none); called only when one may go
     * @return the decision
     */
    Poll poll(long nowMs, Supplier<Request> next) {
        List<Target> staleNow = List.copyOf(stale);
        stale.clear();
        if (inFlight != null) {
            return new Poll(null, staleNow, Long.MAX_VALUE);
        }
        if (nowMs < retryAtMs) {
            return new Poll(null, staleNow, retryAtMs);
        }
        inFlight = next.get();
        return new Poll(inFlight, staleNow, Long.MAX_VALUE);
    }

    Request request(Target target, ApiKey api, short min, short max, ApiMessage body) {
        return new Request(++nextId, target, api, min, max, body);
    }

    /**
     * The request an outcome is for, which frees the slot.
     *
     * @return the request, or null if the slot no longer waits for this one
     */
    Request take(long id) {
        if (inFlight == null || inFlight.id() != id) {
            return null;
        }
        Request r = inFlight;
        inFlight = null;
        return r;
    }

    boolean busy() {
        return inFlight != null;
    }

    /** Frees the slot and starts afresh: the outcome of the request in flight, if any, will be ignored. */
    void reset() {
        inFlight = null;
        stale.clear();
        failures = 0;
        retryAtMs = 0;
    }

    void succeeded() {
        failures = 0;
        retryAtMs = 0;
    }

    void retry(long nowMs) {
        failures++;
        retryAtMs = nowMs + backoff.delayMs(failures);
    }

    /**
     * Retries after at most {@code capMs}: the usual back-off, never longer than the cap.
     *
     * @param nowMs monotonic time
     * @param capMs the longest wait
     */
    void retryWithin(long nowMs, long capMs) {
        failures++;
        retryAtMs = nowMs + Math.min(capMs, backoff.delayMs(failures));
    }

    void retryAfterStale(Target target, long nowMs) {
        stale.add(target);
        retry(nowMs);
    }
}
