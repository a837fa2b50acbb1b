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
                        return args.length == 2 ? null : new CompletableFuture<>();
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
    void aRecordIsSettledOnlyWhenTheBrokerAcknowledgesItWithOrWithoutATransaction() {
        assertThat(send(true).isAcked()).isFalse();
        assertThat(send(false).isAcked()).isFalse();
        assertThat(sends).hasValue(2);
    }

    @Test
    void aRecordRefusedForGoodBeforeQueueingIsNotSettledInATransaction() {
        @SuppressWarnings("unchecked")
        Producer<byte[], byte[]> refusing = (Producer<byte[], byte[]>) Proxy.newProxyInstance(
                Producer.class.getClassLoader(), new Class<?>[] {Producer.class}, (proxy, method, args) -> {
                    if (method.getName().equals("send") && args.length == 2) {
                        ((io.kanal.client.producer.Callback) args[1])
                                .onCompletion(null, new io.kanal.client.errors.KafkaException("record too large"));
                        return null;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
        SourceSends sends =
                new SourceSends(Owner.task("c", 0), refusing, null, null, null, Redactor.NONE, new StopSignal(), true);
        OffsetTracker tracker = new OffsetTracker();
        SourceRecord r = record();
        OffsetTracker.Entry entry = tracker.submit(r.sourcePartition(), r.sourceOffset());
        sends.send(r, r, entry, new byte[0], new byte[0], List.of());

        assertThat(entry.isAcked()).isFalse();
        org.assertj.core.api.Assertions.assertThatThrownBy(sends::throwIfFailed)
                .isInstanceOf(TaskFailedException.class)
                .hasMessageContaining("record too large");
        assertThat(sends.awaitCallbacks(0)).as("no callback is due").isTrue();
    }
}
