package io.kanal.runtime.invoke;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Cancellation in the corners: nested calls, an owner with calls on two threads, repeated cancels, and listeners that
 * throw. The watchdog thread is not started: the test scans by hand, so every step is deterministic.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CancellationTest {

    private static final Duration BUDGET = Duration.ofSeconds(30);
    private static final Duration GRACE = Duration.ofSeconds(5);
    private static final long PATIENCE_S = 20;

    private final FakeNanos nanos = new FakeNanos();
    private final PluginInvoker invoker =
            PluginInvoker.builder().nanoTime(nanos).build();
    private final Owner task = Owner.task("orders", 0);
    private final URLClassLoader taskLoader =
            new URLClassLoader("task-plugin", new URL[0], getClass().getClassLoader());
    private final URLClassLoader converterLoader =
            new URLClassLoader("converter-plugin", new URL[0], getClass().getClassLoader());
    private final ExecutorService threads = Executors.newFixedThreadPool(2);
    private final CountDownLatch gate = new CountDownLatch(1);

    @AfterEach
    void tearDown() throws Exception {
        gate.countDown();
        threads.shutdownNow();
        assertThat(threads.awaitTermination(PATIENCE_S, TimeUnit.SECONDS)).isTrue();
        taskLoader.close();
        converterLoader.close();
    }

    @Test
    void cancellingTheOuterOwnerCancelsTheNestedCallAndTheOuterStillSeesTheInterrupt() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        AtomicBoolean outerSawInterrupt = new AtomicBoolean();
        AtomicReference<CallOutcome<String>> inner = new AtomicReference<>();
        CompletableFuture<CallOutcome<String>> outer = CompletableFuture.supplyAsync(
                () -> invoker.call(task, taskLoader, Stage.PUT, BUDGET, () -> {
                    inner.set(invoker.call(task, converterLoader, Stage.VALUE_CONVERTER, BUDGET, () -> {
                        entered.countDown();
                        new CountDownLatch(1).await();
                        return "never";
                    }));
                    outerSawInterrupt.set(Thread.currentThread().isInterrupted());
                    return "outer done";
                }),
                threads);
        assertThat(entered.await(PATIENCE_S, TimeUnit.SECONDS)).isTrue();

        assertThat(invoker.cancel(task, GRACE).get(PATIENCE_S, TimeUnit.SECONDS))
                .isEqualTo(CancelResult.CANCELLED);
        assertThat(outer.get(PATIENCE_S, TimeUnit.SECONDS)).isInstanceOf(CallOutcome.Cancelled.class);
        assertThat(inner.get()).isInstanceOf(CallOutcome.Cancelled.class);
        assertThat(outerSawInterrupt).as("the enclosing call is cancelled too").isTrue();
        assertThat(threads.submit(() -> Thread.currentThread().isInterrupted()).get(PATIENCE_S, TimeUnit.SECONDS))
                .isFalse();
    }

    @Test
    void cancellingOnlyTheNestedOwnerLeavesTheEnclosingCallAlone() throws Exception {
        Owner converter = Owner.task("converter-owner", 0);
        CountDownLatch entered = new CountDownLatch(1);
        AtomicBoolean outerSawInterrupt = new AtomicBoolean(true);
        AtomicReference<CallOutcome<String>> inner = new AtomicReference<>();
        CompletableFuture<CallOutcome<String>> outer = CompletableFuture.supplyAsync(
                () -> invoker.call(task, taskLoader, Stage.PUT, BUDGET, () -> {
                    inner.set(invoker.call(converter, converterLoader, Stage.VALUE_CONVERTER, BUDGET, () -> {
                        entered.countDown();
                        new CountDownLatch(1).await();
                        return "never";
                    }));
                    outerSawInterrupt.set(Thread.currentThread().isInterrupted());
                    return "outer done";
                }),
                threads);
        assertThat(entered.await(PATIENCE_S, TimeUnit.SECONDS)).isTrue();

        assertThat(invoker.cancel(converter, GRACE).get(PATIENCE_S, TimeUnit.SECONDS))
                .isEqualTo(CancelResult.CANCELLED);
        assertThat(outer.get(PATIENCE_S, TimeUnit.SECONDS).valueOrThrow()).isEqualTo("outer done");
        assertThat(inner.get()).isInstanceOf(CallOutcome.Cancelled.class);
        assertThat(outerSawInterrupt)
                .as("the invoker cleared the interrupt it delivered")
                .isFalse();
    }

    @Test
    void anOwnerWithCallsOnTwoThreadsIsCancelledOnBoth() throws Exception {
        CountDownLatch entered = new CountDownLatch(2);
        CompletableFuture<CallOutcome<Object>> poll = blockOn(Stage.POLL, entered);
        CompletableFuture<CallOutcome<Object>> stop = blockOn(Stage.STOP, entered); // Connect's stop-to-wake-poll
        assertThat(entered.await(PATIENCE_S, TimeUnit.SECONDS)).isTrue();

        assertThat(invoker.cancel(task, GRACE).get(PATIENCE_S, TimeUnit.SECONDS))
                .isEqualTo(CancelResult.CANCELLED);
        assertThat(poll.get(PATIENCE_S, TimeUnit.SECONDS)).isInstanceOf(CallOutcome.Cancelled.class);
        assertThat(stop.get(PATIENCE_S, TimeUnit.SECONDS)).isInstanceOf(CallOutcome.Cancelled.class);
        assertThat(invoker.stats().cancelled()).isEqualTo(2);
    }

    @Test
    void aSecondCancelKeepsTheFirstGracePeriod() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        AtomicInteger swallowed = new AtomicInteger();
        CompletableFuture<CallOutcome<Object>> outcome = CompletableFuture.supplyAsync(
                () -> invoker.call(
                        task,
                        taskLoader,
                        Stage.POLL,
                        BUDGET,
                        new HostilePlugins(Stage.POLL, HostilePlugins.ignoreInterrupts(entered, gate, swallowed))
                                .call(Stage.POLL)),
                threads);
        assertThat(entered.await(PATIENCE_S, TimeUnit.SECONDS)).isTrue();

        CompletableFuture<CancelResult> first = invoker.cancel(task, GRACE);
        await().atMost(Duration.ofSeconds(PATIENCE_S)).until(() -> swallowed.get() >= 1);
        nanos.advance(Duration.ofSeconds(3));
        CompletableFuture<CancelResult> second = invoker.cancel(task, GRACE);
        invoker.scanNow();
        assertThat(first).isNotDone();

        nanos.advance(Duration.ofSeconds(2));
        invoker.scanNow();
        assertThat(first).isCompletedWithValue(CancelResult.ABANDONED);
        assertThat(second.get(PATIENCE_S, TimeUnit.SECONDS)).isEqualTo(CancelResult.ABANDONED);
        assertThat(invoker.stats().abandoned()).isEqualTo(1);

        gate.countDown();
        assertThat(outcome.get(PATIENCE_S, TimeUnit.SECONDS)).isInstanceOf(CallOutcome.Abandoned.class);
    }

    @Test
    void listenersThatThrowDoNotHurtCallsOrTheWatchdog() throws Exception {
        InvokerListener rude = new InvokerListener() {
            @Override
            public void stuck(StuckCall call) {
                throw new IllegalStateException("stuck listener bug");
            }

            @Override
            public void unstuck(StuckCall lastSeen, Duration total) {
                throw new IllegalStateException("unstuck listener bug");
            }

            @Override
            public void contextLoaderLeaked(ContextLoaderLeak leak) {
                throw new IllegalStateException("leak listener bug");
            }
        };
        PluginInvoker withRudeListener =
                PluginInvoker.builder().nanoTime(nanos).listener(rude).build();
        CountDownLatch entered = new CountDownLatch(1);
        CompletableFuture<CallOutcome<String>> outcome = CompletableFuture.supplyAsync(
                () -> withRudeListener.call(task, taskLoader, Stage.POLL, BUDGET, () -> {
                    entered.countDown();
                    gate.await();
                    Thread.currentThread().setContextClassLoader(converterLoader);
                    return "fine";
                }),
                threads);
        assertThat(entered.await(PATIENCE_S, TimeUnit.SECONDS)).isTrue();
        nanos.advance(Duration.ofMinutes(1));
        withRudeListener.scanNow();
        assertThat(withRudeListener.stuckCalls()).hasSize(1);

        gate.countDown();
        assertThat(outcome.get(PATIENCE_S, TimeUnit.SECONDS).valueOrThrow()).isEqualTo("fine");
        assertThat(withRudeListener.stuckCalls()).isEmpty();
        assertThat(withRudeListener.stats().contextLoaderLeaks()).isEqualTo(1);
    }

    @Test
    void anyFailureWhileTheInterruptFlagIsSetIsAnInterruption() {
        CallOutcome<Object> outcome = invoker.call(task, taskLoader, Stage.POLL, BUDGET, () -> {
            Thread.currentThread().interrupt();
            throw new IOException("ClosedByInterruptException-like");
        });
        assertThat(outcome).isInstanceOf(CallOutcome.Interrupted.class);
        assertThat(Thread.interrupted()).isTrue();
    }

    private CompletableFuture<CallOutcome<Object>> blockOn(Stage stage, CountDownLatch entered) {
        return CompletableFuture.supplyAsync(
                () -> invoker.call(
                        task,
                        taskLoader,
                        stage,
                        BUDGET,
                        new HostilePlugins(stage, HostilePlugins.blockForever(entered)).call(stage)),
                threads);
    }
}
