package io.kanal.runtime.herder;

import static io.kanal.runtime.herder.HerderHarness.config;
import static io.kanal.runtime.herder.HerderHarness.taskConfigs;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** REST restarts (KIP-745), automatic restarts with back-off, and the {@code none} policy. */
class HerderRestartTest {

    private static final StatusError BOOM = StatusError.of("poll", "java.lang.IllegalStateException", "boom");
    private static final ConnectorTaskId T0 = new ConnectorTaskId("src", 0);
    private static final ConnectorTaskId T1 = new ConnectorTaskId("src", 1);

    private HerderHarness started(Map<String, String> workerConfig, String... connectorKeys) {
        HerderHarness h = new HerderHarness(workerConfig);
        h.generatedTaskConfigs.put("src", taskConfigs("a", "b"));
        String[] keys = new String[connectorKeys.length + 2];
        keys[0] = "tasks.max";
        keys[1] = "2";
        System.arraycopy(connectorKeys, 0, keys, 2, connectorKeys.length);
        h.create("src", config(keys));
        return h;
    }

    @Test
    void restartWithOnlyFailedRestartsOnlyTheFailedTask() {
        HerderHarness h = started(Map.of("kanal.task.restart.policy", "none"));
        h.send(new HerderEvent.TaskFailed(T1, h.generationOf(T1), BOOM));
        assertThat(h.taskState("src", 1)).isEqualTo(StatusState.FAILED);
        assertThat(h.connector("src").tasks().get(1).status().error()).contains(BOOM);
        int mark = h.log.size();

        long id = h.nextRequestId();
        h.send(new HerderEvent.RestartConnector(id, "src", true, true));

        assertThat(h.replies.get(id)).isInstanceOfSatisfying(HerderReply.Restarting.class, r -> {
            assertThat(r.connector().status().state()).isEqualTo(StatusState.RUNNING);
            assertThat(r.connector().tasks())
                    .extracting(t -> t.status().state())
                    .containsExactly(StatusState.RUNNING, StatusState.RESTARTING);
        });
        h.settle();
        List<HerderCommand> after = h.since(mark);
        assertThat(after)
                .filteredOn(HerderCommand.StartTask.class::isInstance)
                .extracting(c -> ((HerderCommand.StartTask) c).id())
                .containsExactly(T1);
        assertThat(after)
                .noneMatch(c -> c instanceof HerderCommand.StopConnector || c instanceof HerderCommand.StopTask);
        assertThat(h.taskState("src", 1)).isEqualTo(StatusState.RUNNING);
    }

    @Test
    void restartWithIncludeTasksRestartsEverything() {
        HerderHarness h = started(Map.of());
        int mark = h.log.size();

        HerderReply reply = h.request(id -> new HerderEvent.RestartConnector(id, "src", true, false));

        assertThat(reply).isInstanceOf(HerderReply.Restarting.class);
        List<HerderCommand> after = h.since(mark);
        assertThat(after).filteredOn(HerderCommand.StopTask.class::isInstance).hasSize(2);
        assertThat(after).filteredOn(HerderCommand.StartTask.class::isInstance).hasSize(2);
        assertThat(after)
                .filteredOn(HerderCommand.StopConnector.class::isInstance)
                .hasSize(1);
        assertThat(after)
                .filteredOn(HerderCommand.StartConnector.class::isInstance)
                .hasSize(1);
        assertThat(h.connector("src").status().state()).isEqualTo(StatusState.RUNNING);
    }

    @Test
    void legacyRestartRestartsTheConnectorOnlyAndAnswersDone() {
        HerderHarness h = started(Map.of());
        int mark = h.log.size();

        HerderReply reply = h.request(id -> new HerderEvent.RestartConnector(id, "src", false, false));

        assertThat(reply).isInstanceOf(HerderReply.Done.class);
        assertThat(h.since(mark))
                .noneMatch(HerderCommand.StopTask.class::isInstance)
                .anyMatch(HerderCommand.StartConnector.class::isInstance);
    }

    @Test
    void onlyFailedWithNothingFailedRestartsNothing() {
        HerderHarness h = started(Map.of());
        int mark = h.log.size();

        h.request(id -> new HerderEvent.RestartConnector(id, "src", true, true));

        assertThat(h.since(mark))
                .filteredOn(c -> !(c instanceof HerderCommand.Reply))
                .isEmpty();
    }

    @Test
    void restartOfAStillStartingTaskWaitsForItThenStopsAndStarts() {
        HerderHarness h = new HerderHarness();
        h.worker = c -> c instanceof HerderCommand.StartTask ? Optional.empty() : h.defaultWorker(c);
        h.create("src", config());
        HerderCommand.StartTask first = (HerderCommand.StartTask) h.held.get(0);

        h.request(id -> new HerderEvent.RestartTask(id, T0));
        assertThat(h.log).filteredOn(HerderCommand.StartTask.class::isInstance).hasSize(1);
        assertThat(h.taskState("src", 0)).isEqualTo(StatusState.RESTARTING);

        h.worker = h::defaultWorker;
        h.release(first, new HerderEvent.TaskStarted(T0, first.generation()));

        assertThat(h.log).contains(new HerderCommand.StopTask(T0, first.generation()));
        assertThat(h.log).filteredOn(HerderCommand.StartTask.class::isInstance).hasSize(2);
        assertThat(h.taskState("src", 0)).isEqualTo(StatusState.RUNNING);
    }

    @Test
    void restartsAreRefusedDuringARebalanceAndUnknownNamesAreNotFound() {
        HerderHarness h = started(Map.of());
        h.send(new HerderEvent.RebalanceStarted());

        assertThat(h.request(id -> new HerderEvent.RestartTask(id, T0)))
                .isEqualTo(new HerderReply.Failed(new HerderError(
                        HerderError.Kind.REBALANCE_IN_PROGRESS,
                        "Cannot complete request because of a conflicting operation (e.g. worker rebalance)")));
        assertThat(h.request(id -> new HerderEvent.RestartConnector(id, "nope", true, false)))
                .isEqualTo(new HerderReply.Failed(HerderError.notFound("nope")));
        assertThat(h.request(id -> new HerderEvent.RestartTask(id, new ConnectorTaskId("src", 7))))
                .isInstanceOfSatisfying(
                        HerderReply.Failed.class,
                        f -> assertThat(f.error().kind()).isEqualTo(HerderError.Kind.NOT_FOUND));
    }

    @Test
    void failedTasksRestartAutomaticallyWithExponentialBackOff() {
        HerderHarness h = started(
                Map.of("kanal.task.restart.backoff.initial.ms", "1000", "kanal.task.restart.backoff.max.ms", "4000"));
        long[] expectedDelays = {1000, 2000, 4000, 4000};
        for (int attempt = 1; attempt <= expectedDelays.length; attempt++) {
            long failedAt = h.now;
            h.send(new HerderEvent.TaskFailed(T0, h.generationOf(T0), BOOM));
            long due = failedAt + expectedDelays[attempt - 1];

            Status status = h.connector("src").tasks().get(0).status();
            assertThat(status.state()).isEqualTo(StatusState.FAILED);
            assertThat(status.restartAttempts()).isEqualTo(attempt);
            assertThat(status.nextRestartAtMs()).hasValue(due);
            assertThat(h.nextWakeupMs).isEqualTo(due);

            int mark = h.log.size();
            h.timer(due - 1);
            assertThat(h.since(mark)).isEmpty();
            h.timer(due);
            assertThat(h.since(mark))
                    .singleElement()
                    .isInstanceOfSatisfying(HerderCommand.StartTask.class, s -> assertThat(s.id())
                            .isEqualTo(T0));
            h.settle();
            assertThat(h.taskState("src", 0)).isEqualTo(StatusState.RUNNING);
            assertThat(h.nextWakeupMs).isEqualTo(Step.NO_WAKEUP);
        }
    }

    @Test
    void aTaskThatRanLongerThanTheMaximumBackOffStartsAgainFromTheInitialBackOff() {
        HerderHarness h = started(Map.of(), "kanal.task.restart.backoff.max.ms", "4000");
        h.send(new HerderEvent.TaskFailed(T0, h.generationOf(T0), BOOM));
        h.timer(h.nextWakeupMs);
        h.settle();
        h.send(new HerderEvent.TaskFailed(T0, h.generationOf(T0), BOOM));
        assertThat(h.nextWakeupMs - h.now).isEqualTo(2000);
        h.timer(h.nextWakeupMs);
        h.settle();

        h.now += 4000; // healthy for the maximum back-off
        h.send(new HerderEvent.TaskFailed(T0, h.generationOf(T0), BOOM));

        assertThat(h.nextWakeupMs - h.now).isEqualTo(1000);
        assertThat(h.connector("src").tasks().get(0).status().restartAttempts()).isEqualTo(1);
    }

    @Test
    void policyNoneLeavesFailedTasksFailed() {
        HerderHarness h =
                started(Map.of("kanal.task.restart.policy", "exponential"), "kanal.task.restart.policy", "none");
        h.send(new HerderEvent.TaskFailed(T0, h.generationOf(T0), BOOM));
        int mark = h.log.size();

        assertThat(h.nextWakeupMs).isEqualTo(Step.NO_WAKEUP);
        h.timer(h.now + 3_600_000);

        assertThat(h.since(mark)).isEmpty();
        Status status = h.connector("src").tasks().get(0).status();
        assertThat(status.state()).isEqualTo(StatusState.FAILED);
        assertThat(status.nextRestartAtMs()).isEmpty();
    }

    @Test
    void aScheduledRestartIsCancelledWhenTheConnectorStops() {
        HerderHarness h = started(Map.of());
        h.send(new HerderEvent.TaskFailed(T0, h.generationOf(T0), BOOM));
        h.request(id -> new HerderEvent.ChangeTargetState(id, "src", TargetState.STOPPED));
        int mark = h.log.size();

        h.timer(h.now + 60_000);

        assertThat(h.since(mark)).isEmpty();
        assertThat(h.nextWakeupMs).isEqualTo(Step.NO_WAKEUP);
    }

    @Test
    void aFailedConnectorRestartsOnRequestAndOnConfigUpdate() {
        HerderHarness h = new HerderHarness();
        h.worker = c -> c instanceof HerderCommand.StartConnector s
                ? Optional.of(new HerderEvent.ConnectorFailed(s.name(), s.generation(), BOOM))
                : h.defaultWorker(c);
        h.create("src", config());
        assertThat(h.connector("src").status().state()).isEqualTo(StatusState.FAILED);
        assertThat(h.connector("src").status().error()).contains(BOOM);

        h.worker = h::defaultWorker;
        h.request(id -> new HerderEvent.RestartConnector(id, "src", false, true));
        assertThat(h.connector("src").status().state()).isEqualTo(StatusState.RUNNING);
    }

    @Test
    void aStuckTaskConfigsCallDoesNotBlockOtherConnectorsOrRequests() {
        HerderHarness h = new HerderHarness();
        h.worker = c -> c instanceof HerderCommand.CallTaskConfigs t && t.name().equals("stuck")
                ? Optional.empty()
                : h.defaultWorker(c);
        h.create("stuck", config());
        HerderCommand.CallTaskConfigs call = (HerderCommand.CallTaskConfigs) h.held.get(0);
        h.send(new HerderEvent.CallStuck("stuck", OptionalInt.empty(), call.generation(), "taskConfigs", "40 s"));
        assertThat(h.connector("stuck").status().note()).contains("stuck in taskConfigs: 40 s");

        HerderReply other = h.create("other", config());
        assertThat(other).isInstanceOf(HerderReply.ConnectorWritten.class);
        assertThat(h.taskState("other", 0)).isEqualTo(StatusState.RUNNING);
        assertThat(h.request(id -> new HerderEvent.ChangeTargetState(id, "stuck", TargetState.PAUSED)))
                .isInstanceOf(HerderReply.Done.class);
        assertThat(h.request(id -> new HerderEvent.GetTaskConfigs(id, "stuck")))
                .isEqualTo(new HerderReply.TaskConfigs(List.of()));
        // no second call is queued behind the stuck one
        h.send(new HerderEvent.ReconfigurationRequested("stuck"));
        assertThat(h.log)
                .filteredOn(c ->
                        c instanceof HerderCommand.CallTaskConfigs t && t.name().equals("stuck"))
                .hasSize(1);
    }
}
