package io.kanal.client.common.internals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class OrderedExecutorTest {
    @Test
    void runsInSubmissionOrderOnAPoolOfManyThreads() {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            OrderedExecutor ordered = new OrderedExecutor("t", pool);
            List<Integer> seen = Collections.synchronizedList(new ArrayList<>());
            for (int i = 0; i < 5_000; i++) {
                int n = i;
                ordered.execute(() -> seen.add(n));
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> seen.size() == 5_000);
            assertThat(seen).isSorted();
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aThrowingTaskDoesNotStopTheOnesAfterIt() {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            OrderedExecutor ordered = new OrderedExecutor("t", pool);
            AtomicBoolean after = new AtomicBoolean();
            ordered.execute(() -> {
                throw new IllegalStateException("user callback failed");
            });
            ordered.execute(() -> after.set(ordered.inCallback()));
            await().atMost(Duration.ofSeconds(5)).untilTrue(after);
            assertThat(ordered.inCallback()).isFalse();
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void anErrorThrownByACallbackDoesNotStrandTheOnesAfterIt() {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            OrderedExecutor ordered = new OrderedExecutor("t", pool);
            AtomicBoolean after = new AtomicBoolean();
            ordered.execute(() -> {
                throw new AssertionError("a failed assertion in user code");
            });
            ordered.execute(() -> after.set(true));
            await().atMost(Duration.ofSeconds(5)).untilTrue(after);
            assertThat(ordered.busy()).isFalse();
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void tasksRunOnTheCallerWhenThePoolRefusesThem() {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        pool.shutdown();
        OrderedExecutor ordered = new OrderedExecutor("t", pool);
        List<String> seen = new ArrayList<>();
        ordered.execute(() -> seen.add(Thread.currentThread().getName()));
        assertThat(seen).containsExactly(Thread.currentThread().getName());
        assertThat(ordered.busy()).isFalse();
    }
}
