package io.kanal.runtime.herder;

import io.kanal.runtime.store.StatusStore;
import java.util.List;
import java.util.Objects;

/**
 * Writes to the {@link StatusStore} what changed between two published views: statuses are derived from the view, so
 * the machine needs no status commands. Used by {@link HerderLoop} on the {@code kanal-herder} thread.
 */
final class StatusPublisher {

    private final StatusStore store;
    private HerderView previous;

    StatusPublisher(StatusStore store, HerderView initial) {
        this.store = Objects.requireNonNull(store, "store");
        this.previous = initial;
    }

    void publish(HerderView view) {
        if (view.version() == previous.version()) {
            return;
        }
        for (HerderView.ConnectorView c : view.connectors().values()) {
            HerderView.ConnectorView before = previous.connectors().get(c.name());
            if (before == null || !before.status().equals(c.status())) {
                store.putConnector(c.name(), c.status());
            }
            List<HerderView.TaskView> beforeTasks = before == null ? List.of() : before.tasks();
            for (HerderView.TaskView t : c.tasks()) {
                int i = t.id().task();
                if (i >= beforeTasks.size() || !beforeTasks.get(i).status().equals(t.status())) {
                    store.putTask(t.id(), t.status());
                }
            }
            for (int i = c.tasks().size(); i < beforeTasks.size(); i++) {
                store.removeTask(beforeTasks.get(i).id());
            }
        }
        for (String name : previous.connectors().keySet()) {
            if (!view.connectors().containsKey(name)) {
                store.removeConnector(name);
            }
        }
        previous = view;
    }
}
