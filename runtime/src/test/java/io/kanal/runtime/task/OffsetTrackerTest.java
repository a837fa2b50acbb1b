package io.kanal.runtime.task;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class OffsetTrackerTest {

    private static final Map<String, ?> A = Map.of("file", "a");
    private static final Map<String, ?> B = Map.of("file", "b");

    private static Map<String, ?> pos(long p) {
        return Map.of("position", p);
    }

    @Test
    void anOffsetIsCommittableOnlyOnceEveryEarlierRecordOfItsPartitionIsAcked() {
        OffsetTracker tracker = new OffsetTracker();
        OffsetTracker.Entry a1 = tracker.submit(A, pos(1));
        OffsetTracker.Entry a2 = tracker.submit(A, pos(2));
        OffsetTracker.Entry b1 = tracker.submit(B, pos(10));
        a2.ack();
        b1.ack();
        assertThat(tracker.committable()).containsExactly(Map.entry(B, pos(10)));
        assertThat(tracker.unacknowledged()).isEqualTo(1);
        a1.ack();
        assertThat(tracker.committable()).containsExactly(Map.entry(A, pos(2)));
        assertThat(tracker.committable()).isEmpty();
        assertThat(tracker.tracked()).isZero();
    }

    @Test
    void recordsWithoutAnOffsetHoldBackLaterOnesButCommitNothingThemselves() {
        OffsetTracker tracker = new OffsetTracker();
        OffsetTracker.Entry first = tracker.submit(A, null);
        OffsetTracker.Entry second = tracker.submit(A, pos(5));
        second.ack();
        assertThat(tracker.committable()).isEmpty();
        first.ack();
        assertThat(tracker.committable()).containsExactly(Map.entry(A, pos(5)));
        OffsetTracker.Entry alone = tracker.submit(null, null);
        alone.ack();
        assertThat(tracker.committable()).isEmpty();
    }

    @Test
    void ackIsIdempotent() {
        OffsetTracker tracker = new OffsetTracker();
        OffsetTracker.Entry e = tracker.submit(A, pos(1));
        tracker.submit(A, pos(2));
        e.ack();
        e.ack();
        assertThat(tracker.unacknowledged()).isEqualTo(1);
        assertThat(e.isAcked()).isTrue();
    }

    @Test
    void settledRecordsAreReleasedAsMoreAreSubmittedNotOnlyAtTheFlush() {
        OffsetTracker tracker = new OffsetTracker();
        OffsetTracker.Entry held = tracker.submit(B, pos(0));
        for (int i = 0; i < 10_000; i++) {
            tracker.submit(A, pos(i)).ack();
            assertThat(tracker.tracked()).isLessThanOrEqualTo(3);
        }
        assertThat(tracker.committable()).containsExactly(Map.entry(A, pos(9_999)));
        held.ack();
        assertThat(tracker.committable()).containsExactly(Map.entry(B, pos(0)));
        assertThat(tracker.tracked()).isZero();
    }

    @Property(tries = 200)
    void neverCommitsPastAnUnackedRecord(@ForAll @IntRange(min = 1, max = 60) int n, @ForAll long seed) {
        Random random = new Random(seed);
        OffsetTracker tracker = new OffsetTracker();
        List<OffsetTracker.Entry> entries = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            entries.add(tracker.submit(A, pos(i)));
            if (random.nextInt(4) == 0) {
                entries.get(random.nextInt(entries.size())).ack();
            }
        }
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            order.add(i);
        }
        Collections.shuffle(order, random);
        long committed = -1;
        for (int index : order) {
            entries.get(index).ack();
            Map<Map<String, ?>, Map<String, ?>> offsets = tracker.committable();
            if (!offsets.isEmpty()) {
                committed = (Long) offsets.get(A).get("position");
            }
            int firstUnacked = 0;
            while (firstUnacked < n && entries.get(firstUnacked).isAcked()) {
                firstUnacked++;
            }
            assertThat(committed).isEqualTo(firstUnacked - 1L);
        }
        assertThat(committed).isEqualTo(n - 1L);
    }

    @Test
    void allSettledCompletesWhenTheLastRecordIsAcknowledgedOnAnotherThread() throws Exception {
        OffsetTracker tracker = new OffsetTracker();
        assertThat(tracker.allSettled()).isDone(); // nothing in flight

        OffsetTracker.Entry first = tracker.submit(Map.of("p", 1), Map.of("o", 1));
        OffsetTracker.Entry second = tracker.submit(Map.of("p", 2), Map.of("o", 1));
        java.util.concurrent.CompletableFuture<Void> settled = tracker.allSettled();
        first.ack();
        assertThat(settled).isNotDone();

        Thread acker = new Thread(second::ack, "producer-callback");
        acker.start();
        settled.get(10, java.util.concurrent.TimeUnit.SECONDS); // woken by the ack, no polling
        acker.join();
        assertThat(tracker.unacknowledged()).isZero();
        second.ack(); // a second ack of the same record changes nothing
        assertThat(tracker.unacknowledged()).isZero();
    }
}
