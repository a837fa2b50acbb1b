package io.kanal.runtime.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.codahale.metrics.MetricRegistry;
import io.kanal.runtime.invoke.Owner;
import io.kanal.runtime.invoke.Plugin;
import io.kanal.runtime.invoke.PluginInvoker;
import io.kanal.runtime.invoke.Redactor;
import io.kanal.runtime.invoke.Stage;
import io.kanal.runtime.invoke.StageError;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TaskRunnerTest {

    private final PluginInvoker invoker =
            PluginInvoker.builder().scanInterval(Duration.ofMillis(20)).build();
    private final CountDownLatch release = new CountDownLatch(1);

    TaskRunnerTest() {
        invoker.start();
    }

    @AfterEach
    void tearDown() {
        release.countDown();
        invoker.stop();
    }

    /** A pipeline whose every iteration is one plugin call running {@code body}. */
    private static class OneCallPipeline implements TaskPipeline {
        final PluginInvoker invoker;
        final Plugin<Object> plugin;
        final Runnable body;
        final AtomicReference<String> thread = new AtomicReference<>();
        final List<String> events = new CopyOnWriteArrayList<>();
        final TaskMetrics metrics = new TaskMetrics();

        OneCallPipeline(PluginInvoker invoker, Owner owner, Runnable body) {
            this.invoker = invoker;
            this.plugin = Plugin.of(owner, new Object(), TaskRunnerTest.class.getClassLoader());
            this.body = body;
        }

        @Override
        public void startTask() {
            thread.set(Thread.currentThread().getName());
            events.add("start");
        }

        @Override
        public boolean initializeCalled() {
            return true;
        }

        @Override
        public void stopTask() {
            events.add("stopTask");
        }

        @Override
        public void runOnce() {
            BatchCalls.checked(
                    invoker.call(plugin, Stage.POLL, Duration.ofSeconds(10), p -> {
                        body.run();
                        return null;
                    }),
                    Redactor.NONE);
        }

        @Override
        public void runPaused() {
            events.add("paused");
        }

        @Override
        public void stopping() {
            events.add("stopping");
        }

        @Override
        public TaskMetrics metrics() {
            return metrics;
        }

        @Override
        public void close() {
            events.add("close");
        }
    }

    private static final class Recording implements TaskRunner.Listener {
        final List<String> events = new CopyOnWriteArrayList<>();

        @Override
        public void running(Owner owner) {
            events.add("running");
        }

        @Override
        public void failed(Owner owner, io.kanal.runtime.invoke.StageError error) {
            events.add("failed:" + error.stage().label());
        }

        @Override
        public void stopped(Owner owner, boolean abandoned) {
            events.add(abandoned ? "abandoned" : "stopped");
        }
    }

    @Test
    void runsOnItsNamedThreadAndStopsCleanly() throws Exception {
        Owner owner = Owner.task("clean", 3);
        OneCallPipeline pipeline = new OneCallPipeline(invoker, owner, () -> {});
        AtomicBoolean closed = new AtomicBoolean();
        Recording listener = new Recording();
        TaskRunner runner = new TaskRunner(
                owner,
                invoker,
                pipeline,
                List.of(() -> closed.set(true)),
                new StopSignal(),
                Duration.ofSeconds(5),
                Redactor.NONE,
                listener);
        runner.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> runner.taskState() == TaskRunner.State.RUNNING);
        runner.stop();
        assertThat(pipeline.thread.get()).isEqualTo("kanal-task-clean-3");
        assertThat(runner.taskState()).isEqualTo(TaskRunner.State.STOPPED);
        assertThat(pipeline.events).containsExactly("start", "stopping", "stopTask", "close");
        assertThat(closed).isTrue();
        assertThat(listener.events).containsExactly("running", "stopped");
    }

    @Test
    void aClientRegisteredThroughThePipelinesMetricsIsWhatTheRunnerReports() {
        Owner owner = Owner.task("metered", 0);
        OneCallPipeline pipeline = new OneCallPipeline(invoker, owner, () -> {});
        TaskRunner runner = new TaskRunner(
                owner,
                invoker,
                pipeline,
                List.of(),
                new StopSignal(),
                Duration.ofSeconds(5),
                Redactor.NONE,
                new Recording());
        // TaskFactory registers the task's client this way, after building the pipeline.
        TaskMetrics.Client producer =
                new TaskMetrics.Client("kafka.producer", "producer-metered-0", new MetricRegistry());
        pipeline.metrics().client(producer);

        assertThat(runner.metrics()).isSameAs(pipeline.metrics());
        assertThat(runner.metrics().snapshot().clients()).containsExactly(producer);
    }

    @Test
    void aCallThatAnswersTheInterruptIsCancelledAfterTheGracePeriod() throws Exception {
        Owner owner = Owner.task("slow", 0);
        OneCallPipeline pipeline = new OneCallPipeline(invoker, owner, () -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        TaskRunner runner = new TaskRunner(
                owner,
                invoker,
                pipeline,
                List.of(),
                new StopSignal(),
                Duration.ofMillis(100),
                Redactor.NONE,
                TaskRunner.Listener.NONE);
        runner.start();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> !invoker.stuckCalls().isEmpty() || runner.taskState() == TaskRunner.State.RUNNING);
        runner.stop();
        assertThat(runner.awaitFinished(Duration.ofSeconds(10))).isTrue();
        assertThat(runner.taskState()).isEqualTo(TaskRunner.State.STOPPED);
        assertThat(pipeline.events).contains("stopTask", "close").doesNotContain("stopping");
    }

    @Test
    void aCallThatIgnoresTheInterruptIsAbandonedAndItsClientsAreClosed() throws Exception {
        Owner owner = Owner.task("zombie", 0);
        OneCallPipeline pipeline = new OneCallPipeline(invoker, owner, () -> {
            while (true) {
                try {
                    if (release.await(1, TimeUnit.SECONDS)) {
                        return;
                    }
                } catch (InterruptedException ignored) {
                    // a hostile plugin: swallows the interrupt and carries on
                }
            }
        });
        AtomicBoolean closed = new AtomicBoolean();
        Recording listener = new Recording();
        TaskRunner runner = new TaskRunner(
                owner,
                invoker,
                pipeline,
                List.of(() -> closed.set(true)),
                new StopSignal(),
                Duration.ofMillis(100),
                Redactor.NONE,
                listener);
        runner.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> runner.taskState() == TaskRunner.State.RUNNING);
        runner.stop();
        assertThat(runner.taskState()).isEqualTo(TaskRunner.State.ABANDONED);
        assertThat(closed).isTrue();
        assertThat(listener.events).containsExactly("running", "abandoned");
        assertThat(invoker.stats().abandoned()).isPositive();
    }

    @Test
    void aFailedTaskReportsItsStructuredError() throws Exception {
        Owner owner = Owner.task("broken", 0);
        OneCallPipeline pipeline = new OneCallPipeline(invoker, owner, () -> {
            throw new IllegalStateException("source gone");
        });
        Recording listener = new Recording();
        TaskRunner runner = new TaskRunner(
                owner, invoker, pipeline, List.of(), new StopSignal(), Duration.ofSeconds(5), Redactor.NONE, listener);
        runner.start();
        assertThat(runner.awaitFinished(Duration.ofSeconds(10))).isTrue();
        assertThat(runner.taskState()).isEqualTo(TaskRunner.State.FAILED);
        assertThat(runner.failure().stage()).isEqualTo(Stage.POLL);
        assertThat(runner.failure().message()).isEqualTo("source gone");
        assertThat(listener.events).containsExactly("running", "failed:poll");
        assertThat(pipeline.events).containsExactly("start", "stopping", "stopTask", "close");
        runner.stop();
    }

    @Test
    void aTaskWhoseStartFailedIsStoppedSoThatItReleasesWhatItOpened() throws Exception {
        Owner owner = Owner.task("start-fails", 1);
        OneCallPipeline pipeline = new OneCallPipeline(invoker, owner, () -> {}) {
            @Override
            public void startTask() {
                events.add("start");
                IllegalStateException thrown = new IllegalStateException("cannot connect");
                throw new TaskFailedException(
                        io.kanal.runtime.invoke.StageError.of(Stage.START, thrown, Redactor.NONE), thrown);
            }
        };
        Recording listener = new Recording();
        TaskRunner runner = new TaskRunner(
                owner, invoker, pipeline, List.of(), new StopSignal(), Duration.ofSeconds(5), Redactor.NONE, listener);
        runner.start();
        assertThat(runner.awaitFinished(Duration.ofSeconds(10))).isTrue();
        assertThat(runner.taskState()).isEqualTo(TaskRunner.State.FAILED);
        assertThat(runner.failure().stage()).isEqualTo(Stage.START);
        // Connect's worker stops a task whose start() threw; nothing was handed on, so nothing is committed.
        assertThat(pipeline.events).containsExactly("start", "stopTask", "close");
        assertThat(listener.events).containsExactly("failed:start");
        runner.stop();
    }

    @Test
    void aTaskWhoseStartFailedBeforeItsInitializeIsNotStopped() throws Exception {
        Owner owner = Owner.task("fencing-fails", 2);
        OneCallPipeline pipeline = new OneCallPipeline(invoker, owner, () -> {}) {
            @Override
            public void startTask() {
                events.add("start");
                // as SourcePipeline when fencing the task's transactional id fails, before initialize(context)
                IllegalStateException thrown = new IllegalStateException("fenced");
                throw new TaskFailedException(StageError.of(Stage.START, thrown, Redactor.NONE), thrown);
            }

            @Override
            public boolean initializeCalled() {
                return false;
            }
        };
        Recording listener = new Recording();
        TaskRunner runner = new TaskRunner(
                owner, invoker, pipeline, List.of(), new StopSignal(), Duration.ofSeconds(5), Redactor.NONE, listener);
        runner.start();
        assertThat(runner.awaitFinished(Duration.ofSeconds(10))).isTrue();
        assertThat(runner.taskState()).isEqualTo(TaskRunner.State.FAILED);
        assertThat(pipeline.events).containsExactly("start", "close");
        assertThat(listener.events).containsExactly("failed:start");
        runner.stop();
    }

    @Test
    void thePluginsOwnMetricsAreReadOnTheTaskThreadAndTheSnapshotOnlyReadsTheLastValues() throws Exception {
        Owner owner = Owner.task("plugin-metrics", 0);
        OneCallPipeline pipeline = new OneCallPipeline(invoker, owner, () -> {});
        List<String> refreshedOn = new CopyOnWriteArrayList<>();
        AtomicReference<List<TaskMetrics.PluginMetric>> last = new AtomicReference<>(List.of());
        pipeline.metrics.plugin(last::get, () -> {
            refreshedOn.add(Thread.currentThread().getName());
            last.set(List.of(new TaskMetrics.PluginMetric("plugins", "reads", "", java.util.Map.of(), 1)));
        });
        TaskRunner runner = new TaskRunner(
                owner,
                invoker,
                pipeline,
                List.of(),
                new StopSignal(),
                Duration.ofSeconds(5),
                Redactor.NONE,
                TaskRunner.Listener.NONE);
        runner.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> !refreshedOn.isEmpty());
        runner.stop();
        int refreshes = refreshedOn.size();
        assertThat(runner.metrics().snapshot().plugin())
                .extracting(TaskMetrics.PluginMetric::name)
                .containsExactly("reads");
        assertThat(refreshedOn).hasSize(refreshes).containsOnly("kanal-task-plugin-metrics-0");
    }
}
