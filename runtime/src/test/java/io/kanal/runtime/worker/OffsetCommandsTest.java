package io.kanal.runtime.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.kanal.runtime.herder.HerderCommand;
import io.kanal.runtime.herder.HerderEvent;
import io.kanal.runtime.isolation.PluginPath;
import io.kanal.runtime.isolation.PluginRegistry;
import io.kanal.runtime.store.StoreCommandRunner;
import io.kanal.runtime.store.file.FileConfigStore;
import io.kanal.runtime.store.file.FileOffsetStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The herder's offsets commands with exactly-once source support: a source connector's task producers are fenced
 * before its offsets change (so that a zombie task cannot commit over them), and a failed fencing changes nothing.
 */
class OffsetCommandsTest {

    private static final Map<String, String> SOURCE = Map.of("connector.class", "SomeSource");
    private static final Map<String, Object> PARTITION = Map.of("p", 1);

    @TempDir
    Path dir;

    private PluginRegistry registry;
    private FileOffsetStore store;
    private WorkerOffsets offsets;
    private StoreCommandRunner stores;
    private final BlockingQueue<HerderEvent> events = new LinkedBlockingQueue<>();

    @BeforeEach
    void setUp() {
        Map<String, String> workerConfig = Map.of(
                "bootstrap.servers", "localhost:9092", "group.id", "g", "exactly.once.source.support", "enabled");
        store = new FileOffsetStore(dir.resolve("offsets"), FileOffsetStore.Format.JSON);
        WorkerResources clients = new WorkerResources("w", workerConfig);
        registry = PluginRegistry.load(PluginPath.empty(), PluginRegistry.Builtins.kanal("4.4.0"));
        offsets = new WorkerOffsets(
                store,
                clients,
                new ConnectorConfigs(UnaryOperator.identity(), Set.of()),
                registry,
                new ConnectorOffsetStores(store, clients, workerConfig, false));
        stores = new StoreCommandRunner(new FileConfigStore(dir.resolve("configs")), store, events::add);
        stores.start();
    }

    @AfterEach
    void tearDown() throws Exception {
        stores.close();
        registry.close();
    }

    private OffsetCommands commands(OffsetChangeFencing fencing) {
        return new OffsetCommands(offsets, stores, fencing, Runnable::run, events::add, Duration.ofSeconds(5));
    }

    private Optional<String> answer(long requestId) throws InterruptedException {
        while (true) {
            HerderEvent event = events.poll(10, TimeUnit.SECONDS);
            assertThat(event).as("the answer to request %d", requestId).isNotNull();
            if (event instanceof HerderEvent.OffsetsReset reset && reset.requestId() == requestId) {
                return reset.failure();
            }
        }
    }

    /** The stored offset of the test partition, or -1. */
    private long offset() {
        return store.offset("c", PARTITION)
                .map(o -> ((Number) o.get("o")).longValue())
                .orElse(-1L);
    }

    @Test
    void aSourceConnectorsOffsetsChangeOnlyAfterItsTaskProducersAreFenced() throws Exception {
        List<String> fenced = new ArrayList<>();
        List<Optional<Map<String, Object>>> seenWhileFencing = new ArrayList<>();
        OffsetCommands commands = commands(connector -> {
            fenced.add(connector);
            seenWhileFencing.add(store.offset(connector, PARTITION));
        });

        assertThat(commands.execute(new HerderCommand.AlterOffsets(1, "c", SOURCE, Map.of(PARTITION, Map.of("o", 7)))))
                .isTrue();

        assertThat(answer(1)).isEmpty();
        assertThat(fenced).containsExactly("c");
        assertThat(seenWhileFencing).containsExactly(Optional.empty()); // fenced before the write
        assertThat(offset()).isEqualTo(7L);

        assertThat(commands.execute(new HerderCommand.ResetOffsets(2, "c", SOURCE)))
                .isTrue();
        assertThat(answer(2)).isEmpty();
        assertThat(fenced).containsExactly("c", "c");
        assertThat(store.offset("c", PARTITION)).isEmpty();
    }

    @Test
    void aFailedFencingFailsTheChangeAndChangesNothing() throws Exception {
        OffsetCommands commands = commands(connector -> {
            throw new ZombieFencingException("not authorized to fence", true, null);
        });

        commands.execute(new HerderCommand.AlterOffsets(3, "c", SOURCE, Map.of(PARTITION, Map.of("o", 7))));

        assertThat(answer(3))
                .hasValueSatisfying(failure ->
                        assertThat(failure).contains("zombie fencing").contains("not authorized to fence"));
        assertThat(store.offset("c", PARTITION)).isEmpty();
    }

    @Test
    void withoutExactlyOnceFencingAWorkerStoreChangeGoesToTheStoreThread() throws Exception {
        OffsetCommands commands = commands(OffsetChangeFencing.NONE);

        assertThat(commands.execute(new HerderCommand.AlterOffsets(4, "c", SOURCE, Map.of(PARTITION, Map.of("o", 1)))))
                .isTrue();

        assertThat(answer(4)).isEmpty();
        assertThat(offset()).isEqualTo(1L);
    }
}
