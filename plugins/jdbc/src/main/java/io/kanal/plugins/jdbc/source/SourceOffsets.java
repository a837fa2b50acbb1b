package io.kanal.plugins.jdbc.source;

import io.kanal.api.errors.DataException;
import io.kanal.plugins.jdbc.dialect.TableId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The source partitions and offsets of the JDBC source, in the established JDBC source connector's shapes, so that
 * offsets it stored resume here and the reverse:
 *
 * <ul>
 *   <li>partition of a table: {@code {"protocol": "1", "table": "<catalog.schema.table, the parts present>"}} (its
 *       older {@code {"table": "<table>"}} is read as a fallback); of a query: {@code {"query": "query"}};
 *   <li>offset: {@code {"incrementing": <long>}} in incrementing mode, {@code {"timestamp": <epoch ms>,
 *       "timestamp_nanos": <nano of second>}} in timestamp mode, all three in timestamp+incrementing mode; none in
 *       bulk mode. {@code timestamp_nanos} is the whole fraction of the second (0 to 999,999,999), so with {@code
 *       timestamp} it restores PostgreSQL's microseconds exactly.
 * </ul>
 *
 * <p>Constants and stateless helpers; any thread.
 */
public final class SourceOffsets {

    /** The partition key of the protocol version. */
    public static final String PROTOCOL_KEY = "protocol";
    /** The protocol version written. */
    public static final String PROTOCOL_V1 = "1";
    /** The partition key of the table. */
    public static final String TABLE_KEY = "table";
    /** The partition key (and value) of a custom query. */
    public static final String QUERY_KEY = "query";
    /** The offset key of the incrementing column's value. */
    public static final String INCREMENTING_KEY = "incrementing";
    /** The offset key of the timestamp's epoch milliseconds. */
    public static final String TIMESTAMP_KEY = "timestamp";
    /** The offset key of the timestamp's nano of second. */
    public static final String TIMESTAMP_NANOS_KEY = "timestamp_nanos";

    /** The partition of a custom query. */
    public static final Map<String, String> QUERY_PARTITION = Map.of(QUERY_KEY, QUERY_KEY);

    private SourceOffsets() {}

    /**
     * A position in a table: how far the incrementing and timestamp columns have been read.
     *
     * @param incrementing the last incrementing value read, or empty
     * @param timestamp the last timestamp read, or empty
     */
    public record Position(Optional<Long> incrementing, Optional<Instant> timestamp) {

        /** Nothing read yet. */
        public static final Position START = new Position(Optional.empty(), Optional.empty());

        /**
         * The offset map of this position.
         *
         * @return the map, with only the keys of the parts present
         */
        public Map<String, Object> toMap() {
            Map<String, Object> map = new HashMap<>(4);
            incrementing.ifPresent(value -> map.put(INCREMENTING_KEY, value));
            timestamp.ifPresent(ts -> {
                map.put(TIMESTAMP_KEY, ts.toEpochMilli());
                map.put(TIMESTAMP_NANOS_KEY, (long) ts.getNano());
            });
            return Map.copyOf(map);
        }

        /**
         * Reads an offset map: whole numbers of any width (a JSON store may hand back an {@code Integer}).
         *
         * @param map the committed offset, or {@code null}
         * @return the position; {@link #START} for {@code null}
         * @throws DataException naming the key when a value is not a whole number
         */
        public static Position fromMap(Map<String, ?> map) {
            if (map == null || map.isEmpty()) {
                return START;
            }
            Optional<Long> incrementing = whole(map, INCREMENTING_KEY);
            Optional<Long> millis = whole(map, TIMESTAMP_KEY);
            Optional<Instant> timestamp = millis.map(ms -> {
                long nanos = whole(map, TIMESTAMP_NANOS_KEY).orElse(Math.floorMod(ms, 1000L) * 1_000_000L);
                if (nanos < 0 || nanos > 999_999_999L) {
                    throw new DataException("the offset's '" + TIMESTAMP_NANOS_KEY + "' must be between 0 and"
                            + " 999999999, got " + nanos);
                }
                return Instant.ofEpochSecond(Math.floorDiv(ms, 1000L), nanos);
            });
            return new Position(incrementing, timestamp);
        }

        private static Optional<Long> whole(Map<String, ?> map, String key) {
            Object value = map.get(key);
            if (value == null) {
                return Optional.empty();
            }
            if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
                return Optional.of(((Number) value).longValue());
            }
            throw new DataException("the offset's '" + key + "' must be a whole number, got "
                    + value.getClass().getSimpleName() + " " + value);
        }
    }

    /**
     * The source partition of a table's records: {@code {"protocol": "1", "table": "<qualified name>"}}, the
     * established connector's current form, so that its stored offsets resume here.
     *
     * @param table the table
     * @return the partition
     */
    public static Map<String, String> partition(TableId table) {
        return Map.of(PROTOCOL_KEY, PROTOCOL_V1, TABLE_KEY, table.qualifiedName());
    }

    /**
     * Other partitions the established connector may have stored a table's offsets under, read on start, in
     * order, when {@link #partition} has no offset (never written): the current form without the catalog (older
     * PostgreSQL drivers reported none, newer ones report the database), then its first form, {@code {"table":
     * "<name>"}}.
     *
     * @param table the table
     * @return the fallback partitions
     */
    public static List<Map<String, String>> fallbackPartitions(TableId table) {
        List<Map<String, String>> partitions = new ArrayList<>(2);
        if (!table.catalog().isEmpty()) {
            partitions.add(partition(new TableId("", table.schema(), table.name())));
        }
        partitions.add(Map.of(TABLE_KEY, table.name()));
        return partitions;
    }
}
