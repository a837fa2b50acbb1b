package io.kanal.client.admin;

import com.codahale.metrics.MetricRegistry;
import io.kanal.client.cluster.internals.BrokerSelector;
import io.kanal.client.cluster.internals.CoordinatorLookup;
import io.kanal.client.common.ExponentialBackoff;
import io.kanal.client.common.Time;
import io.kanal.client.common.internals.SerialLoop;
import io.kanal.client.errors.Errors;
import io.kanal.client.errors.KafkaException;
import io.kanal.client.network.NetworkClient;
import io.kanal.client.resource.internals.ClientCore;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * What every admin operation shares: the client core, coordinator lookup, back-off, and the two executors.
 *
 * <p>Threads: {@code internal} is the admin's own loop (a {@link SerialLoop} on the client resources' loop pool);
 * every response is handed to it, so per-call state needs no locks and nothing runs on the network I/O thread.
 * {@code callbacks} completes the futures returned to the caller, on the resources' callback executor, so that a
 * caller's slow callback never stalls the admin itself.
 *
 * @param clientId the client id
 * @param core the client core
 * @param lookup the coordinator lookup
 * @param brokers picks brokers from the metadata
 * @param backoff the retry back-off
 * @param internal the admin's loop
 * @param timers schedules back-off timers, whose tasks then run on {@code internal}
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
        SerialLoop internal,
        ScheduledExecutorService timers,
        Executor callbacks,
        int requestTimeoutMs,
        Set<RetryingCall<?, ?>> calls) {

    /**
     * Runs a task on the admin's loop after a delay.
     *
     * @param task the task
     * @param delayMs the delay
     */
    void schedule(Runnable task, long delayMs) {
        try {
            timers.schedule(() -> internal.execute(task), delayMs, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // The resources are closing: run now, so that the call fails promptly instead of waiting forever.
            internal.execute(task);
        }
    }

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
