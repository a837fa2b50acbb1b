package io.kanal.client.admin;

import com.codahale.metrics.MetricRegistry;
import io.kanal.client.cluster.BrokerSelector;
import io.kanal.client.cluster.CoordinatorLookup;
import io.kanal.client.common.ExponentialBackoff;
import io.kanal.client.common.Time;
import io.kanal.client.errors.Errors;
import io.kanal.client.errors.KafkaException;
import io.kanal.client.network.NetworkClient;
import io.kanal.client.resource.ClientCore;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;

/**
 * What every admin operation shares: the client core, coordinator lookup, back-off, and the two executors.
 *
 * <p>Threads: {@code internal} is the admin's single event thread; every response is handed to it, so per-call state
 * needs no locks and nothing runs on the network I/O thread. {@code callbacks} completes the futures returned to the
 * caller: a pool whose threads start on demand, so a caller that blocks inside a callback (even on another admin
 * call) never stalls the admin itself.
 *
 * @param clientId the client id
 * @param core the client core
 * @param lookup the coordinator lookup
 * @param brokers picks brokers from the metadata
 * @param backoff the retry back-off
 * @param internal the admin's event thread, also used for back-off timers
 * @param callbacks completes the caller's futures
 * @param requestTimeoutMs {@code request.timeout.ms}
 * @param calls the calls in progress, so that closing can fail those waiting for a retry
 */
record AdminContext(
        String clientId,
        ClientCore core,
        CoordinatorLookup lookup,
        BrokerSelector brokers,
        ExponentialBackoff backoff,
        ScheduledExecutorService internal,
        Executor callbacks,
        int requestTimeoutMs,
        Set<RetryingCall<?, ?>> calls) {

    Time time() {
        return core.time();
    }

    NetworkClient network() {
        return core.network();
    }

    MetricRegistry metrics() {
        return core.metrics();
    }

    /** Counts a broker error in {@code admin.errors.<CODE>}, retried or not. */
    void recordError(KafkaException e) {
        e.error().ifPresent(this::recordError);
    }

    /** Counts a broker error in {@code admin.errors.<CODE>}. */
    void recordError(Errors error) {
        metrics().meter("admin.errors." + error.name()).mark();
    }
}
