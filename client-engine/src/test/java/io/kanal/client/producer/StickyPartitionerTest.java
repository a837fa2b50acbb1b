package io.kanal.client.producer;

import static org.assertj.core.api.Assertions.assertThat;

import io.kanal.client.TopicPartition;
import io.kanal.client.cluster.PartitionInfo;
import io.kanal.client.cluster.TopicMetadata;
import io.kanal.client.errors.Errors;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class StickyPartitionerTest {
    private static TopicMetadata topic(int partitions, int leaderlessPartition) {
        List<PartitionInfo> infos = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            infos.add(new PartitionInfo(
                    new TopicPartition("t", p),
                    p == leaderlessPartition ? -1 : 1,
                    0,
                    List.of(1),
                    List.of(1),
                    List.of()));
        }
        return new TopicMetadata("t", UUID.randomUUID(), false, Errors.NONE, infos);
    }

    private static StickyPartitioner.Load load(int[] queued) {
        return new StickyPartitioner.Load() {
            @Override
            public int queued(int partition) {
                return queued[partition];
            }

            @Override
            public boolean available(PartitionInfo info) {
                return true;
            }
        };
    }

    @Test
    void sticksToOnePartitionForABatchWorthOfBytesThenMovesOn() {
        StickyPartitioner sticky = new StickyPartitioner(1000, false);
        TopicMetadata t = topic(4, -1);
        StickyPartitioner.Load load = load(new int[4]);
        int first = sticky.partition(100, t, load);
        for (int i = 1; i < 10; i++) {
            assertThat(sticky.partition(100, t, load)).isEqualTo(first);
        }
        assertThat(sticky.partition(100, t, load)).isNotEqualTo(first);
    }

    @Test
    void avoidsPartitionsWithoutLeader() {
        StickyPartitioner sticky = new StickyPartitioner(10, false);
        TopicMetadata t = topic(3, 1);
        StickyPartitioner.Load load = load(new int[3]);
        for (int i = 0; i < 500; i++) {
            assertThat(sticky.partition(10, t, load)).isNotEqualTo(1);
        }
    }

    @Test
    void adaptivePartitioningFavoursShortQueues() {
        StickyPartitioner sticky = new StickyPartitioner(10, true);
        TopicMetadata t = topic(3, -1);
        StickyPartitioner.Load load = load(new int[] {0, 50, 50});
        int previous = sticky.partition(10, t, load);
        int leavingBusy = 0;
        int toIdle = 0;
        for (int i = 0; i < 3000; i++) {
            int next = sticky.partition(10, t, load);
            if (previous != 0) {
                leavingBusy++;
                if (next == 0) {
                    toIdle++;
                }
            }
            previous = next;
        }
        // Leaving a busy partition, the idle one has weight 51 against 1 for the other busy one.
        assertThat(leavingBusy).isGreaterThan(100);
        assertThat((double) toIdle / leavingBusy).isGreaterThan(0.9);
    }
}
