package io.kanal.testkit.worker;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collection;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/**
 * Who runs what in a Connect cluster, as one worker reports it in {@code GET /connectors?expand=status}: every
 * connector's status, with the worker of the connector instance and of each task.
 *
 * @param connectors the status of each connector, by name
 */
record ClusterOwnership(Map<String, ConnectorStatus> connectors) {

    /**
     * Copies the map, sorted by name.
     *
     * @param connectors the status of each connector
     */
    ClusterOwnership {
        connectors = new TreeMap<>(connectors);
    }

    /**
     * Reads one worker's answer to {@code GET /connectors?expand=status}.
     *
     * @param rest the worker
     * @return the ownership it reports
     * @throws IllegalStateException when it does not answer 200
     */
    static ClusterOwnership of(ConnectRest rest) {
        ConnectRest.Response r = rest.get("connectors?expand=status");
        if (r.status() != 200) {
            throw new IllegalStateException(
                    "GET " + rest.base() + "connectors?expand=status answered " + r.status() + ": " + r.body());
        }
        Map<String, ConnectorStatus> out = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = r.json().fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            out.put(e.getKey(), ConnectorStatus.parse(e.getValue().path("status")));
        }
        return new ClusterOwnership(out);
    }

    /**
     * Whether exactly the expected connectors exist and each, and each of its tasks {@code 0..n-1}, is RUNNING on one
     * of the given workers.
     *
     * @param expectedTasks the task count of each connector
     * @param live the ids of the workers that may run them
     * @return true when all run there
     */
    boolean allRunningOn(Map<String, Integer> expectedTasks, Collection<String> live) {
        if (!connectors.keySet().equals(expectedTasks.keySet())) {
            return false;
        }
        return expectedTasks.entrySet().stream().allMatch(e -> {
            ConnectorStatus s = connectors.get(e.getKey());
            return s.isRunning(e.getValue())
                    && live.contains(s.connector().workerId())
                    && s.tasks().stream().allMatch(t -> live.contains(t.workerId()));
        });
    }

    /**
     * Whether every task of the expected connectors is RUNNING on one of the given workers, whatever the connector
     * instances do.
     *
     * @param expectedTasks the task count of each connector
     * @param live the ids of the workers that may run them
     * @return true when every task runs there
     */
    boolean allTasksRunningOn(Map<String, Integer> expectedTasks, Collection<String> live) {
        return expectedTasks.entrySet().stream().allMatch(e -> {
            ConnectorStatus s = connectors.get(e.getKey());
            return s != null
                    && s.tasks().size() == e.getValue()
                    && s.tasks().stream()
                            .allMatch(t -> ConnectorStatus.RUNNING.equals(t.state()) && live.contains(t.workerId()));
        });
    }

    /**
     * How many tasks each worker runs, with 0 for a given worker that runs none.
     *
     * @param workers the workers to count, at least
     * @return tasks per worker id
     */
    Map<String, Integer> tasksPerWorker(Collection<String> workers) {
        Map<String, Integer> out = zeros(workers);
        connectors.values().forEach(c -> c.tasks()
                .forEach(t -> out.merge(String.valueOf(t.workerId()), 1, Integer::sum)));
        return out;
    }

    /**
     * How many tasks of one connector each worker runs, with 0 for a given worker that runs none.
     *
     * @param connector the connector
     * @param workers the workers to count, at least
     * @return its tasks per worker id
     */
    Map<String, Integer> tasksPerWorker(String connector, Collection<String> workers) {
        Map<String, Integer> out = zeros(workers);
        connectors.get(connector).tasks().forEach(t -> out.merge(String.valueOf(t.workerId()), 1, Integer::sum));
        return out;
    }

    /**
     * How many connector instances each worker runs, with 0 for a given worker that runs none.
     *
     * @param workers the workers to count, at least
     * @return connectors per worker id
     */
    Map<String, Integer> connectorsPerWorker(Collection<String> workers) {
        Map<String, Integer> out = zeros(workers);
        connectors.values().forEach(c -> out.merge(String.valueOf(c.connector().workerId()), 1, Integer::sum));
        return out;
    }

    /**
     * Whether the given workers share the tasks and the connector instances evenly: max − min &lt; 2 for both, and
     * nobody else runs any.
     *
     * @param workers the workers
     * @return true when balanced
     */
    boolean balancedOver(Collection<String> workers) {
        return spread(tasksPerWorker(workers), workers) < 2 && spread(connectorsPerWorker(workers), workers) < 2;
    }

    /**
     * Max − min of per-worker counts, or {@link Integer#MAX_VALUE} when a worker outside the given ones has some.
     *
     * @param counts per worker id
     * @param workers the workers that may have some
     * @return the spread
     */
    static int spread(Map<String, Integer> counts, Collection<String> workers) {
        if (!workers.containsAll(counts.keySet())) {
            return Integer.MAX_VALUE;
        }
        int max = counts.values().stream().mapToInt(Integer::intValue).max().orElse(0);
        int min = counts.values().stream().mapToInt(Integer::intValue).min().orElse(0);
        return max - min;
    }

    private static Map<String, Integer> zeros(Collection<String> workers) {
        Map<String, Integer> out = new TreeMap<>();
        workers.forEach(w -> out.put(w, 0));
        return out;
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder();
        connectors.forEach((name, s) -> {
            out.append(name)
                    .append(": ")
                    .append(s.connector().state())
                    .append('@')
                    .append(s.connector().workerId());
            s.tasks().forEach(t -> out.append(", ")
                    .append(t.id())
                    .append(' ')
                    .append(t.state())
                    .append('@')
                    .append(t.workerId()));
            out.append("; ");
        });
        return out.toString();
    }
}
