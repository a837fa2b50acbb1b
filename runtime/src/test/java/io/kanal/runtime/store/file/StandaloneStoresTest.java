package io.kanal.runtime.store.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kanal.runtime.herder.HerderCommand;
import io.kanal.runtime.herder.HerderEvent;
import io.kanal.runtime.herder.HerderLoop;
import io.kanal.runtime.herder.HerderReply;
import io.kanal.runtime.herder.HerderStateMachine;
import io.kanal.runtime.herder.HerderView;
import io.kanal.runtime.herder.StatusState;
import io.kanal.runtime.herder.TargetState;
import io.kanal.runtime.membership.StandaloneMembership;
import io.kanal.runtime.store.MemoryStatusStore;
import io.kanal.runtime.store.StatusPublisher;
import io.kanal.runtime.store.StoreCommandRunner;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Standalone mode's herder on its file stores, with a fake worker: connectors created through REST, and their
 * target states, survive a restart of the worker.
 */
class StandaloneStoresTest {

    @TempDir
    Path dir;

    /** One standalone worker: loop, stores, and plugins that start at once on the herder thread. */
    private final class Worker implements AutoCloseable {
        final HerderLoop loop;
        final StoreCommandRunner stores;

        Worker() {
            HerderLoop[] self = new HerderLoop[1];
            stores = new StoreCommandRunner(
                    new FileConfigStore(dir.resolve("connectors.json")),
                    new FileOffsetStore(dir.resolve("offsets"), FileOffsetStore.Format.AUTO),
                    event -> self[0].submit(event));
            loop = new HerderLoop(
                    new HerderStateMachine("w", Map.of()),
                    command -> {
                        if (!stores.execute(command)) {
                            plugin(self[0], command);
                        }
                    },
                    new StatusPublisher(new MemoryStatusStore()),
                    System::currentTimeMillis,
                    1000);
            self[0] = loop;
            loop.start();
            stores.start();
            new StandaloneMembership("w").start(loop::submit);
        }

        @Override
        public void close() {
            loop.close();
            stores.close();
        }
    }

    private static void plugin(HerderLoop loop, HerderCommand command) {
        if (command instanceof HerderCommand.StartConnector c) {
            loop.submit(new HerderEvent.ConnectorStarted(c.name(), c.generation()));
        } else if (command instanceof HerderCommand.CallTaskConfigs c) {
            loop.submit(new HerderEvent.TaskConfigsReturned(c.name(), c.generation(), List.of(Map.of("t", "0"))));
        } else if (command instanceof HerderCommand.StartTask t) {
            loop.submit(new HerderEvent.TaskStarted(t.id(), t.generation()));
        } else if (command instanceof HerderCommand.StopTask t) {
            loop.submit(new HerderEvent.TaskStopped(t.id(), t.generation()));
        } else if (command instanceof HerderCommand.StopConnector c) {
            loop.submit(new HerderEvent.ConnectorStopped(c.name(), c.generation()));
        }
    }

    @Test
    void restCreatedConnectorsAndTheirTargetStatesSurviveARestart() throws Exception {
        try (Worker worker = new Worker()) {
            HerderReply created = worker.loop
                    .request(id -> new HerderEvent.PutConnectorConfig(
                            id, "kept", Map.of("connector.class", "X", "name", "kept"), false, Optional.empty()))
                    .get(10, TimeUnit.SECONDS);
            assertThat(created).isInstanceOf(HerderReply.ConnectorWritten.class);
            worker.loop
                    .request(id -> new HerderEvent.PutConnectorConfig(
                            id, "paused", Map.of("connector.class", "X"), false, Optional.of(TargetState.PAUSED)))
                    .get(10, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(10)).until(() -> running(worker.loop.view(), "kept"));
        }

        try (Worker restarted = new Worker()) {
            await().atMost(Duration.ofSeconds(10)).until(() -> running(restarted.loop.view(), "kept"));
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> restarted
                                    .loop
                                    .view()
                                    .connector("paused")
                                    .map(c -> c.status().state())
                                    .orElse(StatusState.UNASSIGNED)
                            == StatusState.PAUSED);
            assertThat(restarted.loop.view().connector("kept").orElseThrow().config())
                    .containsEntry("connector.class", "X");
        }
    }

    private static boolean running(HerderView view, String name) {
        return view.connector(name)
                .map(c -> c.status().state() == StatusState.RUNNING
                        && !c.tasks().isEmpty()
                        && c.tasks().get(0).status().state() == StatusState.RUNNING)
                .orElse(false);
    }
}
