package io.kanal.runtime.store;

import io.kanal.runtime.herder.Assignment;
import io.kanal.runtime.herder.ConnectorTaskId;
import io.kanal.runtime.herder.HerderView;
import io.kanal.runtime.herder.Status;
import io.kanal.runtime.herder.StatusState;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Writes a distributed worker's statuses to the shared status store: only for what this worker owns, because every
 * worker's herder shows every connector and a non-owner's view says {@code UNASSIGNED}, which must not overwrite the
 * owner's {@code RUNNING}. When an item leaves this worker (revoked, or the worker stops), its last word is {@code
 * UNASSIGNED}, written once its instance has stopped, as Connect's workers do on shutdown; the store's write rule
 * (Connect's putSafe) keeps it from overwriting the new owner's status.
 *
 * <p><b>Threading.</b> {@link #accept} runs on {@code kanal-herder} (the herder loop's view listener); {@link
 * #assignment} is called by the membership's thread before the assignment reaches the herder, so it is volatile. A
 * view may therefore be judged against an assignment one event ahead of it: an item just assigned may be written
 * {@code UNASSIGNED} by its new owner before it starts, which is true and harmless.
 */
public final class ClusterStatusPublisher implements java.util.function.Consumer<HerderView> {

    private final StatusStore store;
    private volatile Assignment owned = Assignment.none();
    private final Map<String, Status> connectors = new HashMap<>();
    private final Map<ConnectorTaskId, Status> tasks = new HashMap<>();

    /**
     * Creates a publisher.
     *
     * @param store the shared status store
     */
    public ClusterStatusPublisher(StatusStore store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    /**
     * Records what this worker owns from now on.
     *
     * @param assignment the new assignment
     */
    public void assignment(Assignment assignment) {
        owned = Objects.requireNonNull(assignment, "assignment");
    }

    /**
     * Writes what changed for the items this worker owns, and {@code UNASSIGNED} for items it has let go of.
     *
     * @param view the herder's latest view
     */
    @Override
    public void accept(HerderView view) {
        Assignment now = owned;
        for (HerderView.ConnectorView c : view.connectors().values()) {
            Status before = connectors.get(c.name());
            if (now.owns(c.name())) {
                if (!c.status().equals(before)) {
                    store.putConnector(c.name(), c.status());
                    connectors.put(c.name(), c.status());
                }
            } else if (before != null && !live(c.status())) {
                store.putConnector(c.name(), Status.of(StatusState.UNASSIGNED, view.workerId()));
                connectors.remove(c.name());
            }
            for (HerderView.TaskView t : c.tasks()) {
                Status was = tasks.get(t.id());
                if (now.owns(t.id())) {
                    if (!t.status().equals(was)) {
                        store.putTask(t.id(), t.status());
                        tasks.put(t.id(), t.status());
                    }
                } else if (was != null && !live(t.status())) {
                    store.putTask(t.id(), Status.of(StatusState.UNASSIGNED, view.workerId()));
                    tasks.remove(t.id());
                }
            }
        }
        // A connector gone from the view was deleted; its owner forgets the statuses (Connect writes tombstones).
        connectors.keySet().removeIf(name -> {
            if (view.connector(name).isPresent()) {
                return false;
            }
            store.removeConnector(name);
            return true;
        });
        tasks.keySet().removeIf(id -> view.connector(id.connector())
                .map(c -> c.tasks().size() <= id.task())
                .orElse(true));
    }

    private static boolean live(Status status) {
        return status.state() == StatusState.RUNNING
                || status.state() == StatusState.PAUSED
                || status.state() == StatusState.RESTARTING;
    }
}
