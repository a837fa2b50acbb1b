package io.kanal.runtime.worker;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * How a source connector's offsets are read from a primary store and a secondary one (KIP-618): the primary
 * (connector-specific topic) wins; the secondary (the worker's global offsets topic) fills in only the partitions the
 * primary has no offset for, as Connect's {@code ConnectorOffsetBackingStore} reads them.
 *
 * <p>Pure and stateless; any thread.
 */
final class OffsetMerge {

    private OffsetMerge() {}

    /**
     * Every partition's offset.
     *
     * @param primary the primary store's offsets
     * @param secondary the secondary store's offsets
     * @return the merged offsets: the secondary's, replaced by the primary's where both have one
     */
    static Map<Map<String, Object>, Map<String, Object>> all(
            Map<Map<String, Object>, Map<String, Object>> primary,
            Map<Map<String, Object>, Map<String, Object>> secondary) {
        Map<Map<String, Object>, Map<String, Object>> out = new LinkedHashMap<>(secondary);
        out.putAll(primary);
        return Collections.unmodifiableMap(out);
    }

    /**
     * One partition's offset.
     *
     * @param primary the primary store's offset
     * @param secondary reads the secondary store's offset; asked only when the primary has none
     * @return the offset
     */
    static Optional<Map<String, Object>> one(
            Optional<Map<String, Object>> primary, Supplier<Optional<Map<String, Object>>> secondary) {
        return primary.isPresent() ? primary : secondary.get();
    }

    /**
     * The removals (null offsets) of a write, which go to the secondary store before the primary store is written:
     * a removal that reached the primary but not the secondary would let the secondary's old offset show through.
     *
     * @param offsets a write
     * @return its removals, in order
     */
    static Map<Map<String, ?>, Map<String, ?>> removals(
            Map<? extends Map<String, ?>, ? extends Map<String, ?>> offsets) {
        Map<Map<String, ?>, Map<String, ?>> out = new LinkedHashMap<>();
        offsets.forEach((partition, offset) -> {
            if (offset == null) {
                out.put(partition, null);
            }
        });
        return out;
    }

    /**
     * The offsets of a write that are not removals: what is copied to the secondary store after the primary write.
     *
     * @param offsets a write
     * @return its offsets, in order
     */
    static Map<Map<String, ?>, Map<String, ?>> values(Map<? extends Map<String, ?>, ? extends Map<String, ?>> offsets) {
        Map<Map<String, ?>, Map<String, ?>> out = new LinkedHashMap<>();
        offsets.forEach((partition, offset) -> {
            if (offset != null) {
                out.put(partition, offset);
            }
        });
        return out;
    }
}
