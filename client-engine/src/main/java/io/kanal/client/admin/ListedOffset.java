package io.kanal.client.admin;

import java.util.Optional;

/**
 * An offset found by {@link AdminOperations#listOffsets}.
 *
 * @param offset the offset; -1 when a by-timestamp query found no record at or after the timestamp
 * @param timestamp the record's timestamp for timestamp queries, -1 otherwise
 * @param leaderEpoch the leader epoch of the record, if the broker knows it
 */
public record ListedOffset(long offset, long timestamp, Optional<Integer> leaderEpoch) {}
