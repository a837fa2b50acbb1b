package io.kanal.client.cluster.internals;

import io.kanal.client.common.Time;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** A manual clock with a scheduler that runs tasks when the test advances time. Single-threaded use. */
final class FakeClock implements Time, CoordinatorLookup.Scheduler {
    record Task(long dueMs, long delayMs, Runnable task) {}

    private final AtomicLong nowMs = new AtomicLong(1_000_000);
    private final List<Task> tasks = new ArrayList<>();
    private final List<Long> delays = new ArrayList<>();

    @Override
    public long milliseconds() {
        return nowMs.get();
    }

    @Override
    public long nanoseconds() {
        return nowMs.get() * 1_000_000L;
    }

    @Override
    public void schedule(Runnable task, long delayMs) {
        tasks.add(new Task(nowMs.get() + delayMs, delayMs, task));
        delays.add(delayMs);
    }

    /** Every delay ever scheduled, in order. */
    List<Long> delays() {
        return delays;
    }

    /** Moves time forward, running the tasks that fall due in order. */
    void advance(long ms) {
        long target = nowMs.get() + ms;
        while (true) {
            Task next = tasks.stream()
                    .filter(t -> t.dueMs() <= target)
                    .min(Comparator.comparingLong(Task::dueMs))
                    .orElse(null);
            if (next == null) {
                break;
            }
            tasks.remove(next);
            nowMs.set(Math.max(nowMs.get(), next.dueMs()));
            next.task().run();
        }
        nowMs.set(target);
    }
}
