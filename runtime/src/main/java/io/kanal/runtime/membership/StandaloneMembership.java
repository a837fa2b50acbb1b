package io.kanal.runtime.membership;

import io.kanal.runtime.herder.Assignment;
import io.kanal.runtime.herder.HerderEvent;
import java.util.Objects;
import java.util.function.Consumer;

/** Standalone mode: a group of one that owns every connector and task, present and future. Stateless after start. */
public final class StandaloneMembership implements Membership {

    private final String workerId;

    /**
     * @param workerId this worker's id, as statuses show it
     */
    public StandaloneMembership(String workerId) {
        this.workerId = Objects.requireNonNull(workerId, "workerId");
    }

    /**
     * Assigns everything to this worker, once.
     *
     * @param events where to send the assignment
     */
    @Override
    public void start(Consumer<HerderEvent> events) {
        events.accept(new HerderEvent.AssignmentChanged(Assignment.all()));
    }

    @Override
    public String workerId() {
        return workerId;
    }

    @Override
    public void close() {
        // nothing to leave
    }
}
