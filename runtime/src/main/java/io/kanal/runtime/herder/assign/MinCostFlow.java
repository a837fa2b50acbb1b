package io.kanal.runtime.herder.assign;

import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * Minimum-cost flow by successive shortest paths (Bellman-Ford with a queue), for the small graphs of {@link Quotas}:
 * a few hundred nodes, unit capacities in the middle, costs 0 or 1. Single-use and confined to the calling thread.
 */
final class MinCostFlow {

    private final int nodes;
    private final int[] head;
    private int[] next = new int[16];
    private int[] to = new int[16];
    private int[] capacity = new int[16];
    private int[] cost = new int[16];
    private int edges;

    /**
     * A graph without edges.
     *
     * @param nodes the number of nodes, numbered from 0
     */
    MinCostFlow(int nodes) {
        this.nodes = nodes;
        this.head = new int[nodes];
        Arrays.fill(head, -1);
    }

    /**
     * Adds an edge and its residual twin.
     *
     * @param from the tail
     * @param target the head
     * @param edgeCapacity the capacity
     * @param edgeCost the cost of one unit
     * @return the edge's index, for {@link #flow(int)}
     */
    int addEdge(int from, int target, int edgeCapacity, int edgeCost) {
        int index = edges;
        add(from, target, edgeCapacity, edgeCost);
        add(target, from, 0, -edgeCost);
        return index;
    }

    private void add(int from, int target, int edgeCapacity, int edgeCost) {
        if (edges == to.length) {
            next = Arrays.copyOf(next, edges * 2);
            to = Arrays.copyOf(to, edges * 2);
            capacity = Arrays.copyOf(capacity, edges * 2);
            cost = Arrays.copyOf(cost, edges * 2);
        }
        next[edges] = head[from];
        to[edges] = target;
        capacity[edges] = edgeCapacity;
        cost[edges] = edgeCost;
        head[from] = edges;
        edges++;
    }

    /**
     * Pushes up to {@code limit} units from source to sink along cheapest paths.
     *
     * @param source the source
     * @param sink the sink
     * @param limit the most flow wanted
     * @return the flow pushed
     */
    int run(int source, int sink, int limit) {
        int flow = 0;
        int[] distance = new int[nodes];
        int[] via = new int[nodes];
        boolean[] queued = new boolean[nodes];
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        while (flow < limit) {
            Arrays.fill(distance, Integer.MAX_VALUE);
            Arrays.fill(via, -1);
            distance[source] = 0;
            queue.add(source);
            queued[source] = true;
            while (!queue.isEmpty()) {
                int node = queue.poll();
                queued[node] = false;
                for (int e = head[node]; e >= 0; e = next[e]) {
                    int target = to[e];
                    if (capacity[e] > 0 && distance[node] + cost[e] < distance[target]) {
                        distance[target] = distance[node] + cost[e];
                        via[target] = e;
                        if (!queued[target]) {
                            queue.add(target);
                            queued[target] = true;
                        }
                    }
                }
            }
            if (distance[sink] == Integer.MAX_VALUE) {
                return flow;
            }
            int push = limit - flow;
            for (int node = sink; node != source; node = to[via[node] ^ 1]) {
                push = Math.min(push, capacity[via[node]]);
            }
            for (int node = sink; node != source; node = to[via[node] ^ 1]) {
                capacity[via[node]] -= push;
                capacity[via[node] ^ 1] += push;
            }
            flow += push;
        }
        return flow;
    }

    /**
     * The flow on an edge after {@link #run}.
     *
     * @param edge the index {@link #addEdge} returned
     * @return the units it carries
     */
    int flow(int edge) {
        return capacity[edge ^ 1];
    }
}
