package io.kanal.runtime.store.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** What a failed leader's transactional write does to leadership for writes; no broker needed (nothing starts). */
class KafkaConfigStoreLeadershipTest {

    private final AtomicInteger fenced = new AtomicInteger();
    private final KafkaConfigStore store = new KafkaConfigStore(
            KafkaStoreSettings.from(Map.of(
                    "bootstrap.servers", "localhost:1",
                    "group.id", "g",
                    "config.storage.topic", "configs",
                    "offset.storage.topic", "offsets",
                    "status.storage.topic", "status")),
            null,
            true,
            fenced::incrementAndGet);

    @Test
    void anyFailedTransactionalWriteGivesLeadershipForWritesUpUntilANewGeneration() {
        store.leadership(true);

        RuntimeException thrown = store.writeFailed(
                "the config of connector c",
                new TransactionalConfigWriter.WriteFailedException(
                        "Could not write", false, new IllegalStateException("request timed out")));

        assertThat(thrown).isInstanceOf(TransactionalConfigWriter.WriteFailedException.class);
        // not the leader for writes: a leader's write is refused instead of claiming the id again (which would fence
        // the real leader); the worker rejoins to learn whether it still leads
        assertThat(store.leadsForWrites()).isFalse();
        assertThat(fenced).hasValue(1);
        assertThat(LeaderWriteRules.decide(true, true, store.holdsWritePrivileges(), store.leadsForWrites()))
                .isEqualTo(LeaderWriteRules.Decision.REFUSE);

        store.leadership(true); // the next generation says it leads
        assertThat(LeaderWriteRules.decide(true, true, store.holdsWritePrivileges(), store.leadsForWrites()))
                .isEqualTo(LeaderWriteRules.Decision.CLAIM_THEN_TRANSACTIONAL);
    }

    @Test
    void aFencedWriteAlsoGivesLeadershipUpAndAnswersNotLeader() {
        store.leadership(true);

        RuntimeException thrown = store.writeFailed(
                "the config of connector c", new TransactionalConfigWriter.WriteFailedException("fenced", true, null));

        assertThat(thrown).isInstanceOf(NotConfigLeaderException.class);
        assertThat(store.leadsForWrites()).isFalse();
        assertThat(fenced).hasValue(1);
    }
}
