package io.kanal.runtime.invoke;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The invoker's contract with well-behaved and plainly failing plugin code; hostile plugins are in their own test. */
class PluginInvokerTest {

    private static final Duration BUDGET = Duration.ofSeconds(30);
    private static final Instant EPOCH = Instant.parse("2026-12-04T21:00:00Z");

    private final FakeNanos nanos = new FakeNanos();
    private final RecordingListener listener = new RecordingListener();
    private final PluginInvoker invoker = PluginInvoker.builder()
            .nanoTime(nanos)
            .wallClock(Clock.fixed(EPOCH, ZoneOffset.UTC))
            .listener(listener)
            .build();
    private final Owner task = Owner.task("orders", 0);
    private final URLClassLoader pluginLoader =
            new URLClassLoader("plugin-a", new URL[0], getClass().getClassLoader());
    private final URLClassLoader otherLoader =
            new URLClassLoader("plugin-b", new URL[0], getClass().getClassLoader());
    private final ExecutorService ownerThread = Executors.newSingleThreadExecutor(r -> new Thread(r, "owner-test"));

    @AfterEach
    void tearDown() throws Exception {
        ownerThread.shutdownNow();
        assertThat(ownerThread.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        invoker.stop();
        pluginLoader.close();
        otherLoader.close();
    }

    @Test
    void completesWithThePluginLoaderAsContextLoaderAndRestoresTheCallers() {
        ClassLoader callerLoader = Thread.currentThread().getContextClassLoader();
        CallOutcome<ClassLoader> outcome = invoker.call(task, pluginLoader, Stage.POLL, BUDGET, () -> {
            nanos.advance(Duration.ofMillis(1500));
            return Thread.currentThread().getContextClassLoader();
        });

        assertThat(outcome).isInstanceOf(CallOutcome.Completed.class);
        assertThat(outcome.valueOrThrow()).isSameAs(pluginLoader);
        assertThat(outcome.call().owner()).isEqualTo(task);
        assertThat(outcome.call().stage()).isEqualTo(Stage.POLL);
        assertThat(outcome.call().elapsed()).isEqualTo(Duration.ofMillis(1500));
        assertThat(outcome.call().overBudget()).isFalse();
        assertThat(Thread.currentThread().getContextClassLoader()).isSameAs(callerLoader);
        assertThat(listener.loaderLeaks).isEmpty();
        assertThat(invoker.stats().calls()).isEqualTo(1);
    }

    @Test
    void everyExceptionBecomesAFailedOutcome() {
        IOException checked = new IOException("socket closed");
        CallOutcome<Object> outcome = invoker.call(task, pluginLoader, Stage.PUT, BUDGET, () -> {
            throw checked;
        });

        assertThat(outcome).isInstanceOf(CallOutcome.Failed.class);
        assertThat(((CallOutcome.Failed<Object>) outcome).error()).isSameAs(checked);
        assertThat(outcome.stage()).isEqualTo(Stage.PUT);
        assertThat(outcome.isCompleted()).isFalse();
        assertThatThrownBy(outcome::valueOrThrow)
                .isInstanceOf(PluginCallException.class)
                .hasMessage("put of orders-0 failed")
                .hasCause(checked);
        assertThat(invoker.stats().failed()).isEqualTo(1);
    }

    @Test
    void aLinkageErrorIsAnOrdinaryFailure() {
        NoClassDefFoundError missing = new NoClassDefFoundError("com/acme/Missing");
        CallOutcome<Object> outcome = invoker.call(task, pluginLoader, Stage.START, BUDGET, () -> {
            throw missing;
        });
        assertThat(outcome).isEqualTo(new CallOutcome.Failed<>(outcome.call(), missing));
    }

    @Test
    void aFatalErrorIsRethrownAfterTheThreadIsRestored() {
        ClassLoader callerLoader = Thread.currentThread().getContextClassLoader();
        OutOfMemoryError oom = new OutOfMemoryError("Java heap space");

        assertThatThrownBy(() -> invoker.call(task, pluginLoader, Stage.POLL, BUDGET, () -> {
                    throw oom;
                }))
                .isSameAs(oom);

        assertThat(Thread.currentThread().getContextClassLoader()).isSameAs(callerLoader);
        assertThat(listener.fatal).containsExactly(oom);
        assertThat(invoker.stats().fatal()).isEqualTo(1);
        // The thread's bookkeeping ended: a new call is not nested in the one that died.
        nanos.advance(Duration.ofMinutes(5));
        invoker.scanNow();
        assertThat(invoker.stuckCalls()).isEmpty();
        assertThat(invoker.call(task, pluginLoader, Stage.POLL, BUDGET, () -> "ok")
                        .valueOrThrow())
                .isEqualTo("ok");
    }

    @Test
    void anInterruptFromElsewhereIsReportedAndTheFlagKept() {
        CallOutcome<Object> outcome = invoker.call(task, pluginLoader, Stage.POLL, BUDGET, () -> {
            throw new InterruptedException("shutdownNow");
        });
        assertThat(outcome).isInstanceOf(CallOutcome.Interrupted.class);
        assertThat(Thread.interrupted()).as("interrupt flag restored").isTrue();
        assertThat(invoker.stats().interrupted()).isEqualTo(1);
    }

    @Test
    void nestedCallsEachSeeTheirOwnLoaderAndAreEachWatched() {
        Owner converterOwner = Owner.task("orders", 0);
        CallOutcome<String> outcome = invoker.call(task, pluginLoader, Stage.PUT, BUDGET, () -> {
            // The plugin calls back into the runtime (an errant record reporter), which converts with another plugin.
            CallOutcome<ClassLoader> inner =
                    invoker.call(converterOwner, otherLoader, Stage.VALUE_CONVERTER, Duration.ofSeconds(1), () -> {
                        nanos.advance(Duration.ofSeconds(2));
                        invoker.scanNow();
                        return Thread.currentThread().getContextClassLoader();
                    });
            assertThat(inner.valueOrThrow()).isSameAs(otherLoader);
            assertThat(Thread.currentThread().getContextClassLoader()).isSameAs(pluginLoader);
            return "done";
        });
        assertThat(outcome.valueOrThrow()).isEqualTo("done");
        assertThat(listener.stuck).singleElement().satisfies(s -> assertThat(s.stage())
                .isEqualTo(Stage.VALUE_CONVERTER));
        assertThat(listener.unstuck).hasSize(1);
    }

    @Test
    void aCallPastItsBudgetIsVisibleWithItsStackUntilItReturns() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        java.util.concurrent.atomic.AtomicReference<Thread> caller =
                new java.util.concurrent.atomic.AtomicReference<>();
        CompletableFuture<CallOutcome<String>> outcome = CompletableFuture.supplyAsync(
                () -> invoker.call(task, pluginLoader, Stage.POLL, BUDGET, () -> {
                    caller.set(Thread.currentThread());
                    entered.countDown();
                    release.await();
                    return "late";
                }),
                ownerThread);
        assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
        // The stack below must show the wait, not the countDown just before it: wait until the thread is parked.
        org.awaitility.Awaitility.await()
                .atMost(Duration.ofSeconds(10))
                .until(() -> caller.get().getState() == Thread.State.WAITING);

        nanos.advance(BUDGET);
        invoker.scanNow();
        assertThat(invoker.stuckCalls()).as("at the budget, not past it").isEmpty();

        nanos.advance(Duration.ofSeconds(10));
        invoker.scanNow();
        invoker.scanNow();
        assertThat(invoker.stuckCalls()).singleElement().satisfies(stuck -> {
            assertThat(stuck.owner()).isEqualTo(task);
            assertThat(stuck.stage()).isEqualTo(Stage.POLL);
            assertThat(stuck.thread()).isEqualTo("owner-test");
            assertThat(stuck.since()).as("40 s before the scan").isEqualTo(EPOCH.minusSeconds(40));
            assertThat(stuck.stuckFor()).isEqualTo(Duration.ofSeconds(40));
            assertThat(stuck.describe()).isEqualTo("stuck in poll for 40 s");
            assertThat(stuck.stack())
                    .anySatisfy(frame -> assertThat(frame.getMethodName()).isEqualTo("await"));
            assertThat(stuck.stackTrace()).startsWith("owner-test (stuck in poll for 40 s)\n\tat ");
        });
        assertThat(listener.stuck).as("told once").hasSize(1);
        assertThat(invoker.stats().stuckNow()).isEqualTo(1);

        release.countDown();
        CallOutcome<String> done = outcome.get(10, TimeUnit.SECONDS);
        assertThat(done.valueOrThrow()).isEqualTo("late");
        assertThat(done.call().overBudget()).isTrue();
        assertThat(invoker.stuckCalls()).isEmpty();
        assertThat(listener.unstuck).hasSize(1);
        assertThat(listener.unstuckAfter).containsExactly(Duration.ofSeconds(40));
    }

    @Test
    void theWatchdogThreadScansWhileStarted() throws Exception {
        PluginInvoker watched = PluginInvoker.builder()
                .nanoTime(nanos)
                .scanInterval(Duration.ofMillis(10))
                .build();
        watched.start();
        try {
            CountDownLatch release = new CountDownLatch(1);
            CompletableFuture<CallOutcome<Object>> outcome = CompletableFuture.supplyAsync(
                    () -> watched.call(task, pluginLoader, Stage.FLUSH, BUDGET, () -> {
                        release.await();
                        return null;
                    }),
                    ownerThread);
            await().atMost(Duration.ofSeconds(10)).until(() -> watched.stats().calls() == 1);
            nanos.advance(Duration.ofMinutes(1));
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> !watched.stuckCalls().isEmpty());
            assertThat(watched.stuckCalls()).singleElement().satisfies(s -> assertThat(s.describe())
                    .startsWith("stuck in flush for 60 s"));
            release.countDown();
            assertThat(outcome.get(10, TimeUnit.SECONDS).isCompleted()).isTrue();
            assertThat(watched.stuckCalls()).isEmpty();
        } finally {
            watched.stop();
        }
        assertThat(watched.isStopped()).isTrue();
    }

    @Test
    void cancellingAnIdleOwnerDoesNothing() {
        assertThat(invoker.cancel(task, Duration.ofSeconds(5))).isCompletedWithValue(CancelResult.IDLE);
    }

    @Test
    void argumentsAreChecked() {
        assertThatThrownBy(() -> invoker.call(task, pluginLoader, Stage.POLL, Duration.ZERO, () -> null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("budget must be positive");
        assertThatThrownBy(() -> invoker.call(task, pluginLoader, Stage.KAFKA_PRODUCE, BUDGET, () -> null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not plugin code");
        assertThatThrownBy(() -> invoker.call(task, null, Stage.POLL, BUDGET, () -> null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Owner.task("orders", -1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Owner.connector(" ")).isInstanceOf(IllegalArgumentException.class);
        assertThat(Owner.connector("orders")).hasToString("orders");
        assertThat(Owner.task("orders", 3)).hasToString("orders-3");
        assertThat(Stage.PUT.connectErrorStage()).contains("TASK_PUT");
        assertThat(Stage.TASK_CONFIGS).hasToString("taskConfigs");
    }
}
