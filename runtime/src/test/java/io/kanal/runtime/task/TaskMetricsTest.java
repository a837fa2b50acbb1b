package io.kanal.runtime.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TaskMetricsTest {

    @Test
    void batchesAndCallsKeepSumsAndMaxima() {
        TaskMetrics metrics = new TaskMetrics(() -> 0);
        metrics.batch(3);
        metrics.batch(7);
        metrics.call(2_000_000);
        metrics.call(1_000_000);
        metrics.out(9);
        metrics.filtered();
        metrics.commit(true, 5_000_000);
        metrics.commit(false, 1_000_000);
        metrics.partitions(4);

        TaskMetrics.Snapshot s = metrics.snapshot();

        assertThat(s.recordsIn()).isEqualTo(10);
        assertThat(s.batches()).isEqualTo(2);
        assertThat(s.batchRecords()).isEqualTo(10);
        assertThat(s.batchMax()).isEqualTo(7);
        assertThat(s.callNanos()).isEqualTo(3_000_000);
        assertThat(s.callMaxNanos()).isEqualTo(2_000_000);
        assertThat(s.recordsOut()).isEqualTo(9);
        assertThat(s.filtered()).isEqualTo(1);
        assertThat(s.commitSuccess()).isEqualTo(1);
        assertThat(s.commitFailure()).isEqualTo(1);
        assertThat(s.commitNanos()).isEqualTo(6_000_000);
        assertThat(s.commitMaxNanos()).isEqualTo(5_000_000);
        assertThat(s.partitions()).isEqualTo(4);
    }

    @Test
    void runningRatioCountsPausedTimeOut() {
        AtomicLong now = new AtomicLong(1_000);
        TaskMetrics metrics = new TaskMetrics(now::get);
        now.addAndGet(100);
        metrics.paused(true);
        now.addAndGet(50);
        metrics.paused(true); // already paused: no second start
        now.addAndGet(50);
        metrics.paused(false);
        now.addAndGet(200);
        // Life 400, paused 100.
        assertThat(metrics.snapshot().pausedRatio()).isCloseTo(0.25, within(1e-9));
        assertThat(metrics.snapshot().runningRatio()).isCloseTo(0.75, within(1e-9));

        metrics.paused(true);
        now.addAndGet(400);
        // Life 800, paused 100 + 400 so far (still paused).
        assertThat(metrics.snapshot().pausedRatio()).isCloseTo(0.625, within(1e-9));
        assertThat(metrics.snapshot().ageNanos()).isEqualTo(800);
    }
}
