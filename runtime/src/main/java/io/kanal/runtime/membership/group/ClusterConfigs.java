package io.kanal.runtime.membership.group;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * The group's view of the config topic, implemented by the worker's config store. The leader needs the connectors and
 * their committed task counts to assign work, and every member reports its config offset in its join metadata: the
 * leader must have read at least as far as the most advanced member before it assigns, as Connect's leader does.
 *
 * <p>Called on the group's callback thread; implementations must be thread-safe towards their own reader thread.
 */
public interface ClusterConfigs {

    /**
     * What the config topic held as of one offset.
     *
     * @param offset the offset of the last config record applied ({@code -1} before any)
     * @param taskCounts every connector in the config topic with its committed number of tasks ({@code 0} before
     *     its first task commit)
     */
    record Snapshot(long offset, Map<String, Integer> taskCounts) {
        /**
         * Copies the map.
         *
         * @param offset the offset
         * @param taskCounts per connector, its task count
         */
        public Snapshot {
            taskCounts = Map.copyOf(Objects.requireNonNull(taskCounts, "taskCounts"));
        }
    }

    /**
     * The configs read so far, as one consistent snapshot.
     *
     * @return the snapshot
     */
    Snapshot snapshot();

    /**
     * Reads the config topic until the snapshot's offset is at least {@code offset}, waiting at most
     * {@code timeout}.
     *
     * @param offset the offset to reach
     * @param timeout how long to wait
     * @return whether the offset was reached
     */
    boolean catchUp(long offset, Duration timeout);
}
