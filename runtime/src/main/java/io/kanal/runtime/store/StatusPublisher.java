package io.kanal.runtime.store;

import io.kanal.runtime.herder.HerderView;
import java.util.List;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Writes to a {@link StatusStore} what changed between two published views: statuses are derived from the herder's
 * view, so the herder needs no status commands. Give it to {@code HerderLoop} as its view listener; it runs on the
 * {@code kanal-herder} thread.
 */
public final class StatusPublisher implements Consumer<HerderView> {

    private final StatusStore store;
    private HerderView previous;

    /**
     * @param store where statuses go
     */
    public StatusPublisher(StatusStore store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    /**
     * Writes what changed since the previous view.
     *
     * @param view the view just published
     */
    @Override
    public void accept(HerderView view) {
        if (previous == null) {
            previous = new HerderView(-1, view.workerId(), false, new TreeMap<>());
        }
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
