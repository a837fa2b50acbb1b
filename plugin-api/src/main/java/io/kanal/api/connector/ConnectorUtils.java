package io.kanal.api.connector;

import java.util.ArrayList;
import java.util.List;

/** Helpers for connectors; Kafka Connect's {@code ConnectorUtils}. Stateless; any thread. */
public final class ConnectorUtils {

    private ConnectorUtils() {}

    /**
     * Splits work into at most {@code numGroups} contiguous groups of sizes that differ by at most one, the larger
     * groups first: how a connector usually spreads tables or files over its tasks. With fewer elements than groups,
     * the last groups are empty, as in Connect.
     *
     * @param elements the work, in order
     * @param numGroups how many groups, usually {@code maxTasks}
     * @param <T> the element type
     * @return exactly {@code numGroups} lists
     * @throws IllegalArgumentException when {@code numGroups} is not positive
     */
    public static <T> List<List<T>> groupPartitions(List<T> elements, int numGroups) {
        if (numGroups <= 0) {
            throw new IllegalArgumentException("the number of groups must be positive, got " + numGroups);
        }
        List<List<T>> groups = new ArrayList<>(numGroups);
        int base = elements.size() / numGroups;
        int larger = elements.size() % numGroups;
        int next = 0;
        for (int group = 0; group < numGroups; group++) {
            int size = base + (group < larger ? 1 : 0);
            groups.add(List.copyOf(elements.subList(next, next + size)));
            next += size;
        }
        return groups;
    }
}
