package io.kanal.runtime.herder.assign;

import io.kanal.runtime.herder.ConnectorTaskId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/** Short spellings for the assignor tests: {@code "a"} is connector a, {@code "a/1"} its task 1. */
final class AssignorFixtures {

    private AssignorFixtures() {}

    static Allocation work(String... items) {
        List<String> connectors = new ArrayList<>();
        List<ConnectorTaskId> tasks = new ArrayList<>();
        for (String item : items) {
            int slash = item.indexOf('/');
            if (slash < 0) {
                connectors.add(item);
            } else {
                tasks.add(new ConnectorTaskId(item.substring(0, slash), Integer.parseInt(item.substring(slash + 1))));
            }
        }
        return Allocation.of(connectors, tasks);
    }

    /** Connector names and task counts, alternating: {@code configs("a", 2, "b", 3)}. */
    static SortedMap<String, Integer> configs(Object... namesAndCounts) {
        SortedMap<String, Integer> configs = new TreeMap<>();
        for (int i = 0; i < namesAndCounts.length; i += 2) {
            configs.put((String) namesAndCounts[i], (Integer) namesAndCounts[i + 1]);
        }
        return configs;
    }

    /** Every member's {@code owned}: what the members report in the next join once they have done as told. */
    static SortedMap<String, Allocation> owned(AssignorResult result) {
        SortedMap<String, Allocation> owned = new TreeMap<>();
        result.members().forEach((member, assignment) -> owned.put(member, assignment.owned()));
        return owned;
    }

    static SortedMap<String, Allocation> members(Object... idsAndAllocations) {
        SortedMap<String, Allocation> members = new TreeMap<>();
        for (int i = 0; i < idsAndAllocations.length; i += 2) {
            members.put((String) idsAndAllocations[i], (Allocation) idsAndAllocations[i + 1]);
        }
        return members;
    }

    /** max − min of the members' connector counts, task counts and each connector's task counts; the largest. */
    static int imbalance(Map<String, Allocation> owned, Map<String, Integer> configs) {
        if (owned.isEmpty()) {
            return 0;
        }
        int worst = spread(
                owned.values().stream().mapToInt(a -> a.connectors().size()).toArray());
        worst = Math.max(
                worst,
                spread(owned.values().stream().mapToInt(a -> a.tasks().size()).toArray()));
        for (String connector : configs.keySet()) {
            worst = Math.max(
                    worst,
                    spread(owned.values().stream()
                            .mapToInt(a -> a.taskCount(connector))
                            .toArray()));
        }
        return worst;
    }

    private static int spread(int[] counts) {
        int min = Integer.MAX_VALUE;
        int max = Integer.MIN_VALUE;
        for (int count : counts) {
            min = Math.min(min, count);
            max = Math.max(max, count);
        }
        return max - min;
    }
}
