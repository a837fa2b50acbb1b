package io.kanal.runtime.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.kanal.client.admin.BatchResult;
import io.kanal.client.admin.FencedProducer;
import io.kanal.client.errors.AuthorizationException;
import io.kanal.client.errors.KafkaException;
import io.kanal.client.errors.TimeoutException;
import io.kanal.runtime.store.kafka.ConfigSnapshot;
import io.kanal.runtime.store.kafka.NotConfigLeaderException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ZombieFencingTest {

    /** A cluster whose fencing answers are scripted; records what the round did. Test thread only. */
    private static final class ScriptedCluster implements ZombieFencing.Cluster {
        final FencingTopic topic;
        final Deque<KafkaException> failures = new ArrayDeque<>();
        final List<List<String>> fenceCalls = new ArrayList<>();
        final AtomicLong clock;
        /** Run once, at the next call of fenceProducers: a commit while the round fences. */
        Runnable duringFencing = () -> {};
        /** Run at every read of the topic, before it: task configs committed all the time. */
        Runnable everyRead = () -> {};
        /** Run once, at the next write of a record, before it: a commit between the round's last read and its write. */
        Runnable beforeRecord = () -> {};
        /** Whether this worker leads the config topic; a fencing call sets it to {@code leadsAfterFencing}. */
        boolean leads = true;

        Boolean leadsAfterFencing;

        ScriptedCluster(FencingTopic topic, AtomicLong clock) {
            this.topic = topic;
            this.clock = clock;
        }

        @Override
        public ConfigSnapshot readToEnd() {
            everyRead.run();
            return topic.snapshot();
        }

        @Override
        public void requireLeader(String connector) {
            if (!leads) {
                throw new NotConfigLeaderException("not the leader");
            }
        }

        @Override
        public BatchResult<String, FencedProducer> fenceProducers(String connector, List<String> ids) {
            assertThat(leads).as("fenceProducers called while not the leader").isTrue();
            fenceCalls.add(ids);
            if (leadsAfterFencing != null) {
                leads = leadsAfterFencing;
            }
            Runnable hook = duringFencing;
            duringFencing = () -> {};
            hook.run();
            KafkaException failure = failures.poll();
            Map<String, FencedProducer> values = new LinkedHashMap<>();
            Map<String, KafkaException> errors = new LinkedHashMap<>();
            for (String id : ids) {
                if (failure != null && id.endsWith("-1")) {
                    errors.put(id, failure);
                } else {
                    values.put(id, new FencedProducer(1000L, (short) 1));
                }
            }
            return new BatchResult<>(values, errors);
        }

        @Override
        public void putTaskCountRecord(String connector, int taskCount) {
            Runnable hook = beforeRecord;
            beforeRecord = () -> {};
            hook.run();
            topic.taskCountRecord(connector, taskCount);
        }
    }

    private final AtomicLong clock = new AtomicLong(1_000);
    private final FencingRetry retry =
            new FencingRetry(Duration.ofMillis(1), Duration.ofMillis(4), Duration.ofSeconds(60));

    private ZombieFencing fencing(ScriptedCluster cluster) {
        // Each failed attempt moves the test clock forward, so that the deadline can be reached without waiting.
        return new ZombieFencing(cluster, () -> "g", retry, () -> clock.addAndGet(10));
    }

    @Test
    void aShrinkFencesThePreviousGenerationThenWritesTheRecordAndTheNextRoundHasNothingToDo() {
        FencingTopic topic = new FencingTopic().recordedThenCommitted("c", 3, 1);
        ScriptedCluster cluster = new ScriptedCluster(topic, clock);
        ZombieFencing fencing = fencing(cluster);

        FencingPlan first = fencing.fence("c");
        FencingPlan second = fencing.fence("c");

        assertThat(first.fence()).containsExactly("g-c-0", "g-c-1", "g-c-2");
        assertThat(cluster.fenceCalls).containsExactly(List.of("g-c-0", "g-c-1", "g-c-2"));
        assertThat(topic.snapshot().taskCountRecords()).containsEntry("c", 1);
        assertThat(topic.snapshot().pendingFencing()).doesNotContain("c");
        assertThat(second.needed()).isFalse();
    }

    @Test
    void transientFailuresAreRetriedUntilEveryIdIsFenced() {
        FencingTopic topic = new FencingTopic().recordedThenCommitted("c", 2, 3);
        ScriptedCluster cluster = new ScriptedCluster(topic, clock);
        cluster.failures.add(new TimeoutException("coordinator slow"));
        cluster.failures.add(new TimeoutException("coordinator slow"));

        fencing(cluster).fence("c");

        assertThat(cluster.fenceCalls).hasSize(3);
        assertThat(topic.snapshot().taskCountRecords()).containsEntry("c", 3);
    }

    @Test
    void aWorkerThatDoesNotLeadTheConfigTopicFencesNothing() {
        FencingTopic topic = new FencingTopic()
                .connector("c")
                .tasks("c", 2)
                .taskCountRecord("c", 2)
                .tasks("c", 3);
        ScriptedCluster cluster = new ScriptedCluster(topic, clock);
        cluster.leads = false;

        assertThatThrownBy(() -> fencing(cluster).fence("c")).isInstanceOf(NotConfigLeaderException.class);

        assertThat(cluster.fenceCalls).isEmpty();
        assertThat(topic.snapshot().pendingFencing()).contains("c");
    }

    @Test
    void leadershipLostBetweenAttemptsStopsTheRetriesBeforeTheNextFenceProducers() {
        FencingTopic topic = new FencingTopic()
                .connector("c")
                .tasks("c", 2)
                .taskCountRecord("c", 2)
                .tasks("c", 3);
        ScriptedCluster cluster = new ScriptedCluster(topic, clock);
        cluster.failures.add(new TimeoutException("coordinator slow"));
        cluster.leadsAfterFencing = false; // a rebalance made another worker the leader during the first attempt

        assertThatThrownBy(() -> fencing(cluster).fence("c")).isInstanceOf(NotConfigLeaderException.class);

        assertThat(cluster.fenceCalls).hasSize(1);
        assertThat(topic.snapshot().taskCountRecords()).containsEntry("c", 2);
    }

    @Test
    void aRoundWhoseTaskConfigsKeepChangingEndsAtItsDeadlineWithATypedError() {
        FencingTopic topic = new FencingTopic()
                .connector("c")
                .tasks("c", 2)
                .taskCountRecord("c", 2)
                .tasks("c", 3);
        ScriptedCluster cluster = new ScriptedCluster(topic, clock);
        AtomicInteger tasks = new AtomicInteger(3);
        cluster.everyRead = () -> topic.tasks("c", tasks.incrementAndGet()); // a new generation at every read
        ZombieFencing fencing = new ZombieFencing(
                cluster,
                () -> "g",
                new FencingRetry(Duration.ofMillis(1), Duration.ofMillis(4), Duration.ofSeconds(1)),
                () -> clock.addAndGet(10));

        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> assertThatThrownBy(() -> fencing.fence("c"))
                .isInstanceOfSatisfying(ZombieFencingException.class, e -> {
                    assertThat(e.authorization()).isFalse();
                    assertThat(e.stopping()).isFalse();
                })
                .hasMessageContaining("connector 'c' did not settle within 1000 ms")
                .hasMessageContaining("new task configs were committed while it fenced"));
        // it never settled, so it wrote no record: the next round starts from the last one
        assertThat(topic.snapshot().taskCountRecords()).containsEntry("c", 2);
        assertThat(cluster.fenceCalls).containsExactly(List.of("g-c-0", "g-c-1"));
    }

    @Test
    void anAuthorizationFailureFailsTheRoundAtOnceWithAClearErrorAndWritesNoRecord() {
        FencingTopic topic = new FencingTopic().recordedThenCommitted("c", 2, 1);
        ScriptedCluster cluster = new ScriptedCluster(topic, clock);
        cluster.failures.add(new AuthorizationException("Transactional Id authorization failed."));

        assertThatThrownBy(() -> fencing(cluster).fence("c"))
                .isInstanceOfSatisfying(ZombieFencingException.class, e -> assertThat(e.authorization())
                        .isTrue())
                .hasMessageContaining("connector 'c'")
                .hasMessageContaining("g-c-0, g-c-1")
                .hasMessageContaining("Transactional Id authorization failed.")
                .hasMessageContaining("WRITE on these transactional ids");
        assertThat(cluster.fenceCalls).hasSize(1);
        assertThat(topic.snapshot().pendingFencing()).contains("c");
    }

    @Test
    void aRoundThatKeepsFailingGivesUpAtTheDeadline() {
        FencingTopic topic = new FencingTopic().recordedThenCommitted("c", 2, 1);
        ScriptedCluster cluster = new ScriptedCluster(topic, clock);
        for (int i = 0; i < 100_000; i++) {
            cluster.failures.add(new TimeoutException("no coordinator"));
        }
        ZombieFencing fencing = new ZombieFencing(
                cluster,
                () -> "g",
                new FencingRetry(Duration.ofMillis(1), Duration.ofMillis(1), Duration.ofMillis(100)),
                () -> clock.addAndGet(10));

        assertThatThrownBy(() -> fencing.fence("c"))
                .isInstanceOfSatisfying(ZombieFencingException.class, e -> assertThat(e.authorization())
                        .isFalse())
                .hasMessageContaining("no coordinator");
        assertThat(cluster.fenceCalls.size()).isBetween(2, 10);
        assertThat(topic.snapshot().pendingFencing()).contains("c");
    }

    @Test
    void theFirstGenerationWritesTheRecordWithoutFencing() {
        FencingTopic topic = new FencingTopic().connector("c").tasks("c", 2);
        ScriptedCluster cluster = new ScriptedCluster(topic, clock);

        fencing(cluster).fence("c");

        assertThat(cluster.fenceCalls).isEmpty();
        assertThat(topic.snapshot().taskCountRecords()).containsEntry("c", 2);
    }

    @Test
    void aGenerationOfTheSameCountCommittedBetweenTheLastReadAndTheRecordIsFencedBeforeTheRoundEnds() {
        FencingTopic topic = new FencingTopic().recordedThenCommitted("c", 2, 3);
        ScriptedCluster cluster = new ScriptedCluster(topic, clock);
        // New task configs for 3 tasks, committed after the round's last read: its record of 3 lands after them.
        cluster.beforeRecord = () -> topic.tasks("c", 3);
        ZombieFencing fencing = fencing(cluster);

        fencing.fence("c");

        // The 3 tasks the round decided on would never be fenced: the record says the newest 3 are.
        assertThat(cluster.fenceCalls).containsExactly(List.of("g-c-0", "g-c-1"), List.of("g-c-0", "g-c-1", "g-c-2"));
        assertThat(topic.snapshot().taskCountRecords()).containsEntry("c", 3);
        assertThat(fencing.fence("c").needed()).isFalse();
        assertThat(cluster.fenceCalls).hasSize(2);
    }

    @Test
    void aSmallerGenerationCommittedBetweenTheLastReadAndTheRecordIsFencedAndTheNextRoundWritesItsCount() {
        FencingTopic topic = new FencingTopic().recordedThenCommitted("c", 2, 3);
        ScriptedCluster cluster = new ScriptedCluster(topic, clock);
        cluster.beforeRecord = () -> topic.tasks("c", 1);
        ZombieFencing fencing = fencing(cluster);

        fencing.fence("c");

        assertThat(cluster.fenceCalls).containsExactly(List.of("g-c-0", "g-c-1"), List.of("g-c-0", "g-c-1", "g-c-2"));
        // The largest count seen, so that requesters of the 3-task generation released by this round are fenced by
        // the next one, which the 1-task generation's tasks ask for before they start.
        assertThat(topic.snapshot().taskCountRecords()).containsEntry("c", 3);
        assertThat(fencing.fence("c").fence()).containsExactly("g-c-0", "g-c-1", "g-c-2");
        assertThat(topic.snapshot().taskCountRecords()).containsEntry("c", 1);
        assertThat(fencing.fence("c").needed()).isFalse();
        assertThat(cluster.fenceCalls).hasSize(3);
    }

    @Test
    void aRecordOfAnOlderCountAfterTheLastCommitIsFencedByTheNextRound() {
        // As a round that crashed after writing its record would leave it: 3 after a commit of 1 task.
        FencingTopic topic =
                new FencingTopic().connector("c").tasks("c", 3).tasks("c", 1).taskCountRecord("c", 3);
        ScriptedCluster cluster = new ScriptedCluster(topic, clock);
        ZombieFencing fencing = fencing(cluster);

        FencingPlan first = fencing.fence("c");

        assertThat(first.fence()).containsExactly("g-c-0", "g-c-1", "g-c-2");
        assertThat(topic.snapshot().taskCountRecords()).containsEntry("c", 1);
        assertThat(fencing.fence("c").needed()).isFalse();
        assertThat(cluster.fenceCalls).hasSize(1);
    }

    @Test
    void aRoundThatDecidesAgainRecordsTheLargestCountItSawSoTheNextRoundFencesTheOlderGeneration() {
        FencingTopic topic = new FencingTopic().recordedThenCommitted("c", 2, 3);
        ScriptedCluster cluster = new ScriptedCluster(topic, clock);
        cluster.duringFencing = () -> topic.tasks("c", 1);
        ZombieFencing fencing = fencing(cluster);

        FencingPlan first = fencing.fence("c");
        // The round released the 3-task generation's requesters after fencing only the 2-task one's ids.
        assertThat(first.taskCountRecord()).hasValue(3);
        assertThat(topic.snapshot().taskCountRecords()).containsEntry("c", 3);

        FencingPlan second = fencing.fence("c");
        assertThat(second.fence()).containsExactly("g-c-0", "g-c-1", "g-c-2");
        assertThat(topic.snapshot().taskCountRecords()).containsEntry("c", 1);
        assertThat(fencing.fence("c").needed()).isFalse();
        assertThat(cluster.fenceCalls).hasSize(2);
    }
}
