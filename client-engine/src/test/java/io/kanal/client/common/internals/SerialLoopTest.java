package io.kanal.client.common.internals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kanal.client.common.Time;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SerialLoopTest {
    private final ScheduledThreadPoolExecutor pool = new ScheduledThreadPoolExecutor(4);

    @AfterEach
    void shutdown() {
        pool.shutdownNow();
    }

    @Test
    void tasksRunInOrderAndNeverTwoAtOnce() throws Exception {
        AtomicInteger running = new AtomicInteger();
        AtomicBoolean overlapped = new AtomicBoolean();
        List<Integer> seen = Collections.synchronizedList(new ArrayList<>());
        SerialLoop loop = new SerialLoop("t", pool, Time.SYSTEM, now -> {
            if (running.incrementAndGet() > 1) {
                overlapped.set(true);
            }
            running.decrementAndGet();
            return Long.MAX_VALUE;
        });
        int perThread = 2_000;
        List<Thread> submitters = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            int base = t * perThread;
            Thread thread = new Thread(() -> {
                for (int i = 0; i < perThread; i++) {
                    int n = base + i;
                    loop.execute(() -> {
                        if (running.incrementAndGet() > 1) {
                            overlapped.set(true);
                        }
                        seen.add(n);
                        running.decrementAndGet();
                    });
                }
            });
            submitters.add(thread);
            thread.start();
        }
        for (Thread t : submitters) {
            t.join();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> seen.size() == 4 * perThread);
        assertThat(overlapped).isFalse();
        for (int t = 0; t < 4; t++) {
            int base = t * perThread;
            List<Integer> mine =
                    seen.stream().filter(n -> n >= base && n < base + perThread).toList();
            assertThat(mine).as("tasks of submitter %d in submission order", t).isSorted();
        }
    }

    @Test
    void theStepRunsAgainWhenItsWakeupTimeComes() {
        AtomicInteger steps = new AtomicInteger();
        AtomicLong firstMs = new AtomicLong();
        AtomicLong secondMs = new AtomicLong();
        SerialLoop loop = new SerialLoop("t", pool, Time.SYSTEM, now -> {
            int n = steps.incrementAndGet();
            if (n == 1) {
                firstMs.set(now);
                return now + 50;
            }
            secondMs.compareAndSet(0, now);
            return Long.MAX_VALUE;
        });
        loop.wakeup();
        await().atMost(Duration.ofSeconds(5)).until(() -> steps.get() >= 2);
        assertThat(secondMs.get() - firstMs.get()).isGreaterThanOrEqualTo(50);
        assertThat(steps.get()).isEqualTo(2);
    }

    @Test
    void aBusyLoopYieldsItsThreadToOthers() {
        ScheduledThreadPoolExecutor single = new ScheduledThreadPoolExecutor(1);
        try {
            AtomicInteger busySteps = new AtomicInteger();
            CountDownLatch otherRan = new CountDownLatch(1);
            // Always asks to run again at once: with a dedicated thread it would never stop.
            SerialLoop busy = new SerialLoop("busy", single, Time.SYSTEM, now -> {
                busySteps.incrementAndGet();
                return now;
            });
            SerialLoop other = new SerialLoop("other", single, Time.SYSTEM, now -> {
                otherRan.countDown();
                return Long.MAX_VALUE;
            });
            busy.wakeup();
            other.wakeup();
            await().atMost(Duration.ofSeconds(5)).until(() -> otherRan.getCount() == 0);
            assertThat(busySteps.get()).isGreaterThanOrEqualTo(1);
            busy.close();
        } finally {
            single.shutdownNow();
        }
    }

    @Test
    void inLoopIsTrueOnlyInsideTheLoop() throws Exception {
        AtomicBoolean insideStep = new AtomicBoolean();
        AtomicBoolean insideTask = new AtomicBoolean();
        SerialLoop[] holder = new SerialLoop[1];
        holder[0] = new SerialLoop("t", pool, Time.SYSTEM, now -> {
            insideStep.set(holder[0].inLoop());
            return Long.MAX_VALUE;
        });
        CountDownLatch done = new CountDownLatch(1);
        holder[0].execute(() -> {
            insideTask.set(holder[0].inLoop());
            done.countDown();
        });
        assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
        await().atMost(Duration.ofSeconds(5)).untilTrue(insideStep);
        assertThat(insideTask).isTrue();
        assertThat(holder[0].inLoop()).isFalse();
    }

    @Test
    void aThrowingTaskOrStepDoesNotStopTheLoop() {
        AtomicInteger steps = new AtomicInteger();
        SerialLoop loop = new SerialLoop("t", pool, Time.SYSTEM, now -> {
            if (steps.incrementAndGet() == 1) {
                throw new IllegalStateException("boom");
            }
            return Long.MAX_VALUE;
        });
        AtomicBoolean after = new AtomicBoolean();
        loop.execute(() -> {
            throw new IllegalStateException("task boom");
        });
        loop.execute(() -> after.set(true));
        await().atMost(Duration.ofSeconds(5)).untilTrue(after);
        // The failed step asks to run again after a pause, so a second step comes without a wakeup.
        await().atMost(Duration.ofSeconds(5)).until(() -> steps.get() >= 2);
    }

    @Test
    void aClosedLoopRunsNoMoreSteps() {
        AtomicInteger steps = new AtomicInteger();
        SerialLoop loop = new SerialLoop("t", pool, Time.SYSTEM, now -> {
            steps.incrementAndGet();
            return now + 10;
        });
        loop.wakeup();
        await().atMost(Duration.ofSeconds(5)).until(() -> steps.get() >= 3);
        loop.close();
        CountDownLatch quiet = new CountDownLatch(1);
        // Once a probe loop on the same pool has run twice after close, any step in flight has finished.
        int atClose = steps.get();
        SerialLoop probe = new SerialLoop("probe", pool, Time.SYSTEM, now -> {
            quiet.countDown();
            return Long.MAX_VALUE;
        });
        probe.wakeup();
        await().atMost(Duration.ofSeconds(5)).until(() -> quiet.getCount() == 0);
        await().during(Duration.ofMillis(100)).atMost(Duration.ofSeconds(1)).until(() -> steps.get() <= atClose + 1);
        assertThat(loop.isClosed()).isTrue();
    }
}
