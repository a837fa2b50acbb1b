package io.kanal.runtime.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class OffsetMergeTest {

    private static Map<String, Object> p(int n) {
        return Map.of("p", n);
    }

    private static Map<String, Object> o(long n) {
        return Map.of("o", n);
    }

    @Test
    void thePrimaryWinsAndTheSecondaryFillsInThePartitionsItLacks() {
        Map<Map<String, Object>, Map<String, Object>> primary = Map.of(p(1), o(10), p(2), o(20));
        Map<Map<String, Object>, Map<String, Object>> secondary = Map.of(p(2), o(2), p(3), o(3));
        assertThat(OffsetMerge.all(primary, secondary))
                .containsOnly(Map.entry(p(1), o(10)), Map.entry(p(2), o(20)), Map.entry(p(3), o(3)));
        assertThat(OffsetMerge.all(Map.of(), secondary)).isEqualTo(secondary);
        assertThat(OffsetMerge.all(primary, Map.of())).isEqualTo(primary);
    }

    @Test
    void oneAsksTheSecondaryOnlyWhenThePrimaryHasNoOffset() {
        AtomicInteger asked = new AtomicInteger();
        assertThat(OffsetMerge.one(Optional.of(o(1)), () -> {
                    asked.incrementAndGet();
                    return Optional.of(o(2));
                }))
                .contains(o(1));
        assertThat(asked).hasValue(0);
        assertThat(OffsetMerge.one(Optional.empty(), () -> Optional.of(o(2)))).contains(o(2));
        assertThat(OffsetMerge.one(Optional.empty(), Optional::empty)).isEmpty();
    }

    @Test
    void aWriteSplitsIntoRemovalsAndValuesInOrder() {
        Map<Map<String, ?>, Map<String, ?>> write = new LinkedHashMap<>();
        write.put(p(1), o(1));
        write.put(p(2), null);
        write.put(p(3), o(3));
        write.put(p(4), null);
        Map<Map<String, ?>, Map<String, ?>> removals = new HashMap<>();
        removals.put(p(2), null);
        removals.put(p(4), null);
        assertThat(OffsetMerge.removals(write)).isEqualTo(removals);
        assertThat(OffsetMerge.removals(write).keySet()).containsExactly(p(2), p(4));
        assertThat(OffsetMerge.values(write)).containsExactly(Map.entry(p(1), o(1)), Map.entry(p(3), o(3)));
    }
}
