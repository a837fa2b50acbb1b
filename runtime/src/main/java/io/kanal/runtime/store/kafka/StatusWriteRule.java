package io.kanal.runtime.store.kafka;

import io.kanal.runtime.herder.StatusState;
import io.kanal.runtime.store.kafka.StatusRecord.StatusValue;
import java.util.Optional;

/**
 * Kafka Connect's rules that keep a stale worker from overwriting a newer status in the status topic, as pure
 * functions. Stateless.
 */
public final class StatusWriteRule {

    private StatusWriteRule() {}

    /**
     * Connect's {@code putSafe} check ({@code KafkaStatusBackingStore.CacheEntry.canWriteSafely}): a status may be
     * written when the key has no status yet, when the last status came from the same worker, or when the new
     * status's generation is not older than the last one's. A worker that was a member of an older generation (a
     * zombie that has not noticed the rebalance) therefore cannot overwrite the status of the task's new owner.
     *
     * @param current the status last read for the key
     * @param candidate the status to write
     * @return whether the write may go ahead
     */
    public static boolean canWriteSafely(Optional<StatusValue> current, StatusValue candidate) {
        if (current.isEmpty()) {
            return true;
        }
        StatusValue last = current.get();
        return last.workerId().equals(candidate.workerId()) || last.generation() <= candidate.generation();
    }

    /**
     * Connect's rule for task statuses as they are read ({@code KafkaStatusBackingStore.readTaskStatus}): an {@code
     * UNASSIGNED} status does not replace a {@code RUNNING} one of the same or a newer generation, because the
     * worker that gave the task up writes {@code UNASSIGNED} and may do so after its new owner wrote {@code RUNNING}.
     * Every other status read replaces the cached one.
     *
     * @param cached the task's status held so far
     * @param read the status just read
     * @return whether to keep {@code read} as the task's status
     */
    public static boolean acceptTaskStatusRead(Optional<StatusValue> cached, StatusValue read) {
        if (read.state() != StatusState.UNASSIGNED || cached.isEmpty()) {
            return true;
        }
        StatusValue last = cached.get();
        return !(last.state() == StatusState.RUNNING && last.generation() >= read.generation());
    }
}
