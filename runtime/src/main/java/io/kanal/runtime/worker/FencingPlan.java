package io.kanal.runtime.worker;

import io.kanal.runtime.store.kafka.ConfigSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * What the leader's round of zombie fencing must do for one exactly-once source connector (KIP-618), decided from the
 * config topic as read, by Connect's rules: nothing when the connector's last {@code task-count-record-<c>} came after
 * its last task configs and holds their task count; otherwise fence the transactional ids of the previous generation
 * (tasks {@code 0} to {@code N-1}, N the last task-count record) and then write a task-count record with the current
 * task count. The fencing is skipped (only the record is written) when there is no task-count record yet (no
 * transactional producer ever ran for the connector) and when both generations have one task (the new task 0 fences
 * the old one itself when it starts).
 *
 * <p>A last record whose count differs from the current task count, though written after the last task configs, was
 * written by a round that decided on an older generation (the task configs are committed apart from the rounds, so a
 * generation can be committed between a round's last read and its write), or records the largest generation a round
 * saw: the round fences the ids it names and writes the current count, after which the two agree and no round is
 * needed until the next task configs.
 *
 * @param connector the connector's name
 * @param fence the transactional ids to fence, in task order; empty when nothing must be fenced
 * @param taskCountRecord the task count to write once fenced; empty when the round has nothing to do
 * @param generation the connector's task-config generation the plan was decided on ({@link
 *     ConfigSnapshot#taskConfigGenerations()}); {@code -1} before its first task configs
 */
public record FencingPlan(String connector, List<String> fence, OptionalInt taskCountRecord, int generation) {

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
     * A plan decided on no known generation.
     *
     * @param connector the connector's name
     * @param fence the ids to fence
     * @param taskCountRecord the task count to write
     */
    public FencingPlan(String connector, List<String> fence, OptionalInt taskCountRecord) {
        this(connector, fence, taskCountRecord, -1);
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
        int generation = generation(snapshot, connector);
        int taskCount = snapshot.taskCounts().getOrDefault(connector, 0);
        Integer previous = snapshot.taskCountRecords().get(connector);
        boolean recordBehind = previous != null
                && previous != taskCount
                && snapshot.taskCounts().containsKey(connector);
        if (!snapshot.pendingFencing().contains(connector) && !recordBehind) {
            return new FencingPlan(connector, List.of(), OptionalInt.empty(), generation);
        }
        return fencing(groupId, connector, previous == null ? 0 : previous, taskCount, generation);
    }

    /**
     * The plan after a round's record may have covered generations it did not fence: it fences the ids of the largest
     * generation the round saw (and those the snapshot asks for), then writes the current count.
     *
     * @param snapshot the config topic, read to its end after the record
     * @param groupId the cluster's {@code group.id}
     * @param connector the connector's name
     * @param seen the largest task count of a generation the round saw
     * @return the plan, always needed
     */
    public static FencingPlan covering(ConfigSnapshot snapshot, String groupId, String connector, int seen) {
        FencingPlan asked = of(snapshot, groupId, connector);
        int taskCount = snapshot.taskCounts().getOrDefault(connector, 0);
        return fencing(
                groupId, connector, Math.max(seen, asked.fence.size()), taskCount, generation(snapshot, connector));
    }

    /**
     * This plan, writing another count (the largest a round saw) than the current one.
     *
     * @param taskCount the count to write
     * @return the plan
     */
    FencingPlan recording(int taskCount) {
        return new FencingPlan(connector, fence, OptionalInt.of(taskCount), generation);
    }

    private static FencingPlan fencing(String groupId, String connector, int previous, int taskCount, int generation) {
        if (previous == 0 || (previous == 1 && taskCount == 1)) {
            return new FencingPlan(connector, List.of(), OptionalInt.of(taskCount), generation);
        }
        List<String> ids = new ArrayList<>(previous);
        for (int task = 0; task < previous; task++) {
            ids.add(transactionalId(groupId, connector, task));
        }
        return new FencingPlan(connector, ids, OptionalInt.of(taskCount), generation);
    }

    /**
     * The connector's task-config generation in a snapshot.
     *
     * @param snapshot the config topic
     * @param connector the connector's name
     * @return how many complete commits of task configs it has had; {@code -1} before the first
     */
    public static int generation(ConfigSnapshot snapshot, String connector) {
        return snapshot.taskConfigGenerations().getOrDefault(connector, -1);
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
