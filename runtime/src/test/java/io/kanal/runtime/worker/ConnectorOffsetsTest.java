package io.kanal.runtime.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kanal.runtime.store.OffsetStore;
import io.kanal.runtime.store.StoreException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class ConnectorOffsetsTest {

    /** An in-memory store that records the order of writes and can refuse them. */
    private static final class Memory implements OffsetStore {
        private final String name;
        private final List<String> log;
        private final Map<Map<String, Object>, Map<String, Object>> data = new HashMap<>();
        private boolean refuse;

        Memory(String name, List<String> log) {
            this.name = name;
            this.log = log;
        }

        @Override
        public void start() {}

        @Override
        public Optional<Map<String, Object>> offset(String connector, Map<String, ?> partition) {
            return Optional.ofNullable(data.get(Map.copyOf(partition)));
        }

        @Override
        public Map<Map<String, Object>, Map<String, Object>> offsets(String connector) {
            return Map.copyOf(data);
        }

        @Override
        public void write(String connector, Map<? extends Map<String, ?>, ? extends Map<String, ?>> offsets) {
            log.add(name + " " + offsets.keySet());
            if (refuse) {
                throw new StoreException(name + " refused");
            }
            offsets.forEach((p, o) -> {
                if (o == null) {
                    data.remove(Map.<String, Object>copyOf(p));
                } else {
                    data.put(Map.copyOf(p), Map.copyOf(o));
                }
            });
        }

        @Override
        public void reset(String connector) {
            log.add(name + " reset");
            data.clear();
        }

        @Override
        public void close() {}
    }

    private final List<String> log = new ArrayList<>();
    private final Memory primary = new Memory("primary", log);
    private final Memory secondary = new Memory("secondary", log);
    private final ConnectorOffsets offsets = new ConnectorOffsets(primary, "own-offsets", secondary, "c");

    private static Map<String, Object> p(int n) {
        return Map.of("p", n);
    }

    private static Map<String, Object> o(long n) {
        return Map.of("o", n);
    }

    @Test
    void readsThePrimaryFirstAndFallBackToTheSecondary() {
        secondary.write("c", Map.of(p(1), o(1), p(2), o(2)));
        primary.write("c", Map.of(p(2), o(20)));
        assertThat(offsets.offset(p(1))).isEqualTo(o(1));
        assertThat(offsets.offset(p(2))).isEqualTo(o(20));
        assertThat(offsets.offset(p(3))).isNull();
        assertThat(offsets.offsets(List.of(p(1), p(2), p(3))))
                .containsOnly(Map.entry(p(1), o(1)), Map.entry(p(2), o(20)));
        assertThat(offsets.all()).containsOnly(Map.entry(p(1), o(1)), Map.entry(p(2), o(20)));
        assertThat(offsets.transactionTopic()).contains("own-offsets");
        assertThat(new ConnectorOffsets(secondary, "c").transactionTopic()).isEmpty();
    }

    @Test
    void aWriteGoesToThePrimaryThenACopyToTheSecondaryAndRemovalsToTheSecondaryFirst() throws Exception {
        Map<Map<String, ?>, Map<String, ?>> write = new LinkedHashMap<>();
        write.put(p(1), o(1));
        write.put(p(2), null);
        offsets.write(write).get();
        assertThat(log).containsExactly("secondary [{p=2}]", "primary [{p=1}, {p=2}]", "secondary [{p=1}]");
        assertThat(secondary.offsets("c")).containsOnly(Map.entry(p(1), o(1)));
    }

    @Test
    void aFailedCopyToTheSecondaryDoesNotFailTheWrite() throws Exception {
        secondary.refuse = true;
        offsets.write(Map.of(p(1), o(1))).get();
        assertThat(primary.offsets("c")).containsOnly(Map.entry(p(1), o(1)));
        offsets.committed(Map.of(p(2), o(2)));
        assertThat(log).endsWith("secondary [{p=2}]");
    }

    @Test
    void aFailedPrimaryWriteFailsAndCopiesNothing() {
        primary.refuse = true;
        CompletableFuture<Void> written = offsets.write(Map.of(p(1), o(1)));
        assertThat(written).isCompletedExceptionally();
        assertThatThrownBy(() -> offsets.alter(Map.of(p(1), o(1)))).isInstanceOf(StoreException.class);
        assertThat(log).doesNotContain("secondary [{p=1}]");
    }

    @Test
    void committedOffsetsOfATransactionAreCopiedToTheSecondary() {
        offsets.committed(Map.of(p(5), o(5)));
        assertThat(secondary.offsets("c")).containsOnly(Map.entry(p(5), o(5)));
        assertThat(primary.offsets("c")).isEmpty();
    }

    @Test
    void aTransactionWritesItsRemovalsToTheSecondaryBeforeItCommitsAndCopiesOnlyValuesAfter() throws Exception {
        secondary.write("c", Map.of(p(2), o(2)));
        log.clear();
        Map<Map<String, ?>, Map<String, ?>> tx = new LinkedHashMap<>();
        tx.put(p(1), o(1));
        tx.put(p(2), null);
        offsets.beforeCommit(tx).get();
        assertThat(log).containsExactly("secondary [{p=2}]");
        // the transaction commits the removal to the primary (own topic); the secondary gets only the values
        primary.write("c", tx);
        offsets.committed(tx);
        assertThat(log).containsExactly("secondary [{p=2}]", "primary [{p=1}, {p=2}]", "secondary [{p=1}]");
        // on restart the removed offset does not come back from the secondary
        assertThat(offsets.offset(p(2))).isNull();
        assertThat(offsets.offset(p(1))).isEqualTo(o(1));
    }

    @Test
    void aFailedRemovalInTheSecondaryFailsTheTransactionsCommit() {
        secondary.refuse = true;
        Map<Map<String, ?>, Map<String, ?>> tx = new LinkedHashMap<>();
        tx.put(p(2), null);
        assertThat(offsets.beforeCommit(tx)).isCompletedExceptionally();
        assertThat(offsets.beforeCommit(Map.of(p(1), o(1)))).isCompleted();
        assertThat(new ConnectorOffsets(secondary, "c").beforeCommit(tx)).isCompleted();
    }

    @Test
    void resetClearsTheSecondaryFirst() {
        offsets.reset();
        assertThat(log).containsExactly("secondary reset", "primary reset");
    }
}
