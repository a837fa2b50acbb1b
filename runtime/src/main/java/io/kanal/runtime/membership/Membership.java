package io.kanal.runtime.membership;

import io.kanal.runtime.herder.HerderEvent;
import java.util.function.Consumer;

/**
 * The worker's place in its group: it reports rebalances and assignments to the herder as {@link
 * HerderEvent.RebalanceStarted} and {@link HerderEvent.AssignmentChanged}. Owned by the worker; its callbacks may run
 * on any thread and only submit events.
 */
public interface Membership extends AutoCloseable {

    /**
     * Starts taking part; assignments arrive through {@code events}.
     *
     * @param events where to send rebalance and assignment events, typically {@code HerderLoop::submit}
     */
    void start(Consumer<HerderEvent> events);

    /**
     * This worker's id, as statuses show it (Connect uses {@code host:port} of the REST listener).
     *
     * @return the id
     */
    String workerId();

    /** Leaves the group. Idempotent. */
    @Override
    void close();
}
