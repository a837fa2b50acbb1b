package io.kanal.runtime.worker;

import io.kanal.runtime.store.kafka.ConfigSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * What the leader's round of zombie fencing must do for one exactly-once source connector (KIP-618), decided from the
 * config topic as read, by Connect's rules: nothing when the connector's last {@code task-count-record-<c>} came after
 * its last task configs; otherwise fence the transactional ids of the previous generation (tasks {@code 0} to {@code
 * N-1}, N the last task-count record) and then write a task-count record with the current task count. The fencing is
 * skipped (only the record is written) when there is no task-count record yet (no transactional producer ever ran for
 * the connector) and when both generations have one task (the new task 0 fences the old one itself when it starts).
 *
 * @param connector the connector's name
 * @param fence the transactional ids to fence, in task order; empty when nothing must be fenced
 * @param taskCountRecord the task count to write once fenced; empty when the round has nothing to do
 */
public record FencingPlan(String connector, List<String> fence, OptionalInt taskCountRecord) {

    /**
     * Checks the plan.
     *
     * @param connector the connector's name
     * @param fence the ids to fence
     * @param taskCountRecord the task count to write
     */
    public FencingPlan {
        Objects.requireNonNull(connector, "connector");
        fence = List.copyOf(fence);
        Objects.requireNonNull(taskCountRecord, "taskCountRecord");
        if (!fence.isEmpty() && taskCountRecord.isEmpty()) {
            throw new IllegalArgumentException("a fencing round always ends with a task-count record");
        }
    }

    /**
     * Decides the round for a connector.
     *
     * @param snapshot the config topic, read to its end
     * @param groupId the cluster's {@code group.id}, the first part of every task's transactional id
     * @param connector the connector's name
     * @return the plan
     */
    public static FencingPlan of(ConfigSnapshot snapshot, String groupId, String connector) {
        if (!snapshot.pendingFencing().contains(connector)) {
            return new FencingPlan(connector, List.of(), OptionalInt.empty());
        }
        int taskCount = snapshot.taskCounts().getOrDefault(connector, 0);
        Integer previous = snapshot.taskCountRecords().get(connector);
        if (previous == null || (previous == 1 && taskCount == 1)) {
            return new FencingPlan(connector, List.of(), OptionalInt.of(taskCount));
        }
        List<String> ids = new ArrayList<>(previous);
        for (int task = 0; task < previous; task++) {
            ids.add(transactionalId(groupId, connector, task));
        }
        return new FencingPlan(connector, ids, OptionalInt.of(taskCount));
    }

    /**
     * The transactional id of an exactly-once source task, as Connect names it.
     *
     * @param groupId the cluster's {@code group.id}
     * @param connector the connector's name
     * @param task the task's number
     * @return {@code <group.id>-<connector>-<task>}
     */
    public static String transactionalId(String groupId, String connector, int task) {
        return groupId + "-" + connector + "-" + task;
    }

    /**
     * Whether the round has anything to do.
     *
     * @return false when the previous generation is fenced already
     */
    public boolean needed() {
        return taskCountRecord.isPresent();
    }
}
