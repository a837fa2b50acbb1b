package io.kanal.client.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kanal.client.common.ManualTime;
import io.kanal.client.common.Time;
import io.kanal.client.errors.TimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class BufferPoolTest {
    @Test
    void recyclesBatchSizedBuffersAndCountsOthers() {
        BufferPool pool = new BufferPool(4096, 1024, Time.SYSTEM);
        ByteBuffer a = pool.allocate(1024, 0);
        ByteBuffer big = pool.allocate(2048, 0);
        assertThat(pool.availableMemory()).isEqualTo(1024);
        pool.release(a, 1024);
        assertThat(pool.allocate(1024, 0)).isSameAs(a);
        pool.release(big, 2048);
        assertThat(pool.availableMemory()).isEqualTo(3072);
    }

    @Test
    void failsWithATimeoutWhenFullForMaxBlock() {
        ManualTime time = new ManualTime();
        BufferPool pool = new BufferPool(2048, 1024, time);
        pool.allocate(1024, 0);
        pool.allocate(1024, 0);
        CompletableFuture<ByteBuffer> waiting = CompletableFuture.supplyAsync(() -> pool.allocate(1024, 60_000));
        await().atMost(Duration.ofSeconds(10)).until(() -> time.waiters() == 1);
        time.advance(59_999);
        assertThat(waiting).isNotDone();
        assertThat(pool.waiters()).isEqualTo(1);
        time.advance(1);
        assertThat(waiting)
                .failsWithin(Duration.ofSeconds(10))
                .withThrowableThat()
                .havingCause()
                .isInstanceOf(TimeoutException.class)
                .withMessageContaining("buffer.memory");
    }

    @Test
    void aWaitingSenderGetsTheMemoryOnceItIsReleased() {
        BufferPool pool = new BufferPool(1024, 1024, Time.SYSTEM);
        ByteBuffer held = pool.allocate(1024, 0);
        CompletableFuture<ByteBuffer> waiting = CompletableFuture.supplyAsync(() -> pool.allocate(1024, 60_000));
        await().atMost(Duration.ofSeconds(10)).until(() -> pool.waiters() == 1);
        assertThat(waiting).isNotDone();
        pool.release(held, 1024);
        assertThat(waiting.join()).isSameAs(held);
    }

    @Test
    void closeWakesWaiters() {
        BufferPool pool = new BufferPool(1024, 1024, Time.SYSTEM);
        pool.allocate(1024, 0);
        CompletableFuture<ByteBuffer> waiting = CompletableFuture.supplyAsync(() -> pool.allocate(1024, 60_000));
        await().atMost(Duration.ofSeconds(10)).until(() -> pool.waiters() == 1);
        pool.close();
        assertThat(waiting).failsWithin(Duration.ofSeconds(10));
    }
}
