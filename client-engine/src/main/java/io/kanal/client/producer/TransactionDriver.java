package io.kanal.client.producer;

import io.kanal.client.cluster.Node;
import io.kanal.client.cluster.internals.CoordinatorLookup;
import io.kanal.client.common.Time;
import io.kanal.client.network.ApiRequest;
import io.kanal.client.network.Lane;
import io.kanal.client.network.RequestSender;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The I/O of a {@link TransactionStateMachine}: looks its coordinators up (cached by the {@link CoordinatorLookup}),
 * sends its one request at a time on the coordinator's GROUP connection, and feeds the outcome back on the sender
 * loop. Sender loop only.
 */
final class TransactionDriver {
    private static final Logger LOG = LoggerFactory.getLogger(TransactionDriver.class);

    private final TransactionStateMachine machine;
    private final CoordinatorLookup lookup;
    private final RequestSender network;
    private final Time time;
    private final int requestTimeoutMs;
    private final BooleanSupplier v2Available;
    private Executor loop = Runnable::run;

    /**
     * Creates the driver.
     *
     * @param machine the machine
     * @param lookup finds the transaction and group coordinators
     * @param network sends the requests
     * @param time the clock
     * @param requestTimeoutMs {@code request.timeout.ms}
     * @param v2Available whether the cluster has transactions V2 ({@code transaction.version} 2 or more)
     */
    TransactionDriver(
            TransactionStateMachine machine,
            CoordinatorLookup lookup,
            RequestSender network,
            Time time,
            int requestTimeoutMs,
            BooleanSupplier v2Available) {
        this.machine = machine;
        this.lookup = lookup;
        this.network = network;
        this.time = time;
        this.requestTimeoutMs = requestTimeoutMs;
        this.v2Available = v2Available;
    }

    /** Outcomes are queued on {@code loop}; until attached (unit tests) they run where they complete. */
    void attach(Executor loop) {
        this.loop = loop;
    }

    TransactionStateMachine machine() {
        return machine;
    }

    /** Whether a transaction begun now would use transactions V2. */
    boolean v2Available() {
        return v2Available.getAsBoolean();
    }

    /**
     * Sends what the machine wants sent.
     *
     * @param nowMs monotonic time
     * @param batchesDone whether no batch is queued or in flight
     * @return when to poll again at the latest
     */
    long poll(long nowMs, boolean batchesDone) {
        TransactionRequestSlot.Poll poll = machine.poll(nowMs, batchesDone);
        for (TransactionRequestSlot.Target stale : poll.staleCoordinators()) {
            lookup.invalidate(stale.type(), stale.key());
        }
        TransactionRequestSlot.Request r = poll.request();
        if (r != null) {
            send(r);
        }
        return poll.nextWakeupMs();
    }

    private void send(TransactionRequestSlot.Request r) {
        long deadline = time.monotonicMs() + requestTimeoutMs;
        lookup.coordinator(r.target().type(), r.target().key(), deadline)
                .thenCompose((Node node) -> network.send(
                        node.endpoint(),
                        Lane.GROUP,
                        new ApiRequest(r.api(), r.minVersion(), r.maxVersion(), v -> r.body()),
                        Duration.ofMillis(requestTimeoutMs)))
                .whenComplete((response, error) -> {
                    try {
                        loop.execute(() -> {
                            long now = time.monotonicMs();
                            if (error != null) {
                                machine.onRequestFailed(r.id(), error, now);
                            } else {
                                machine.onResponse(r.id(), response.body(), now);
                            }
                        });
                    } catch (RejectedExecutionException closed) {
                        // The sender stopped and failed every waiting operation already: nobody waits for this.
                        LOG.debug(
                                "{} {} outcome after the producer closed, not applied",
                                machine.logPrefix(),
                                r.api().apiName());
                    }
                });
    }
}
