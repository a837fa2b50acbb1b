package io.kanal.runtime.invoke;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kanal.api.errors.PluginException;
import java.net.URL;
import java.net.URLClassLoader;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The hostile plugins of RUNTIME.md §7 and issue 13 item 2, at the invoker: a plugin that blocks forever in each named
 * stage, ignores interrupts, throws {@link Error} or {@link StackOverflowError}, leaks a thread or its context class
 * loader. In each case the caller gets a typed outcome or sees the stuck call with its stack, and a second owner on
 * another thread keeps completing calls meanwhile. Time is the fake clock's except for the Awaitility upper bounds;
 * a class-wide timeout turns any deadlock into a failure.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class HostilePluginTest {

    private static final Duration BUDGET = Duration.ofSeconds(30);
    private static final Duration GRACE = Duration.ofSeconds(5);
    /** An upper bound for what happens on other threads; never a delay. */
    private static final Duration PATIENCE = Duration.ofSeconds(20);

    private final FakeNanos nanos = new FakeNanos();
    private final RecordingListener listener = new RecordingListener();
    private final PluginInvoker invoker = PluginInvoker.builder()
            .nanoTime(nanos)
            .scanInterval(Duration.ofMillis(10))
            .listener(listener)
            .build();
    private final Owner healthy = Owner.task("healthy", 0);
    private final URLClassLoader hostileLoader =
            new URLClassLoader("hostile-plugin", new URL[0], getClass().getClassLoader());
    private final URLClassLoader healthyLoader =
            new URLClassLoader("healthy-plugin", new URL[0], getClass().getClassLoader());
    private final ExecutorService hostileThread =
            Executors.newSingleThreadExecutor(r -> new Thread(r, "kanal-task-hostile"));
    private final ExecutorService healthyThread =
            Executors.newSingleThreadExecutor(r -> new Thread(r, "kanal-task-healthy-0"));
    private final List<CountDownLatch> gates = new CopyOnWriteArrayList<>();
    private final AtomicInteger healthyCalls = new AtomicInteger();

    @BeforeEach
    void startWatchdog() {
        invoker.start();
    }

    @AfterEach
    void tearDown() throws Exception {
        gates.forEach(CountDownLatch::countDown);
        hostileThread.shutdownNow();
        healthyThread.shutdownNow();
        assertThat(hostileThread.awaitTermination(PATIENCE.toSeconds(), TimeUnit.SECONDS))
                .isTrue();
        assertThat(healthyThread.awaitTermination(PATIENCE.toSeconds(), TimeUnit.SECONDS))
                .isTrue();
        invoker.stop();
        hostileLoader.close();
        healthyLoader.close();
    }

    static List<Stage> namedStages() {
        return HostilePlugins.namedStages();
    }

    @ParameterizedTest
    @MethodSource("namedStages")
    void blockingForeverIsVisibleWithItsStackAndEndsWhenCancelled(Stage stage) throws Exception {
        Owner owner = ownerFor(stage);
        CountDownLatch entered = new CountDownLatch(1);
        CompletableFuture<CallOutcome<Object>> outcome =
                callOnHostileThread(owner, stage, new HostilePlugins(stage, HostilePlugins.blockForever(entered)));
        assertThat(entered.await(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isTrue();

        nanos.advance(BUDGET.plusSeconds(10));
        await().atMost(PATIENCE).until(() -> !invoker.stuckCalls(owner).isEmpty());
        StuckCall stuck = invoker.stuckCalls(owner).get(0);
        assertThat(stuck.stage()).isEqualTo(stage);
        assertThat(stuck.describe()).isEqualTo("stuck in " + stage.label() + " for 40 s");
        assertThat(stuck.thread()).isEqualTo("kanal-task-hostile");
        assertThat(stuck.stack())
                .as("the stack shows the plugin method that hangs")
                .anySatisfy(frame -> {
                    assertThat(frame.getClassName()).startsWith(HostilePlugins.class.getName() + "$Hostile");
                    assertThat(frame.getMethodName()).isEqualTo(stage.label());
                });
        assertThat(listener.stuckOf(owner)).hasSize(1);

        healthyOwnerKeepsCompleting();
        assertThat(outcome).isNotDone();

        assertThat(invoker.cancel(owner, GRACE).get(PATIENCE.toSeconds(), TimeUnit.SECONDS))
                .isEqualTo(CancelResult.CANCELLED);
        CallOutcome<Object> ended = outcome.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
        assertThat(ended).isInstanceOf(CallOutcome.Cancelled.class);
        assertThat(((CallOutcome.Cancelled<Object>) ended).cause())
                .isInstanceOfAny(InterruptedException.class, PluginException.class);
        assertThat(invoker.stuckCalls(owner)).isEmpty();
        assertThat(listener.unstuck).anySatisfy(s -> assertThat(s.owner()).isEqualTo(owner));
        assertThat(invoker.stats().cancelled()).isEqualTo(1);
        assertThat(onHostileThread(() -> Thread.currentThread().isInterrupted()))
                .as("the invoker cleared the interrupt it delivered")
                .isFalse();
    }

    @ParameterizedTest
    @MethodSource("namedStages")
    void ignoringInterruptsIsAbandonedAfterTheGracePeriod(Stage stage) throws Exception {
        Owner owner = ownerFor(stage);
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch gate = gate();
        AtomicInteger swallowed = new AtomicInteger();
        CompletableFuture<CallOutcome<Object>> outcome = callOnHostileThread(
                owner, stage, new HostilePlugins(stage, HostilePlugins.ignoreInterrupts(entered, gate, swallowed)));
        assertThat(entered.await(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isTrue();

        CompletableFuture<CancelResult> cancel = invoker.cancel(owner, GRACE);
        await().atMost(PATIENCE).until(() -> swallowed.get() >= 1);
        assertThat(cancel).as("the fake clock has not reached the grace period").isNotDone();
        healthyOwnerKeepsCompleting();

        nanos.advance(GRACE);
        assertThat(cancel.get(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isEqualTo(CancelResult.ABANDONED);
        assertThat(invoker.stuckCalls(owner)).singleElement().satisfies(stuck -> {
            assertThat(stuck.abandoned()).isTrue();
            assertThat(stuck.cancelled()).isTrue();
            assertThat(stuck.describe()).isEqualTo("stuck in " + stage.label() + " for 5 s (abandoned)");
            assertThat(stuck.stack())
                    .anySatisfy(frame -> assertThat(frame.getMethodName()).isEqualTo(stage.label()));
        });
        assertThat(listener.abandoned).singleElement().satisfies(a -> assertThat(a.owner())
                .isEqualTo(owner));
        assertThat(invoker.stats().abandoned()).isEqualTo(1);
        assertThat(invoker.stats().abandonedRunning()).isEqualTo(1);
        healthyOwnerKeepsCompleting();

        gate.countDown(); // the plugin finally returns, too late
        CallOutcome<Object> ended = outcome.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
        assertThat(ended).isInstanceOf(CallOutcome.Abandoned.class);
        assertThat(invoker.stuckCalls(owner)).isEmpty();
        assertThat(invoker.stats().abandonedRunning()).isZero();
        assertThat(invoker.stats().abandoned())
                .as("a count of calls ever abandoned")
                .isEqualTo(1);
    }

    @ParameterizedTest
    @MethodSource("namedStages")
    void anErrorIsAFailedOutcomeWithAStructuredError(Stage stage) throws Exception {
        Owner owner = ownerFor(stage);
        Error error = new Error("hostile " + stage.label());
        CallOutcome<Object> outcome = callOnHostileThread(owner, stage, new HostilePlugins(stage, s -> {
                    throw error;
                }))
                .get(PATIENCE.toSeconds(), TimeUnit.SECONDS);

        assertThat(outcome).isInstanceOf(CallOutcome.Failed.class);
        CallOutcome.Failed<Object> failed = (CallOutcome.Failed<Object>) outcome;
        assertThat(failed.error()).isSameAs(error);
        StageError status = StageError.of(failed, Redactor.NONE);
        assertThat(status.stage()).isEqualTo(stage);
        assertThat(status.summary()).isEqualTo(stage.label() + " failed: java.lang.Error: hostile " + stage.label());
        healthyOwnerKeepsCompleting();
        assertThatTheHostileThreadStillWorks(owner);
    }

    @ParameterizedTest
    @MethodSource("namedStages")
    void aStackOverflowIsAFailedOutcomeAndTheThreadLivesOn(Stage stage) throws Exception {
        Owner owner = ownerFor(stage);
        ClassLoader threadLoader = onHostileThread(() -> Thread.currentThread().getContextClassLoader());
        CallOutcome<Object> outcome = callOnHostileThread(
                        owner, stage, new HostilePlugins(stage, HostilePlugins.overflowStack()))
                .get(PATIENCE.toSeconds(), TimeUnit.SECONDS);

        assertThat(outcome).isInstanceOf(CallOutcome.Failed.class);
        assertThat(((CallOutcome.Failed<Object>) outcome).error()).isInstanceOf(StackOverflowError.class);
        assertThat(onHostileThread(() -> Thread.currentThread().getContextClassLoader()))
                .isSameAs(threadLoader);
        healthyOwnerKeepsCompleting();
        assertThatTheHostileThreadStillWorks(owner);
    }

    @ParameterizedTest
    @MethodSource("namedStages")
    void aLeakedThreadIsAttributedAndReportedWhenTheOwnerRetires(Stage stage) throws Exception {
        Owner owner = ownerFor(stage);
        CountDownLatch gate = gate();
        AtomicReference<Thread> leaked = new AtomicReference<>();
        CallOutcome<Object> outcome = callOnHostileThread(owner, stage, new HostilePlugins(stage, s -> {
                    Thread thread = new Thread(() -> awaitQuietly(gate), "hostile-leak-" + s.label());
                    thread.setDaemon(true);
                    leaked.set(thread);
                    thread.start();
                }))
                .get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
        assertThat(outcome.isCompleted()).isTrue();
        healthyOwnerKeepsCompleting();

        assertThat(listener.threadsStarted).singleElement().satisfies(started -> {
            assertThat(started.owner()).isEqualTo(owner);
            assertThat(started.startedDuring()).isEqualTo(stage);
            assertThat(started.name()).isEqualTo("hostile-leak-" + stage.label());
            assertThat(started.daemon()).isTrue();
        });
        assertThat(invoker.liveThreads(healthy))
                .as("the healthy owner started nothing")
                .isEmpty();

        // A thread that was started has not necessarily run yet, and then has no stack to report: wait until it is
        // parked in the plugin's wait, which is what the report should show.
        await().atMost(PATIENCE).until(() -> leaked.get().getState() == Thread.State.WAITING);
        List<PluginThread> leaks = invoker.retire(owner);
        assertThat(leaks).singleElement().satisfies(leak -> {
            assertThat(leak.name()).isEqualTo("hostile-leak-" + stage.label());
            assertThat(leak.threadId()).isEqualTo(leaked.get().getId());
            assertThat(leak.stack())
                    .anySatisfy(frame -> assertThat(frame.getMethodName()).isEqualTo("await"));
        });
        assertThat(listener.threadsLeaked).hasSize(1);
        assertThat(invoker.stats().threadLeaks()).isEqualTo(1);
        assertThat(invoker.liveThreads(owner))
                .as("retired owners are forgotten")
                .isEmpty();

        gate.countDown();
        leaked.get().join(PATIENCE.toMillis());
        assertThat(leaked.get().isAlive()).isFalse();
    }

    @Test
    void aThreadThatEndsBeforeItsOwnerRetiresIsNoLeak() throws Exception {
        Owner owner = Owner.task("hostile", 0);
        AtomicReference<Thread> helper = new AtomicReference<>();
        callOnHostileThread(owner, Stage.START, new HostilePlugins(Stage.START, s -> {
                    Thread thread = new Thread(() -> {}, "short-lived");
                    helper.set(thread);
                    thread.start();
                }))
                .get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
        helper.get().join(PATIENCE.toMillis());
        assertThat(invoker.retire(owner)).isEmpty();
        assertThat(invoker.stats().threadLeaks()).isZero();
    }

    @ParameterizedTest
    @MethodSource("namedStages")
    void aLeakedContextLoaderIsReportedAndTheCallersRestored(Stage stage) throws Exception {
        Owner owner = ownerFor(stage);
        ClassLoader threadLoader = onHostileThread(() -> Thread.currentThread().getContextClassLoader());
        try (URLClassLoader rogue = new URLClassLoader("rogue", new URL[0], null)) {
            CallOutcome<Object> outcome = callOnHostileThread(
                            owner, stage, new HostilePlugins(stage, s -> Thread.currentThread()
                                    .setContextClassLoader(rogue)))
                    .get(PATIENCE.toSeconds(), TimeUnit.SECONDS);

            assertThat(outcome.isCompleted())
                    .as("a leak is reported, not a failure")
                    .isTrue();
            assertThat(listener.loaderLeaks).singleElement().satisfies(leak -> {
                assertThat(leak.owner()).isEqualTo(owner);
                assertThat(leak.stage()).isEqualTo(stage);
                assertThat(leak.thread()).isEqualTo("kanal-task-hostile");
                assertThat(leak.leakedLoader()).contains("URLClassLoader[rogue]");
            });
            assertThat(invoker.stats().contextLoaderLeaks()).isEqualTo(1);
            assertThat(onHostileThread(() -> Thread.currentThread().getContextClassLoader()))
                    .isSameAs(threadLoader);
            assertThat(invoker.call(owner, hostileLoader, Stage.STOP, BUDGET, () -> Thread.currentThread()
                                    .getContextClassLoader())
                            .valueOrThrow())
                    .isSameAs(hostileLoader);
        }
    }

    @Test
    void onTheRealClockAStuckCallShowsUpSoonAfterItsBudget() throws Exception {
        PluginInvoker realTime = PluginInvoker.builder()
                .scanInterval(Duration.ofMillis(20))
                .listener(listener)
                .build();
        realTime.start();
        try {
            Owner owner = Owner.task("hostile", 0);
            CountDownLatch entered = new CountDownLatch(1);
            HostilePlugins plugins = new HostilePlugins(Stage.POLL, HostilePlugins.blockForever(entered));
            Duration budget = Duration.ofMillis(200);
            CompletableFuture<CallOutcome<Object>> outcome = CompletableFuture.supplyAsync(
                    () -> realTime.call(owner, hostileLoader, Stage.POLL, budget, plugins.call(Stage.POLL)),
                    hostileThread);
            assertThat(entered.await(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isTrue();

            await().atMost(PATIENCE).until(() -> !realTime.stuckCalls(owner).isEmpty());
            assertThat(realTime.stuckCalls(owner).get(0).stuckFor()).isGreaterThan(budget);
            assertThat(realTime.cancel(owner, GRACE).get(PATIENCE.toSeconds(), TimeUnit.SECONDS))
                    .isEqualTo(CancelResult.CANCELLED);
            assertThat(outcome.get(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isInstanceOf(CallOutcome.Cancelled.class);
        } finally {
            realTime.stop();
        }
    }

    @Test
    void manyOwnersStuckAtOnceAreAllVisibleAndAllCancellable() throws Exception {
        int owners = 8;
        ExecutorService pool = Executors.newFixedThreadPool(owners);
        try {
            CountDownLatch entered = new CountDownLatch(owners);
            List<CompletableFuture<CallOutcome<Object>>> outcomes = new CopyOnWriteArrayList<>();
            for (int i = 0; i < owners; i++) {
                Owner owner = Owner.task("stuck", i);
                HostilePlugins plugins = new HostilePlugins(Stage.PUT, HostilePlugins.blockForever(entered));
                outcomes.add(CompletableFuture.supplyAsync(
                        () -> invoker.call(owner, hostileLoader, Stage.PUT, BUDGET, plugins.call(Stage.PUT)), pool));
            }
            assertThat(entered.await(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isTrue();
            nanos.advance(BUDGET.plusSeconds(1));
            await().atMost(PATIENCE)
                    .until(() -> invoker.stuckCalls().stream()
                                    .filter(s -> s.owner().connector().equals("stuck"))
                                    .count()
                            == owners);
            healthyOwnerKeepsCompleting();

            for (int i = 0; i < owners; i++) {
                assertThat(invoker.cancel(Owner.task("stuck", i), GRACE).get(PATIENCE.toSeconds(), TimeUnit.SECONDS))
                        .isEqualTo(CancelResult.CANCELLED);
            }
            for (CompletableFuture<CallOutcome<Object>> outcome : outcomes) {
                assertThat(outcome.get(PATIENCE.toSeconds(), TimeUnit.SECONDS))
                        .isInstanceOf(CallOutcome.Cancelled.class);
            }
            assertThat(invoker.stuckCalls()).isEmpty();
        } finally {
            pool.shutdownNow();
            assertThat(pool.awaitTermination(PATIENCE.toSeconds(), TimeUnit.SECONDS))
                    .isTrue();
        }
    }

    // ---------------------------------------------------------------------------------------------------------------

    private static Owner ownerFor(Stage stage) {
        return switch (stage) {
            case START, TASK_CONFIGS, VALIDATE, STOP -> Owner.connector("hostile");
            default -> Owner.task("hostile", 0);
        };
    }

    private CompletableFuture<CallOutcome<Object>> callOnHostileThread(
            Owner owner, Stage stage, HostilePlugins plugins) {
        return CompletableFuture.supplyAsync(
                () -> invoker.call(owner, hostileLoader, stage, BUDGET, plugins.call(stage)), hostileThread);
    }

    private <T> T onHostileThread(java.util.concurrent.Callable<T> body) throws Exception {
        return hostileThread.submit(body).get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
    }

    /** The second owner, on its own thread, completes a run of calls while the hostile one is stuck or failing. */
    private void healthyOwnerKeepsCompleting() throws Exception {
        for (int i = 0; i < 20; i++) {
            int expected = healthyCalls.incrementAndGet();
            CallOutcome<Integer> outcome = healthyThread
                    .submit(() ->
                            invoker.call(healthy, healthyLoader, Stage.POLL, Duration.ofSeconds(1), () -> expected))
                    .get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
            assertThat(outcome.valueOrThrow()).isEqualTo(expected);
        }
    }

    private void assertThatTheHostileThreadStillWorks(Owner owner) throws Exception {
        CallOutcome<String> next = hostileThread
                .submit(() -> invoker.call(owner, hostileLoader, Stage.VERSION, BUDGET, () -> "6.6.6"))
                .get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
        assertThat(next.valueOrThrow()).isEqualTo("6.6.6");
    }

    private CountDownLatch gate() {
        CountDownLatch gate = new CountDownLatch(1);
        gates.add(gate);
        return gate;
    }

    private static void awaitQuietly(CountDownLatch gate) {
        try {
            gate.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
