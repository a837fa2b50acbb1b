package io.kanal.runtime.herder;

import static io.kanal.runtime.herder.HerderHarness.config;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kanal.runtime.membership.StandaloneMembership;
import io.kanal.runtime.store.MemoryStatusStore;
import io.kanal.runtime.store.StatusPublisher;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HerderLoopTest {

    private final ExecutorService pluginThreads = Executors.newCachedThreadPool();
    private final CountDownLatch slowRelease = new CountDownLatch(1);
    private final List<HerderCommand> executed = new CopyOnWriteArrayList<>();
    private final MemoryStatusStore statuses = new MemoryStatusStore();
    private HerderLoop loop;

    /** A worker whose store answers at once and whose plugins answer on their own threads; "slow" hangs in start. */
    private final class FakeActions implements HerderActions {
        @Override
        public void execute(HerderCommand command) {
            executed.add(command);
            if (command instanceof HerderCommand.WriteConnectorConfig w) {
                loop.submit(new HerderEvent.ConnectorConfigRead(w.name(), Optional.of(w.config())));
                loop.submit(new HerderEvent.WriteCompleted(w.requestId(), Optional.empty()));
            } else if (command instanceof HerderCommand.WriteTaskConfigs w) {
                loop.submit(new HerderEvent.TaskConfigsRead(w.name(), w.configs()));
                loop.submit(new HerderEvent.WriteCompleted(w.requestId(), Optional.empty()));
            } else if (command instanceof HerderCommand.WriteTargetState w) {
                loop.submit(new HerderEvent.TargetStateRead(w.name(), w.state()));
                loop.submit(new HerderEvent.WriteCompleted(w.requestId(), Optional.empty()));
            } else if (command instanceof HerderCommand.StartConnector s) {
                pluginThreads.execute(() -> {
                    if (s.name().equals("slow")) {
                        awaitQuietly(slowRelease);
                    }
                    loop.submit(new HerderEvent.ConnectorStarted(s.name(), s.generation()));
                });
            } else if (command instanceof HerderCommand.CallTaskConfigs c) {
                pluginThreads.execute(() -> loop.submit(
                        new HerderEvent.TaskConfigsReturned(c.name(), c.generation(), List.of(Map.of("t", "0")))));
            } else if (command instanceof HerderCommand.StartTask t) {
                pluginThreads.execute(() -> loop.submit(new HerderEvent.TaskStarted(t.id(), t.generation())));
            } else if (command instanceof HerderCommand.StopTask t) {
                pluginThreads.execute(() -> loop.submit(new HerderEvent.TaskStopped(t.id(), t.generation())));
            } else if (command instanceof HerderCommand.StopConnector c) {
                pluginThreads.execute(() -> loop.submit(new HerderEvent.ConnectorStopped(c.name(), c.generation())));
            }
        }
    }

    private void startLoop(HerderActions actions, Map<String, String> workerConfig, int capacity) {
        loop = new HerderLoop(
                new HerderStateMachine("worker-1", workerConfig),
                actions,
                new StatusPublisher(statuses),
                System::currentTimeMillis,
                capacity);
        loop.start();
        new StandaloneMembership("worker-1").start(loop::submit);
    }

    @AfterEach
    void stop() {
        slowRelease.countDown();
        if (loop != null) {
            loop.close();
        }
        pluginThreads.shutdownNow();
    }

    @Test
    void restCommandsAreAnsweredWhileAPluginCallIsSlow() throws Exception {
        startLoop(new FakeActions(), Map.of(), 100);

        HerderReply slow = create("slow");
        assertThat(slow).isInstanceOf(HerderReply.ConnectorWritten.class);

        HerderReply fast = create("fast");
        assertThat(fast).isInstanceOf(HerderReply.ConnectorWritten.class);
        await().atMost(Duration.ofSeconds(10)).until(() -> taskRunning("fast"));
        assertThat(loop.request(id -> new HerderEvent.ChangeTargetState(id, "slow", TargetState.PAUSED))
                        .get(5, TimeUnit.SECONDS))
                .isInstanceOf(HerderReply.Done.class);
        assertThat(loop.view().connector("slow").orElseThrow().status().state()).isEqualTo(StatusState.UNASSIGNED);

        slowRelease.countDown();
        await().atMost(Duration.ofSeconds(10))
                .until(() ->
                        loop.view().connector("slow").orElseThrow().status().state() == StatusState.PAUSED);
        assertThat(statuses.connector("fast"))
                .hasValueSatisfying(s -> assertThat(s.state()).isEqualTo(StatusState.RUNNING));
        assertThat(statuses.task(new ConnectorTaskId("fast", 0)))
                .hasValueSatisfying(s -> assertThat(s.state()).isEqualTo(StatusState.RUNNING));
    }

    @Test
    void failedTasksRestartOnTheLoopsTimer() throws Exception {
        startLoop(new FakeActions(), Map.of("kanal.task.restart.backoff.initial.ms", "20"), 100);
        create("src");
        await().atMost(Duration.ofSeconds(10)).until(() -> taskRunning("src"));
        ConnectorTaskId task = new ConnectorTaskId("src", 0);
        long generation = executed.stream()
                .filter(HerderCommand.StartTask.class::isInstance)
                .mapToLong(c -> ((HerderCommand.StartTask) c).generation())
                .max()
                .orElseThrow();

        loop.submit(new HerderEvent.TaskFailed(task, generation, StatusError.of("poll", "X", "boom")));

        await().atMost(Duration.ofSeconds(10))
                .until(() -> executed.stream()
                                .filter(HerderCommand.StartTask.class::isInstance)
                                .count()
                        == 2);
        await().atMost(Duration.ofSeconds(10)).until(() -> taskRunning("src"));
        assertThat(loop.view()
                        .connector("src")
                        .orElseThrow()
                        .tasks()
                        .get(0)
                        .status()
                        .restartAttempts())
                .isEqualTo(1);
    }

    @Test
    void aFullQueueRefusesRestCommandsAtOnce() throws Exception {
        CountDownLatch herderBlocked = new CountDownLatch(1);
        CountDownLatch unblock = new CountDownLatch(1);
        // An action that breaks the contract and blocks the herder thread, so that the queue fills up.
        startLoop(
                command -> {
                    herderBlocked.countDown();
                    awaitQuietly(unblock);
                    new FakeActions().execute(command);
                },
                Map.of(),
                2);
        CompletableFuture<HerderReply> first =
                loop.request(id -> new HerderEvent.PutConnectorConfig(id, "a", config(), false, Optional.empty()));
        assertThat(herderBlocked.await(10, TimeUnit.SECONDS)).isTrue();

        loop.request(id -> new HerderEvent.GetTaskConfigs(id, "a"));
        loop.request(id -> new HerderEvent.GetTaskConfigs(id, "a"));
        CompletableFuture<HerderReply> refused = loop.request(id -> new HerderEvent.GetTaskConfigs(id, "a"));

        assertThat(refused)
                .isCompletedWithValueMatching(
                        r -> r instanceof HerderReply.Failed f && f.error().kind() == HerderError.Kind.UNAVAILABLE);
        unblock.countDown();
        assertThat(first.get(10, TimeUnit.SECONDS)).isInstanceOf(HerderReply.ConnectorWritten.class);
    }

    @Test
    void anActionThatThrowsBecomesAFailureOfItsCommand() throws Exception {
        startLoop(
                command -> {
                    if (command instanceof HerderCommand.StartConnector) {
                        throw new IllegalStateException("no such plugin loader");
                    }
                    new FakeActions().execute(command);
                },
                Map.of(),
                100);

        create("src");

        await().atMost(Duration.ofSeconds(10))
                .until(() -> loop.view().connector("src").orElseThrow().status().state() == StatusState.FAILED);
        assertThat(loop.view()
                        .connector("src")
                        .orElseThrow()
                        .status()
                        .error()
                        .orElseThrow()
                        .message())
                .isEqualTo("no such plugin loader");
    }

    @Test
    void closeAnswersWaitingRequestsUnavailable() throws Exception {
        startLoop(command -> {}, Map.of(), 100); // the store never answers
        CompletableFuture<HerderReply> waiting =
                loop.request(id -> new HerderEvent.PutConnectorConfig(id, "a", config(), false, Optional.empty()));

        loop.close();

        assertThat(waiting.get(5, TimeUnit.SECONDS)).isInstanceOfSatisfying(HerderReply.Failed.class, f -> assertThat(
                        f.error().kind())
                .isEqualTo(HerderError.Kind.UNAVAILABLE));
        assertThat(loop.request(id -> new HerderEvent.GetTaskConfigs(id, "a")).get(5, TimeUnit.SECONDS))
                .isInstanceOf(HerderReply.Failed.class);
    }

    private HerderReply create(String name) throws Exception {
        return loop.request(id -> new HerderEvent.PutConnectorConfig(id, name, config(), false, Optional.empty()))
                .get(5, TimeUnit.SECONDS);
    }

    private boolean taskRunning(String name) {
        return loop.view()
                .connector(name)
                .map(c -> !c.tasks().isEmpty() && c.tasks().get(0).status().state() == StatusState.RUNNING)
                .orElse(false);
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
