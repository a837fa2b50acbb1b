package io.kanal.runtime.store.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kanal.client.TopicPartition;
import io.kanal.client.errors.KafkaException;
import io.kanal.client.errors.ProducerFencedException;
import io.kanal.client.errors.TimeoutException;
import io.kanal.client.producer.Producer;
import io.kanal.client.producer.RecordMetadata;
import io.kanal.runtime.store.StoreException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** What a failed leader's transactional write does, with a scripted producer; no broker needed. */
class LeaderConfigWritesTest {

    private static final List<ConfigRecord> CONFIG =
            List.of(new ConfigRecord.ConnectorConfig("c", Map.of("connector.class", "Src")));

    /** What happened, in order: "readToEnd", "rejoin", "close". Test thread only. */
    private final List<String> events = new ArrayList<>();
    /** What commitTransaction throws; null to commit. */
    private RuntimeException commitFailure;

    private final AtomicInteger offsets = new AtomicInteger();

    private final LeaderConfigWrites writes = new LeaderConfigWrites(
            "configs",
            "g",
            new TransactionalConfigWriter("configs", "g", Map.of(), "g-configs-leader", Duration.ofSeconds(1), s -> {
                assertThat(s).containsEntry("transactional.id", "connect-cluster-g");
                return scriptedProducer();
            }),
            new ConfigRecordCodec(),
            () -> events.add("rejoin"),
            () -> events.add("readToEnd"));

    @SuppressWarnings("unchecked") // a proxy of the raw interface
    private Producer<byte[], byte[]> scriptedProducer() {
        return (Producer<byte[], byte[]>) Proxy.newProxyInstance(
                Producer.class.getClassLoader(), new Class<?>[] {Producer.class}, (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "send" -> {
                            return CompletableFuture.completedFuture(new RecordMetadata(
                                    new TopicPartition("configs", 0), offsets.getAndIncrement(), 0L, 1, 1));
                        }
                        case "commitTransaction" -> {
                            if (commitFailure != null) {
                                throw commitFailure;
                            }
                            return null;
                        }
                        case "close" -> {
                            events.add("close");
                            return null;
                        }
                        default -> {
                            return null; // initTransactions, beginTransaction
                        }
                    }
                });
    }

    @Test
    void aCommitThatTimedOutIsReportedAsOfUnknownOutcomeAndTheTopicIsReadBeforeAnythingElse() {
        writes.leadership(true);
        commitFailure = new TimeoutException("EndTxn did not answer within 1000 ms");

        assertThatThrownBy(() -> writes.write("the config of connector 'c'", CONFIG))
                .isInstanceOf(ConfigWriteOutcomeUnknownException.class)
                .hasMessageContaining("outcome is unknown")
                .hasMessageContaining("may or may not have been committed")
                .hasMessageNotContaining("Nothing of it was committed")
                .hasCauseInstanceOf(TimeoutException.class);

        // the producer released, leadership for writes given up, the topic read to its end, then the rejoin
        assertThat(events).containsExactly("close", "readToEnd", "rejoin");
        assertThat(writes.held()).isFalse();
        assertThat(writes.leadsForWrites()).isFalse();
        assertThat(writes.decide(CONFIG)).isEqualTo(LeaderWriteRules.Decision.REFUSE);
    }

    @Test
    void aFailedReadAfterAnUnknownOutcomeIsKeptWithTheError() {
        LeaderConfigWrites failingRead = new LeaderConfigWrites(
                "configs",
                "g",
                new TransactionalConfigWriter(
                        "configs", "g", Map.of(), "g-configs-leader", Duration.ofSeconds(1), s -> scriptedProducer()),
                new ConfigRecordCodec(),
                () -> events.add("rejoin"),
                () -> {
                    throw new StoreException("Timed out reading topic 'configs'");
                });
        failingRead.leadership(true);
        commitFailure = new TimeoutException("EndTxn did not answer");

        assertThatThrownBy(() -> failingRead.write("the config of connector 'c'", CONFIG))
                .isInstanceOf(ConfigWriteOutcomeUnknownException.class)
                .satisfies(e -> assertThat(e.getSuppressed()).singleElement().isInstanceOf(StoreException.class));
        assertThat(events).containsExactly("close", "rejoin");
    }

    @Test
    void aCommitTheBrokerRefusedCommittedNothingAndGivesLeadershipForWritesUpUntilANewGeneration() {
        writes.leadership(true);
        commitFailure = new KafkaException("the transaction was aborted");

        assertThatThrownBy(() -> writes.write("the config of connector 'c'", CONFIG))
                .isInstanceOf(TransactionalConfigWriter.WriteFailedException.class)
                .hasMessageContaining("Nothing of it was committed");

        // not the leader for writes: refused instead of claiming the id again (which would fence the real leader);
        // the worker rejoins to learn whether it still leads; nothing to read back
        assertThat(events).containsExactly("close", "rejoin");
        assertThat(writes.decide(CONFIG)).isEqualTo(LeaderWriteRules.Decision.REFUSE);

        writes.leadership(true); // the next generation says it leads
        assertThat(writes.decide(CONFIG)).isEqualTo(LeaderWriteRules.Decision.CLAIM_THEN_TRANSACTIONAL);
    }

    @Test
    void aFencedWriteAnswersNotLeader() {
        writes.leadership(true);
        commitFailure = new ProducerFencedException("another producer took connect-cluster-g");

        assertThatThrownBy(() -> writes.write("the config of connector 'c'", CONFIG))
                .isInstanceOf(NotConfigLeaderException.class)
                .hasMessageContaining("was fenced out");
        assertThat(writes.leadsForWrites()).isFalse();
        assertThat(events).containsExactly("close", "rejoin");
    }

    @Test
    void aCommittedWriteReturnsTheOffsetOfItsLastRecord() {
        writes.leadership(true);

        long last = writes.write(
                "the deletion of connector 'c'",
                List.of(new ConfigRecord.ConnectorRemoved("c"), new ConfigRecord.TargetStateRemoved("c")));

        assertThat(last).isEqualTo(1L);
        assertThat(writes.held()).isTrue();
        assertThat(writes.leadsForWrites()).isTrue();
        assertThat(events).isEmpty();
    }
}
