package io.kanal.client.network;

import io.kanal.client.Endpoint;
import io.kanal.client.errors.AuthenticationException;
import io.kanal.client.errors.KafkaException;
import io.kanal.client.errors.NetworkException;
import io.kanal.client.errors.TimeoutException;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.List;
import java.util.function.Predicate;

/**
 * The in-flight request bookkeeping of one {@link BrokerConnection}: the requests waiting to be written, and those
 * written and waiting for their response, a FIFO matched against the response correlation ids (a broker answers in
 * order). It decides how each request fails when the connection does: a written request with the outcome unknown, an
 * unwritten one as not sent, both retriable, unless the cause says otherwise. The bytes being written are not kept
 * here but in the connection's {@link OutgoingQueue}. Owned by the I/O thread of the connection's {@link IoLoop}, as
 * the connection is; nothing here is synchronized.
 */
final class ConnectionRequests {
    private final Endpoint endpoint;
    private final ArrayDeque<InFlightRequest> waiting = new ArrayDeque<>();
    private final ArrayDeque<InFlightRequest> inFlight = new ArrayDeque<>();

    ConnectionRequests(Endpoint endpoint) {
        this.endpoint = endpoint;
    }

    /** Queues a request until the connection can write it. */
    void enqueue(InFlightRequest request) {
        waiting.add(request);
    }

    /** Whether no request waits to be written or for its response. */
    boolean isEmpty() {
        return waiting.isEmpty() && inFlight.isEmpty();
    }

    boolean hasWaiting() {
        return !waiting.isEmpty();
    }

    boolean hasInFlight() {
        return !inFlight.isEmpty();
    }

    int inFlightCount() {
        return inFlight.size();
    }

    /** Removes and returns the oldest waiting request, or null. */
    InFlightRequest nextWaiting() {
        return waiting.poll();
    }

    /** Keeps a written request until its response. */
    void written(InFlightRequest request) {
        inFlight.add(request);
    }

    /** Forgets a request whose encoding failed. */
    void unwritten(InFlightRequest request) {
        inFlight.remove(request);
    }

    /** The request the next response must answer, or null when none is in flight. */
    InFlightRequest oldestInFlight() {
        return inFlight.peek();
    }

    /** Removes the request just answered (the oldest). */
    void answered() {
        inFlight.poll();
    }

    /** The earliest deadline of any request, or {@link Long#MAX_VALUE}. */
    long earliestDeadlineMs() {
        long next = Long.MAX_VALUE;
        for (InFlightRequest r : waiting) {
            next = Math.min(next, r.deadlineMs);
        }
        for (InFlightRequest r : inFlight) {
            next = Math.min(next, r.deadlineMs);
        }
        return next;
    }

    /** Fails the waiting requests whose deadline came before they could be written. */
    void expireWaiting(long nowMs, BrokerConnection.State state) {
        for (Iterator<InFlightRequest> it = waiting.iterator(); it.hasNext(); ) {
            InFlightRequest r = it.next();
            if (nowMs >= r.deadlineMs) {
                it.remove();
                r.future.completeExceptionally(new TimeoutException(r.api().apiName() + " request to " + endpoint
                        + " not sent within its timeout (connection " + state + ")"));
            }
        }
    }

    /** The oldest written request whose deadline came, or null. */
    InFlightRequest firstExpiredInFlight(long nowMs) {
        for (InFlightRequest r : inFlight) {
            if (nowMs >= r.deadlineMs) {
                return r;
            }
        }
        return null;
    }

    /** Fails every waiting request with the given failure as it is (a refused login: nothing above retries it). */
    void refuseWaiting(KafkaException cause) {
        for (InFlightRequest r; (r = waiting.poll()) != null; ) {
            r.future.completeExceptionally(cause);
        }
    }

    /** One-way requests whose bytes were not all written when the socket failed: they may or may not have arrived. */
    void failPartlyWritten(List<InFlightRequest> partlyWritten, KafkaException cause) {
        for (InFlightRequest r : partlyWritten) {
            r.future.completeExceptionally(new NetworkException(
                    r.api().apiName() + " request to " + endpoint + " failed while it was written: "
                            + cause.getMessage(),
                    true,
                    rootOf(cause)));
        }
    }

    /**
     * Fails every request after the connection failed: written ones with the outcome unknown (except those the
     * connection's own set-up owns), waiting ones as not sent.
     */
    void failAll(KafkaException cause, Predicate<InFlightRequest> ownedBySetup) {
        for (InFlightRequest r; (r = inFlight.poll()) != null; ) {
            if (!ownedBySetup.test(r)) {
                r.future.completeExceptionally(
                        cause instanceof TimeoutException
                                ? cause
                                : new NetworkException(
                                        r.api().apiName() + " request to " + endpoint + " failed after it was sent: "
                                                + cause.getMessage(),
                                        true,
                                        rootOf(cause)));
            }
        }
        for (InFlightRequest r; (r = waiting.poll()) != null; ) {
            r.future.completeExceptionally(
                    cause instanceof AuthenticationException
                            ? cause
                            : new NetworkException(
                                    r.api().apiName() + " request to " + endpoint + " not sent: " + cause.getMessage(),
                                    false,
                                    rootOf(cause)));
        }
    }

    /** Fails every request with the given exception as it is, for client shutdown. */
    void abortAll(KafkaException cause) {
        for (InFlightRequest r; (r = inFlight.poll()) != null; ) {
            r.future.completeExceptionally(cause);
        }
        for (InFlightRequest r; (r = waiting.poll()) != null; ) {
            r.future.completeExceptionally(cause);
        }
    }

    /** The failure worth keeping as a cause: the I/O or protocol error itself, not our wrapper of it. */
    private static Throwable rootOf(KafkaException cause) {
        return cause instanceof NetworkException && cause.getCause() != null ? cause.getCause() : cause;
    }
}
