package io.kanal.runtime.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.kanal.runtime.isolation.PluginPath;
import io.kanal.runtime.isolation.PluginRegistry;
import io.kanal.runtime.store.file.FileOffsetStore;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkerOffsetsTest {

    @TempDir
    Path dir;

    private PluginRegistry registry;
    private WorkerOffsets offsets;

    @BeforeEach
    void setUp() {
        Map<String, String> workerConfig = Map.of(
                "bootstrap.servers",
                "localhost:9092",
                "group.id",
                "g",
                "offset.storage.topic",
                "worker-offsets",
                "exactly.once.source.support",
                "enabled",
                ClientOverridePolicy.POLICY_CONFIG,
                "None");
        FileOffsetStore store = new FileOffsetStore(dir.resolve("offsets"), FileOffsetStore.Format.JSON);
        WorkerResources clients = new WorkerResources("w", workerConfig);
        registry = PluginRegistry.load(PluginPath.empty(), PluginRegistry.Builtins.kanal("4.4.0"));
        offsets = new WorkerOffsets(
                store,
                clients,
                new ConnectorConfigs(UnaryOperator.identity(), Set.of()),
                registry,
                new ConnectorOffsetStores(store, clients, workerConfig, true));
    }

    @AfterEach
    void tearDown() throws Exception {
        registry.close();
    }

    @Test
    void aConfigThatCannotBeLaidOutMayHaveItsOwnTopicSoTheChangeReportsTheRealError() {
        // the policy refuses the override: whether the connector has its own topic cannot be told
        Map<String, String> config = Map.of(
                "connector.class", "SomeSource",
                "offsets.storage.topic", "own-offsets",
                "producer.override.bootstrap.servers", "other:9092");

        assertThat(offsets.hasOwnTopic("c", config)).isTrue();
        // the change is then sent through the resolved config, which reports the refusal instead of changing the
        // worker's store alone
        assertThat(offsets.alterSource("c", config, Map.of(Map.of("p", 1), Map.of("o", 1))))
                .hasValueSatisfying(error -> assertThat(error).contains("producer.override.bootstrap.servers"));
    }
}
