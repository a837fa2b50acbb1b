package io.kanal.runtime.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kanal.client.admin.BatchResult;
import io.kanal.client.admin.FencedProducer;
import io.kanal.runtime.store.kafka.ConfigSnapshot;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FencingRoundsTest {

    private static final long WAIT_S = 10;

    /**
     * A config topic shared by the rounds' threads and the test (every access under its monitor), whose {@code
     * fenceProducers} calls stop at a gate per connector until the test opens it.
     */
    private static final class GatedCluster implements ZombieFencing.Cluster {
        private final FencingTopic topic;
        final Map<String, CountDownLatch> entered = new ConcurrentHashMap<>();
        final Map<String, CountDownLatch> gates = new ConcurrentHashMap<>();
        final List<String> fenceCalls = new ArrayList<>();
        final AtomicInteger reads = new AtomicInteger();
        /** Failures the next fenceProducers calls throw, once past the gate. */
        final Queue<RuntimeException> failures = new ConcurrentLinkedQueue<>();
        /** Errors the next fenceProducers calls throw, once past the gate. */
        final Queue<Error> errors = new ConcurrentLinkedQueue<>();
        /** The names of the threads that called fenceProducers. */
        final Queue<String> threads = new ConcurrentLinkedQueue<>();

        GatedCluster(FencingTopic topic) {
            this.topic = topic;
        }

        /** Counted down once a round of the connector is inside fenceProducers, stopped at its gate until {@link #open}. */
        CountDownLatch entered(String connector) {
            gates.computeIfAbsent(connector, c -> new CountDownLatch(1));
            return entered.computeIfAbsent(connector, c -> new CountDownLatch(1));
        }

        void open(String connector) {
            gates.computeIfAbsent(connector, c -> new CountDownLatch(1)).countDown();
        }

        void write(Consumer<FencingTopic> change) {
            synchronized (topic) {
                change.accept(topic);
            }
        }

        @Override
        public ConfigSnapshot readToEnd() {
            reads.incrementAndGet();
            synchronized (topic) {
                return topic.snapshot();
            }
        }

        @Override
        public BatchResult<String, FencedProducer> fenceProducers(String connector, List<String> ids)
                throws InterruptedException {
            synchronized (fenceCalls) {
                fenceCalls.add(connector + " " + ids);
            }
            entered(connector).countDown();
            if (!gates.get(connector).await(WAIT_S, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the test never opened the gate of " + connector);
            }
            threads.add(Thread.currentThread().getName());
            RuntimeException failure = failures.poll();
            if (failure != null) {
                throw failure;
            }
            Error error = errors.poll();
            if (error != null) {
                throw error;
            }
            Map<String, FencedProducer> values = new LinkedHashMap<>();
            ids.forEach(id -> values.put(id, new FencedProducer(1000L, (short) 1)));
            return new BatchResult<>(values, Map.of());
        }

        @Override
        public void putTaskCountRecord(String connector, int taskCount) {
            write(t -> t.taskCountRecord(connector, taskCount));
        }
    }

    private FencingRounds rounds;

    @AfterEach
    void close() {
        if (rounds != null) {
            rounds.close();
        }
    }

    private FencingRounds rounds(GatedCluster cluster) {
        FencingRetry retry = new FencingRetry(Duration.ofMillis(1), Duration.ofMillis(4), Duration.ofSeconds(60));
        rounds = new FencingRounds(
                new ZombieFencing(cluster, () -> "g", retry, System::currentTimeMillis),
                FencingRounds.DEFAULT_THREADS,
                "w1:8083",
                Duration.ofSeconds(WAIT_S));
        return rounds;
    }

    /** A connector whose tasks went from 2 to 1: its round fences g-c-0 and g-c-1. */
    private static void shrunk(FencingTopic topic, String connector) {
        topic.recordedThenCommitted(connector, 2, 1);
    }

    @Test
    void roundsOfTwoConnectorsRunAtTheSameTimeAndEndIndependently() throws Exception {
        GatedCluster cluster = new GatedCluster(new FencingTopic());
        cluster.write(t -> {
            shrunk(t, "a");
            shrunk(t, "b");
        });
        CountDownLatch aInside = cluster.entered("a");
        CountDownLatch bInside = cluster.entered("b");
        FencingRounds rounds = rounds(cluster);

        CompletableFuture<FencingPlan> a = rounds.request("a");
        CompletableFuture<FencingPlan> b = rounds.request("b");

        // Both rounds are inside fenceProducers at once: neither waits for the other.
        assertThat(aInside.await(WAIT_S, TimeUnit.SECONDS)).isTrue();
        assertThat(bInside.await(WAIT_S, TimeUnit.SECONDS)).isTrue();
        // b's round ends while a's still hangs.
        cluster.open("b");
        assertThat(b.get(WAIT_S, TimeUnit.SECONDS).fence()).containsExactly("g-b-0", "g-b-1");
        assertThat(a).isNotDone();
        cluster.open("a");
        assertThat(a.get(WAIT_S, TimeUnit.SECONDS).fence()).containsExactly("g-a-0", "g-a-1");
    }

    @Test
    void requestsMadeWhileAConnectorsRoundRunsShareTheNextRoundAndAGenerationCommittedMeanwhileIsRecorded()
            throws Exception {
        GatedCluster cluster = new GatedCluster(new FencingTopic());
        cluster.write(t -> shrunk(t, "a"));
        CountDownLatch inside = cluster.entered("a");
        FencingRounds rounds = rounds(cluster);

        CompletableFuture<FencingPlan> first = rounds.request("a");
        assertThat(inside.await(WAIT_S, TimeUnit.SECONDS)).isTrue();
        // A new generation (3 tasks) is committed after the first round read the topic; its tasks ask.
        cluster.write(t -> t.tasks("a", 3));
        CompletableFuture<FencingPlan> second = rounds.request("a");
        CompletableFuture<FencingPlan> third = rounds.request("a");

        // Requests during a round share the next one, each through a future of its own: a caller that gives up (or
        // completes its future) decides nothing for the others.
        assertThat(third).isNotSameAs(second);
        third.cancel(true);
        assertThat(second).isNotSameAs(first).isNotDone();
        assertThat(cluster.reads).as("the next round waits for the running one").hasValue(1);

        cluster.open("a");
        FencingPlan done = first.get(WAIT_S, TimeUnit.SECONDS);
        assertThat(done.fence()).containsExactly("g-a-0", "g-a-1");
        assertThat(done.taskCountRecord())
                .as("the record names the generation committed during the round, not the one read before it")
                .hasValue(3);
        assertThat(second.get(WAIT_S, TimeUnit.SECONDS).needed())
                .as("the next round ran, after the first, and found it done")
                .isFalse();
        assertThat(cluster.fenceCalls).containsExactly("a [g-a-0, g-a-1]");
        cluster.write(t -> assertThat(t.snapshot().taskCountRecords()).containsEntry("a", 3));

        // At rest, a request starts a round of its own, which finds nothing to do.
        assertThat(rounds.request("a").get(WAIT_S, TimeUnit.SECONDS).needed()).isFalse();
    }

    @Test
    void aFailedRoundFailsOnlyItsOwnCallersAndTheNextRoundStillRuns() throws Exception {
        GatedCluster cluster = new GatedCluster(new FencingTopic());
        cluster.write(t -> shrunk(t, "a"));
        RuntimeException broken = new IllegalStateException("admin client broken");
        cluster.failures.add(broken);
        CountDownLatch inside = cluster.entered("a");
        FencingRounds rounds = rounds(cluster);

        CompletableFuture<FencingPlan> failing = rounds.request("a");
        assertThat(inside.await(WAIT_S, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<FencingPlan> after = rounds.request("a");
        cluster.open("a");

        assertThatThrownBy(() -> failing.get(WAIT_S, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause()
                .isSameAs(broken);
        assertThat(after.get(WAIT_S, TimeUnit.SECONDS).fence())
                .as("nothing was recorded, so the next round fences again")
                .containsExactly("g-a-0", "g-a-1");
        assertThat(cluster.fenceCalls).hasSize(2);
    }

    @Test
    void closingLetsTheRunningRoundEndAndFailsTheNextOneAndEveryLaterRequest() throws Exception {
        GatedCluster cluster = new GatedCluster(new FencingTopic());
        cluster.write(t -> shrunk(t, "a"));
        CountDownLatch inside = cluster.entered("a");
        FencingRounds rounds = rounds(cluster);

        CompletableFuture<FencingPlan> running = rounds.request("a");
        assertThat(inside.await(WAIT_S, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<FencingPlan> waiting = rounds.request("a");
        // close() waits for the running round: it must not use the clients and the store the worker closes next.
        CompletableFuture<Void> closing = CompletableFuture.runAsync(rounds::close);
        Awaitility.await().atMost(Duration.ofSeconds(WAIT_S)).until(rounds::isClosed);
        assertThat(closing).isNotDone();
        cluster.open("a");
        closing.get(WAIT_S, TimeUnit.SECONDS);

        assertThat(running.get(WAIT_S, TimeUnit.SECONDS).needed()).isTrue();
        assertThatThrownBy(() -> waiting.get(WAIT_S, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause()
                .isInstanceOf(ZombieFencingException.class)
                .hasMessageContaining("The worker is stopping")
                .hasMessageContaining("'a'");
        assertThat(rounds.request("b")).isCompletedExceptionally();
        assertThat(cluster.reads)
                .as("the running round read, checked and read after its record; the next one never ran")
                .hasValue(3);
    }

    @Test
    void anErrorInARoundFailsItsCallersAndTheRequestsMadeMeanwhileAndKillsOnlyItsThread() throws Exception {
        GatedCluster cluster = new GatedCluster(new FencingTopic());
        cluster.write(t -> shrunk(t, "a"));
        AssertionError error = new AssertionError("a bug");
        cluster.errors.add(error);
        CountDownLatch inside = cluster.entered("a");
        FencingRounds rounds = rounds(cluster);

        CompletableFuture<FencingPlan> failing = rounds.request("a");
        assertThat(inside.await(WAIT_S, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<FencingPlan> meanwhile = rounds.request("a");
        cluster.open("a");

        assertThatThrownBy(() -> failing.get(WAIT_S, TimeUnit.SECONDS)).cause().isSameAs(error);
        assertThatThrownBy(() -> meanwhile.get(WAIT_S, TimeUnit.SECONDS))
                .cause()
                .isSameAs(error);
        assertThat(rounds.request("a").get(WAIT_S, TimeUnit.SECONDS).fence())
                .as("a later request starts a round of its own")
                .containsExactly("g-a-0", "g-a-1");
    }

    @Test
    void theRoundsRunOnThreadsNamedAfterTheWorker() throws Exception {
        GatedCluster cluster = new GatedCluster(new FencingTopic());
        cluster.write(t -> shrunk(t, "a"));
        cluster.open("a");

        rounds(cluster).request("a").get(WAIT_S, TimeUnit.SECONDS);

        assertThat(cluster.threads).isNotEmpty().allMatch(name -> name.startsWith("kanal-fencing-w1:8083-"));
    }
}
