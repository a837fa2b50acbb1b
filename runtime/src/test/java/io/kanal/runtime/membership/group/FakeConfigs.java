package io.kanal.runtime.membership.group;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** A config topic in memory: a fixed set of connectors, an offset the test moves, and a catch-up that may fail. */
final class FakeConfigs implements ClusterConfigs {
    private final Map<String, Integer> taskCounts;
    private volatile long offset;
    private volatile long reachable;

    FakeConfigs(long offset, Map<String, Integer> taskCounts) {
        this.offset = offset;
        this.reachable = offset;
        this.taskCounts = Map.copyOf(taskCounts);
    }

    /** {@code connectors} connectors named c0, c1, ... with {@code tasks} tasks each. */
    static FakeConfigs of(int connectors, int tasks) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (int c = 0; c < connectors; c++) {
            counts.put("c" + c, tasks);
        }
        return new FakeConfigs(10, counts);
    }

    /** Up to where a catch-up can read. */
    void reachable(long offset) {
        this.reachable = offset;
    }

    @Override
    public Snapshot snapshot() {
        return new Snapshot(offset, taskCounts);
    }

    @Override
    public boolean catchUp(long target, Duration timeout) {
        offset = Math.max(offset, Math.min(target, reachable));
        return offset >= target;
    }
}
