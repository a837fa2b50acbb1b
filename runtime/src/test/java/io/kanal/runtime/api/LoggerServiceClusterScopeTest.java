package io.kanal.runtime.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kanal.runtime.herder.HerderEvent;
import io.kanal.runtime.herder.HerderReply;
import io.kanal.runtime.herder.HerderView;
import io.kanal.runtime.isolation.PluginRegistry;
import io.kanal.runtime.task.ActiveTopics;
import io.kanal.runtime.worker.ConnectorValidator;
import io.kanal.runtime.worker.WorkerOffsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.function.LongFunction;
import org.junit.jupiter.api.Test;

class LoggerServiceClusterScopeTest {

    private static final Clock CLOCK = Clock.fixed(Instant.ofEpochMilli(1_000), ZoneOffset.UTC);

    /** Levels in memory; no hierarchy needed here. */
    private static final class Levels implements LoggerLevels {
        final Map<String, String> levels = new ConcurrentHashMap<>(Map.of(ROOT, "INFO"));

        @Override
        public List<String> loggers() {
            return new ArrayList<>(levels.keySet());
        }

        @Override
        public Optional<String> level(String logger) {
            return Optional.ofNullable(levels.get(logger));
        }

        @Override
        public Optional<String> effectiveLevel(String logger) {
            return Optional.ofNullable(levels.getOrDefault(logger, levels.get(ROOT)));
        }

        @Override
        public void setLevel(String logger, String level) {
            levels.put(logger, level);
        }
    }

    /** A worker that writes cluster-wide levels when {@code clustered}, recording them. */
    private static final class Worker implements WorkerApi {
        final boolean clustered;
        final List<List<String>> written = new ArrayList<>();
        BiConsumer<String, String> apply;

        Worker(boolean clustered) {
            this.clustered = clustered;
        }

        @Override
        public boolean putClusterLoggerLevel(String namespace, String level) {
            if (clustered) {
                written.add(List.of(namespace, level));
            }
            return clustered;
        }

        @Override
        public void applyClusterLoggerLevels(BiConsumer<String, String> apply) {
            this.apply = apply;
        }

        @Override
        public CompletableFuture<HerderReply> request(LongFunction<? extends HerderEvent.Request> request) {
            throw new UnsupportedOperationException("not needed here");
        }

        @Override
        public HerderView view() {
            throw new UnsupportedOperationException("not needed here");
        }

        @Override
        public PluginRegistry registry() {
            throw new UnsupportedOperationException("not needed here");
        }

        @Override
        public ConnectorValidator.Outcome validate(String name, Map<String, String> config, Duration timeout) {
            throw new UnsupportedOperationException("not needed here");
        }

        @Override
        public boolean ready() {
            return true;
        }

        @Override
        public ActiveTopics activeTopics() {
            throw new UnsupportedOperationException("not needed here");
        }

        @Override
        public WorkerOffsets offsets() {
            throw new UnsupportedOperationException("not needed here");
        }

        @Override
        public String version() {
            return "test";
        }
    }

    @Test
    void aClusteredWorkerWritesTheLevelAsRequestedAndAppliesItOnlyWhenReadBack() {
        Levels levels = new Levels();
        Worker worker = new Worker(true);
        LoggerService service = LoggerService.of(levels, CLOCK, worker);

        service.setClusterLevel("org.example", "debug");

        assertThat(worker.written).containsExactly(List.of("org.example", "debug"));
        assertThat(levels.level("org.example")).isEmpty();
        worker.apply.accept("org.example", "debug");
        assertThat(service.level("org.example")).isEqualTo(new LoggerService.LoggerLevel("DEBUG", 1_000L));
    }

    @Test
    void aStandaloneWorkerSetsTheLevelHereAsConnectsStandaloneHerder() {
        Levels levels = new Levels();
        LoggerService service = LoggerService.of(levels, CLOCK, new Worker(false));

        service.setClusterLevel("org.example", "WARN");

        assertThat(levels.level("org.example")).hasValue("WARN");
    }

    @Test
    void badLevelsAreRefusedBeforeAnythingIsWrittenAndSkippedWhenRead() {
        Levels levels = new Levels();
        Worker worker = new Worker(true);
        LoggerService service = LoggerService.of(levels, CLOCK, worker);

        assertThatThrownBy(() -> service.setClusterLevel("org.example", "LOUD"))
                .isInstanceOfSatisfying(
                        ApiException.class, e -> assertThat(e.errorCode()).isEqualTo(404));
        assertThatThrownBy(() -> service.setClusterLevel("org.example", null))
                .isInstanceOfSatisfying(
                        ApiException.class, e -> assertThat(e.errorCode()).isEqualTo(400));
        assertThat(worker.written).isEmpty();
        // a record another tool wrote with a level this backend does not know changes nothing
        worker.apply.accept("org.example", "LOUD");
        assertThat(levels.level("org.example")).isEmpty();
    }

    @Test
    void anotherBackendTakesOverApplyingClusterLevels() {
        Worker worker = new Worker(true);
        LoggerService first = LoggerService.of(LoggerLevels.NONE, CLOCK, worker);
        Levels levels = new Levels();
        LoggerService second = first.withBackend(levels);

        worker.apply.accept("org.example", "TRACE");

        assertThat(second.level("org.example").level()).isEqualTo("TRACE");
    }
}
