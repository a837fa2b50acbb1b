package io.kanal.runtime.herder.assign;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The balanced targets: how many connectors each worker should run, and how many tasks of each connector. Every
 * worker gets {@code floor(n / workers)} or one more, of the connectors and of each connector's tasks, and the
 * workers' task totals differ by at most one too. Among the many targets that satisfy this, the one chosen keeps the
 * most of what the workers hold now, so that as little as possible moves. Stateless.
 */
final class Quotas {

    private Quotas() {}

    /**
     * Connector quotas: {@code floor(C / N)} each, one more for {@code C mod N} workers, preferring workers that hold
     * more than the floor (giving them the extra one saves a revocation).
     *
     * @param held per worker (in member order), how many configured connectors it holds
     * @param connectors how many connectors are configured
     * @return per worker, its quota
     */
    static int[] connectors(int[] held, int connectors) {
        int workers = held.length;
        int[] quota = new int[workers];
        if (workers == 0) {
            return quota;
        }
        int base = connectors / workers;
        List<Integer> order = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
            quota[w] = base;
            order.add(w);
        }
        order.sort(Comparator.comparingInt((Integer w) -> -held[w]).thenComparingInt(w -> w));
        for (int i = 0; i < connectors % workers; i++) {
            quota[order.get(i)]++;
        }
        return quota;
    }

    /**
     * Task quotas per worker and connector. Each connector {@code c} with {@code t} tasks gives every worker
     * {@code floor(t / N)} and has {@code t mod N} extra tasks to place on distinct workers; the extras are spread so
     * that each worker gets {@code floor(E / N)} or one more of all {@code E} extras (which balances the totals), and,
     * as a minimum-cost flow, so that as many as possible land where the worker already holds more than the floor.
     *
     * @param held per worker (member order) and connector (config order), how many of its tasks the worker holds
     * @param tasks per connector, its number of tasks
     * @return per worker and connector, the quota
     */
    static int[][] tasks(int[][] held, int[] tasks) {
        int workers = held.length;
        int connectors = tasks.length;
        int[][] quota = new int[workers][connectors];
        if (workers == 0) {
            return quota;
        }
        int extras = 0;
        int withExtras = 0;
        for (int c = 0; c < connectors; c++) {
            for (int w = 0; w < workers; w++) {
                quota[w][c] = tasks[c] / workers;
            }
            extras += tasks[c] % workers;
            withExtras += tasks[c] % workers == 0 ? 0 : 1;
        }
        if (extras == 0) {
            return quota;
        }
        // Nodes: 0 source, 1 sink, 2 the pool of "one more" slots, then the connectors with extras, then the workers.
        int source = 0;
        int sink = 1;
        int pool = 2;
        int firstWorker = 3 + withExtras;
        MinCostFlow flow = new MinCostFlow(firstWorker + workers);
        int[][] edge = new int[connectors][];
        int node = 3;
        for (int c = 0; c < connectors; c++) {
            int extra = tasks[c] % workers;
            if (extra == 0) {
                continue;
            }
            flow.addEdge(source, node, extra, 0);
            edge[c] = new int[workers];
            for (int w = 0; w < workers; w++) {
                // An extra is free where the worker already holds more than the floor: it keeps one more task.
                int cost = held[w][c] > quota[w][c] ? 0 : 1;
                edge[c][w] = flow.addEdge(node, firstWorker + w, 1, cost);
            }
            node++;
        }
        for (int w = 0; w < workers; w++) {
            flow.addEdge(firstWorker + w, sink, extras / workers, 0);
            flow.addEdge(firstWorker + w, pool, 1, 0);
        }
        flow.addEdge(pool, sink, extras % workers, 0);
        int pushed = flow.run(source, sink, extras);
        if (pushed != extras) {
            // Dealing the extras round-robin always fits, so the flow always finds room; this is a bug if reached.
            throw new IllegalStateException("could not place " + extras + " extra tasks, placed " + pushed);
        }
        for (int c = 0; c < connectors; c++) {
            if (edge[c] != null) {
                for (int w = 0; w < workers; w++) {
                    quota[w][c] += flow.flow(edge[c][w]);
                }
            }
        }
        return quota;
    }
}
