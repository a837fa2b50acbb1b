package io.kanal.runtime.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kanal.config.InvalidConfigValueException;
import io.kanal.runtime.invoke.Owner;
import io.kanal.runtime.invoke.PluginInvoker;
import io.kanal.runtime.store.kafka.KafkaStoreConfigException;
import io.kanal.runtime.store.kafka.KafkaStoreSettings;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StandaloneExactlyOnceTest {

    private static Map<String, String> enabled(String... keyValues) {
        Map<String, String> config = new HashMap<>();
        config.put("exactly.once.source.support", "enabled");
        config.put("bootstrap.servers", "k1:9092");
        config.put("offset.storage.file.filename", "/tmp/offsets");
        for (int i = 0; i < keyValues.length; i += 2) {
            config.put(keyValues[i], keyValues[i + 1]);
        }
        return config;
    }

    @Test
    void onlyEnabledTurnsItOn() {
        assertThat(StandaloneExactlyOnce.from(Map.of())).isEmpty();
        assertThat(StandaloneExactlyOnce.from(Map.of("exactly.once.source.support", "disabled")))
                .isEmpty();
        assertThat(StandaloneExactlyOnce.from(Map.of("exactly.once.source.support", "preparing")))
                .isEmpty();
        assertThat(StandaloneExactlyOnce.from(enabled("kanal.worker.id", "w1"))).isPresent();
        assertThatThrownBy(() -> StandaloneExactlyOnce.from(Map.of("exactly.once.source.support", "sometimes")))
                .isInstanceOf(InvalidConfigValueException.class);
    }

    @Test
    void theWorkerIdIsRequiredAndMustBeUsableInATopicName() {
        assertThatThrownBy(() -> StandaloneExactlyOnce.from(enabled()))
                .isInstanceOf(InvalidConfigValueException.class)
                .hasMessageContaining("kanal.worker.id")
                .hasMessageContaining("<kanal.worker.id>-<connector>-<task>");
        assertThatThrownBy(() -> StandaloneExactlyOnce.from(enabled("kanal.worker.id", "  ")))
                .isInstanceOf(InvalidConfigValueException.class);
        assertThatThrownBy(() -> StandaloneExactlyOnce.from(enabled("kanal.worker.id", "localhost:8083")))
                .isInstanceOf(InvalidConfigValueException.class)
                .hasMessageContaining("'localhost:8083'");
        assertThatThrownBy(() -> StandaloneExactlyOnce.from(enabled("kanal.worker.id", "x".repeat(201))))
                .isInstanceOf(InvalidConfigValueException.class);
        assertThat(StandaloneExactlyOnce.from(enabled("kanal.worker.id", " etl-1.prod_A "))
                        .orElseThrow()
                        .workerId())
                .isEqualTo("etl-1.prod_A");
    }

    @Test
    void theOffsetsTopicDefaultsToOnePerWorker() {
        assertThat(StandaloneExactlyOnce.from(enabled("kanal.worker.id", "w1"))
                        .orElseThrow()
                        .offsetTopic())
                .isEqualTo("kanal-standalone-offsets-w1");
        assertThat(StandaloneExactlyOnce.from(enabled("kanal.worker.id", "w1", "offset.storage.topic", " my-offsets "))
                        .orElseThrow()
                        .offsetTopic())
                .isEqualTo("my-offsets");
    }

    @Test
    void theWorkersPartsSeeTheTopicAndTheIdAsTheTransactionalIdPrefix() {
        Map<String, String> config = enabled("kanal.worker.id", "w1", "group.id", "copied-from-a-cluster");
        StandaloneExactlyOnce eos = StandaloneExactlyOnce.from(config).orElseThrow();
        Map<String, String> effective = eos.workerConfig(config);
        assertThat(effective)
                .containsEntry("group.id", "w1")
                .containsEntry("offset.storage.topic", "kanal-standalone-offsets-w1")
                .containsEntry("bootstrap.servers", "k1:9092");
        TaskFactory factory =
                new TaskFactory(PluginInvoker.builder().build(), new WorkerResources("w1", effective), effective);
        assertThat(factory.transactionalId(Owner.task("orders", 2)))
                .isEqualTo(eos.transactionalId("orders", 2))
                .isEqualTo("w1-orders-2");
    }

    @Test
    void theTopicIsCreatedLikeADistributedWorkersOffsetsTopic() {
        KafkaStoreSettings defaults = StandaloneExactlyOnce.from(enabled("kanal.worker.id", "w1"))
                .orElseThrow()
                .storeSettings(enabled("kanal.worker.id", "w1", "security.protocol", "SSL", "producer.acks", "1"));
        assertThat(defaults.offsetTopic())
                .isEqualTo(new KafkaStoreSettings.TopicSettings("kanal-standalone-offsets-w1", 25, (short) 3));
        assertThat(defaults.bootstrapServers()).isEqualTo("k1:9092");
        assertThat(defaults.groupId()).isEqualTo("w1");
        assertThat(defaults.clientProperties())
                .containsEntry("security.protocol", "SSL")
                .doesNotContainKey("producer.acks")
                .doesNotContainKey("acks");

        Map<String, String> config = enabled(
                "kanal.worker.id", "w1", "offset.storage.partitions", "3", "offset.storage.replication.factor", "1");
        assertThat(StandaloneExactlyOnce.from(config)
                        .orElseThrow()
                        .storeSettings(config)
                        .offsetTopic())
                .isEqualTo(new KafkaStoreSettings.TopicSettings("kanal-standalone-offsets-w1", 3, (short) 1));
        Map<String, String> bad = enabled("kanal.worker.id", "w1", "offset.storage.replication.factor", "0");
        assertThatThrownBy(() -> StandaloneExactlyOnce.from(bad).orElseThrow().storeSettings(bad))
                .isInstanceOf(KafkaStoreConfigException.class)
                .hasMessageContaining("offset.storage.replication.factor");
    }
}
