package io.kanal.runtime.worker;

import io.kanal.runtime.herder.Assignment;
import io.kanal.runtime.herder.HerderView;
import io.kanal.runtime.herder.Status;
import io.kanal.runtime.herder.StatusState;
import io.kanal.runtime.store.StatusStore;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * The cluster as one worker's REST API shows it: its herder's view (every connector, because every worker reads the
 * whole config topic) with the status of each connector and task this worker does not own taken from the status
 * topic, where its owner wrote it. Until the owner has written one, the herder's own {@code UNASSIGNED} stands.
 *
 * <p>A pure function; any thread.
 */
final class ClusterView {

    private ClusterView() {}

    /**
     * Merges a worker's view with the shared statuses.
     *
     * @param local the worker's herder view
     * @param owned what this worker owns
     * @param statuses the shared status store
     * @return the view with every status as the cluster knows it
     */
    static HerderView of(HerderView local, Assignment owned, StatusStore statuses) {
        TreeMap<String, HerderView.ConnectorView> connectors = new TreeMap<>();
        for (HerderView.ConnectorView c : local.connectors().values()) {
            Status status = owned.owns(c.name())
                    ? c.status()
                    : statuses.connector(c.name()).orElse(c.status());
            List<HerderView.TaskView> tasks = new ArrayList<>(c.tasks().size());
            for (HerderView.TaskView t : c.tasks()) {
                Status taskStatus =
                        owned.owns(t.id()) ? t.status() : statuses.task(t.id()).orElse(t.status());
                tasks.add(new HerderView.TaskView(t.id(), t.config(), taskStatus));
            }
            connectors.put(
                    c.name(), new HerderView.ConnectorView(c.name(), c.config(), c.targetState(), status, tasks));
        }
        return new HerderView(local.version(), local.workerId(), local.rebalanceInProgress(), connectors);
    }

    /**
     * A connector as KIP-745's answer shows it: what the restart request will restart is {@code RESTARTING}, the rest
     * as it is. In a cluster the instances restart on their own workers after the answer, so it is a plan, as
     * Connect's.
     *
     * @param connector the connector as the cluster knows it
     * @param onlyFailed whether only failed instances restart
     * @param includeTasks whether the tasks restart too
     * @return the connector with the planned states
     */
    static HerderView.ConnectorView plannedRestart(
            HerderView.ConnectorView connector, boolean onlyFailed, boolean includeTasks) {
        Status status = planned(connector.status(), onlyFailed, true);
        List<HerderView.TaskView> tasks = new ArrayList<>(connector.tasks().size());
        for (HerderView.TaskView t : connector.tasks()) {
            tasks.add(new HerderView.TaskView(t.id(), t.config(), planned(t.status(), onlyFailed, includeTasks)));
        }
        return new HerderView.ConnectorView(
                connector.name(), connector.config(), connector.targetState(), status, tasks);
    }

    private static Status planned(Status status, boolean onlyFailed, boolean included) {
        boolean restarts = included && (!onlyFailed || status.state() == StatusState.FAILED);
        return restarts ? Status.of(StatusState.RESTARTING, status.workerId()) : status;
    }
}
