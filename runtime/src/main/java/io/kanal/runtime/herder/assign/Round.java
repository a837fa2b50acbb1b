package io.kanal.runtime.herder.assign;

import io.kanal.runtime.herder.ConnectorTaskId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The working sets of one rebalance, indexed by member (in id order) and connector (in name order): what each member
 * keeps, loses and gets. Created, used and dropped within one {@link CooperativeAssignor#assign} call.
 */
final class Round {
    final List<String> workers;
    final Map<String, Integer> index = new HashMap<>();
    final List<String> connectors;
    final Map<String, Integer> connectorIndex = new HashMap<>();
    final int[] taskCounts;
    final SortedMap<String, Allocation> reported;
    final List<SortedSet<String>> keptConnectors = new ArrayList<>();
    final List<SortedSet<String>> revokedConnectors = new ArrayList<>();
    final List<SortedSet<String>> assignedConnectors = new ArrayList<>();
    final List<SortedSet<ConnectorTaskId>> keptTasks = new ArrayList<>();
    final List<SortedSet<ConnectorTaskId>> revokedTasks = new ArrayList<>();
    final List<SortedSet<ConnectorTaskId>> assignedTasks = new ArrayList<>();
    int[] connectorQuota;
    int[][] taskQuota;

    Round(SortedMap<String, Allocation> reported, SortedMap<String, Integer> counts) {
        this.reported = reported;
        this.workers = new ArrayList<>(reported.keySet());
        this.connectors = new ArrayList<>(counts.keySet());
        this.taskCounts = new int[connectors.size()];
        for (int w = 0; w < workers.size(); w++) {
            index.put(workers.get(w), w);
            keptConnectors.add(new TreeSet<>());
            revokedConnectors.add(new TreeSet<>());
            assignedConnectors.add(new TreeSet<>());
            keptTasks.add(new TreeSet<>());
            revokedTasks.add(new TreeSet<>());
            assignedTasks.add(new TreeSet<>());
        }
        for (int c = 0; c < connectors.size(); c++) {
            connectorIndex.put(connectors.get(c), c);
            taskCounts[c] = counts.get(connectors.get(c));
        }
    }

    List<ConnectorTaskId> configuredTasks() {
        List<ConnectorTaskId> tasks = new ArrayList<>();
        for (int c = 0; c < connectors.size(); c++) {
            for (int t = 0; t < taskCounts[c]; t++) {
                tasks.add(new ConnectorTaskId(connectors.get(c), t));
            }
        }
        return tasks;
    }

    /**
     * Keeps each configured item with one holder (the previous owner if it is one, else the first by id) and
     * revokes deleted items and the other holders' copies.
     *
     * @return per kept item, the member keeping it
     */
    <E> Map<E, Integer> keep(
            Function<Allocation, SortedSet<E>> part,
            Predicate<E> configured,
            Map<E, String> previousOwner,
            List<SortedSet<E>> kept,
            List<SortedSet<E>> revoked) {
        Map<E, List<Integer>> holders = new HashMap<>();
        for (int w = 0; w < workers.size(); w++) {
            for (E work : part.apply(reported.get(workers.get(w)))) {
                if (configured.test(work)) {
                    holders.computeIfAbsent(work, k -> new ArrayList<>()).add(w);
                } else {
                    revoked.get(w).add(work);
                }
            }
        }
        Map<E, Integer> owner = new HashMap<>();
        holders.forEach((work, holding) -> {
            Integer previous = index.get(previousOwner.get(work));
            int keeper = previous != null && holding.contains(previous) ? previous : holding.get(0);
            for (int w : holding) {
                (w == keeper ? kept : revoked).get(w).add(work);
            }
            owner.put(work, keeper);
        });
        return owner;
    }

    /**
     * Computes the quotas, counting the work going back to a returning worker as held by it, so that the shares
     * are chosen to let it have its work back.
     */
    void computeQuotas(List<Unowned<String>> freeConnectors, List<Unowned<ConnectorTaskId>> freeTasks) {
        int[] heldConnectors = new int[workers.size()];
        for (int w = 0; w < workers.size(); w++) {
            heldConnectors[w] = keptConnectors.get(w).size();
        }
        for (Unowned<String> connector : freeConnectors) {
            if (connector.preferred() >= 0) {
                heldConnectors[connector.preferred()]++;
            }
        }
        int[][] heldTasks = heldTasks();
        for (Unowned<ConnectorTaskId> task : freeTasks) {
            if (task.preferred() >= 0) {
                heldTasks[task.preferred()][connectorIndex.get(task.work().connector())]++;
            }
        }
        connectorQuota = Quotas.connectors(heldConnectors, connectors.size());
        taskQuota = Quotas.tasks(heldTasks, taskCounts);
    }

    int[][] heldTasks() {
        int[][] held = new int[workers.size()][connectors.size()];
        for (int w = 0; w < workers.size(); w++) {
            for (ConnectorTaskId task : keptTasks.get(w)) {
                held[w][connectorIndex.get(task.connector())]++;
            }
        }
        return held;
    }

    boolean hasExcess() {
        int[][] held = heldTasks();
        for (int w = 0; w < workers.size(); w++) {
            if (keptConnectors.get(w).size() > connectorQuota[w]) {
                return true;
            }
            for (int c = 0; c < connectors.size(); c++) {
                if (held[w][c] > taskQuota[w][c]) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Revokes what each member holds beyond its quotas, the last connectors and highest task numbers first. */
    void revokeExcess() {
        int[][] held = heldTasks();
        for (int w = 0; w < workers.size(); w++) {
            SortedSet<String> kept = keptConnectors.get(w);
            while (kept.size() > connectorQuota[w]) {
                String last = kept.last();
                kept.remove(last);
                revokedConnectors.get(w).add(last);
            }
            List<ConnectorTaskId> descending = new ArrayList<>(keptTasks.get(w));
            for (int i = descending.size() - 1; i >= 0; i--) {
                ConnectorTaskId task = descending.get(i);
                int c = connectorIndex.get(task.connector());
                if (held[w][c] > taskQuota[w][c]) {
                    held[w][c]--;
                    keptTasks.get(w).remove(task);
                    revokedTasks.get(w).add(task);
                }
            }
        }
    }

    /** Gives each free connector to its previous owner if under quota, else to the member furthest under. */
    void placeConnectors(List<Unowned<String>> free) {
        if (workers.isEmpty()) {
            return;
        }
        int[] deficit = new int[workers.size()];
        for (int w = 0; w < workers.size(); w++) {
            deficit[w] = connectorQuota[w] - keptConnectors.get(w).size();
        }
        for (Unowned<String> connector : free) {
            int to = connector.preferred();
            if (to < 0 || deficit[to] <= 0) {
                to = 0;
                for (int w = 1; w < workers.size(); w++) {
                    if (deficit[w] > deficit[to]) {
                        to = w;
                    }
                }
            }
            deficit[to]--;
            assignedConnectors.get(to).add(connector.work());
        }
    }

    /**
     * Gives each free task to its previous owner if under its quota for the connector, else to the member furthest
     * under that quota (then furthest under its quotas overall).
     */
    void placeTasks(List<Unowned<ConnectorTaskId>> free) {
        if (workers.isEmpty()) {
            return;
        }
        int[][] deficit = heldTasks();
        int[] total = new int[workers.size()];
        for (int w = 0; w < workers.size(); w++) {
            for (int c = 0; c < connectors.size(); c++) {
                deficit[w][c] = taskQuota[w][c] - deficit[w][c];
                total[w] += Math.max(0, deficit[w][c]);
            }
        }
        for (Unowned<ConnectorTaskId> task : free) {
            int c = connectorIndex.get(task.work().connector());
            int to = task.preferred();
            if (to < 0 || deficit[to][c] <= 0) {
                to = 0;
                for (int w = 1; w < workers.size(); w++) {
                    if (deficit[w][c] > deficit[to][c] || (deficit[w][c] == deficit[to][c] && total[w] > total[to])) {
                        to = w;
                    }
                }
            }
            if (deficit[to][c] > 0) {
                total[to]--;
            }
            deficit[to][c]--;
            assignedTasks.get(to).add(task.work());
        }
    }

    SortedMap<String, MemberAssignment> result() {
        SortedMap<String, MemberAssignment> result = new TreeMap<>();
        for (int w = 0; w < workers.size(); w++) {
            SortedSet<String> ownedConnectors = new TreeSet<>(keptConnectors.get(w));
            ownedConnectors.addAll(assignedConnectors.get(w));
            SortedSet<ConnectorTaskId> ownedTasks = new TreeSet<>(keptTasks.get(w));
            ownedTasks.addAll(assignedTasks.get(w));
            result.put(
                    workers.get(w),
                    new MemberAssignment(
                            new Allocation(assignedConnectors.get(w), assignedTasks.get(w)),
                            new Allocation(revokedConnectors.get(w), revokedTasks.get(w)),
                            new Allocation(ownedConnectors, ownedTasks)));
        }
        return result;
    }
}
