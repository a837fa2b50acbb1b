package io.kanal.client.consumer;

import java.util.Optional;

/**
 * The answer of {@link Consumer#offsetsForTimes}: the earliest offset whose timestamp is at or after the time asked.
 *
 * @param offset the offset
 * @param timestamp that record's timestamp
 * @param leaderEpoch the leader epoch of that record, if known
 */
public record OffsetAndTimestamp(long offset, long timestamp, Optional<Integer> leaderEpoch) {}
