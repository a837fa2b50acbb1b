package io.kanal.runtime.task;

import static org.assertj.core.api.Assertions.assertThat;

import io.kanal.api.data.Schema;
import io.kanal.api.source.SourceRecord;
import io.kanal.client.producer.Producer;
import io.kanal.runtime.invoke.Owner;
import io.kanal.runtime.invoke.Redactor;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SourceSendsTest {

    private final AtomicInteger sends = new AtomicInteger();

    /** A producer that queues every record and never hears from a broker: no callback ever runs. */
    @SuppressWarnings("unchecked")
    private Producer<byte[], byte[]> queueingOnly() {
        return (Producer<byte[], byte[]>) Proxy.newProxyInstance(
                Producer.class.getClassLoader(), new Class<?>[] {Producer.class}, (proxy, method, args) -> {
                    if (method.getName().equals("send")) {
                        sends.incrementAndGet();
                        return new CompletableFuture<>();
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    private static SourceRecord record() {
        return new SourceRecord(
                Map.of("task", 0), Map.of("seq", 7L), "t", null, Schema.STRING_SCHEMA, "k", Schema.STRING_SCHEMA, "v");
    }

    private OffsetTracker.Entry send(boolean transactional) {
        SourceSends sends = new SourceSends(
                Owner.task("c", 0), queueingOnly(), null, null, null, Redactor.NONE, new StopSignal(), transactional);
        OffsetTracker tracker = new OffsetTracker();
        SourceRecord r = record();
        OffsetTracker.Entry entry = tracker.submit(r.sourcePartition(), r.sourceOffset());
        sends.send(r, r, entry, new byte[0], new byte[0], List.of());
        return entry;
    }

    @Test
    void inATransactionARecordIsSettledOnceQueuedSinceItsOffsetCommitsOnlyWithIt() {
        assertThat(send(true).isAcked()).isTrue();
        assertThat(sends).hasValue(1);
    }

    @Test
    void withoutATransactionARecordIsSettledOnlyWhenTheBrokerAcknowledgesIt() {
        assertThat(send(false).isAcked()).isFalse();
        assertThat(sends).hasValue(1);
    }
}
