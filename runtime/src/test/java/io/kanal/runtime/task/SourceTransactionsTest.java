package io.kanal.runtime.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kanal.api.source.TransactionBoundary;
import io.kanal.client.errors.AuthorizationException;
import io.kanal.client.errors.Errors;
import io.kanal.client.errors.TimeoutException;
import io.kanal.client.producer.Producer;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class SourceTransactionsTest {

    private final AtomicInteger attempts = new AtomicInteger();
    private final AtomicLong clock = new AtomicLong();
    private final StopSignal stop = new StopSignal();

    /** A producer whose initTransactions always times out, as with an unreachable coordinator. */
    @SuppressWarnings("unchecked")
    private Producer<byte[], byte[]> timingOut(Runnable onAttempt) {
        return (Producer<byte[], byte[]>) Proxy.newProxyInstance(
                Producer.class.getClassLoader(), new Class<?>[] {Producer.class}, (proxy, method, args) -> {
                    if (method.getName().equals("initTransactions")) {
                        attempts.incrementAndGet();
                        onAttempt.run();
                        throw new TimeoutException("coordinator not available");
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    /** A producer whose initTransactions fails as the client does when its principal may not use the id. */
    @SuppressWarnings("unchecked")
    private static Producer<byte[], byte[]> refused(AuthorizationException refusal) {
        return (Producer<byte[], byte[]>) Proxy.newProxyInstance(
                Producer.class.getClassLoader(), new Class<?>[] {Producer.class}, (proxy, method, args) -> {
                    if (method.getName().equals("initTransactions")) {
                        throw refusal;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    private SourceTransactions transactions(Producer<byte[], byte[]> producer) {
        return new SourceTransactions(
                producer,
                new TransactionBoundaries(TransactionBoundary.POLL, 0, 0),
                offsets -> List.of(),
                Duration.ofHours(1),
                clock::get,
                () -> {},
                stop);
    }

    @Test
    void aTimedOutStepIsRetriedUntilItsTimeout() {
        SourceTransactions tx = transactions(
                timingOut(() -> clock.addAndGet(Duration.ofMinutes(20).toMillis())));
        assertThatThrownBy(tx::init).isInstanceOf(TimeoutException.class);
        assertThat(attempts).hasValue(3); // 20, 40, 60 minutes: the third reaches the hour
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS) // without the stop check the loop never ends on this frozen clock
    void aStoppingTaskRetriesNoTimedOutStep() {
        SourceTransactions tx = transactions(timingOut(() -> {
            if (attempts.get() == 2) {
                stop.stop(); // the worker stops the task while it waits for the coordinator
            }
        }));
        assertThatThrownBy(tx::init).isInstanceOf(TimeoutException.class);
        assertThat(attempts).hasValue(2);
    }

    @Test
    void aRefusedTransactionalIdFailsWithWhatToGrantAndToWhom() {
        AuthorizationException client = new AuthorizationException(
                "initTransactions(): the principal of this producer may not use transactional.id 'g-c-0'",
                Errors.TRANSACTIONAL_ID_AUTHORIZATION_FAILED);
        assertThatThrownBy(transactions(refused(client))::init)
                .isInstanceOf(AuthorizationException.class)
                .hasMessageContaining("transactional.id 'g-c-0'")
                .hasMessageContaining("producer.override")
                .hasMessageContaining("restart the task")
                .hasCause(client);
    }

    @Test
    void anotherAuthorizationFailureIsThrownAsItIs() {
        AuthorizationException cluster =
                new AuthorizationException("no idempotent write", Errors.CLUSTER_AUTHORIZATION_FAILED);
        assertThatThrownBy(transactions(refused(cluster))::init).isSameAs(cluster);
    }

    @Test
    void aFailedCheckAfterTheIdIsTakenClosesTheProducerAndFailsTheStart() {
        List<String> calls = new java.util.ArrayList<>();
        @SuppressWarnings("unchecked")
        Producer<byte[], byte[]> producer = (Producer<byte[], byte[]>) Proxy.newProxyInstance(
                Producer.class.getClassLoader(), new Class<?>[] {Producer.class}, (proxy, method, args) -> {
                    calls.add(method.getName());
                    return null;
                });
        IllegalStateException superseded = new IllegalStateException("generation replaced");
        SourceTransactions tx = new SourceTransactions(
                producer,
                new TransactionBoundaries(TransactionBoundary.POLL, 0, 0),
                offsets -> List.of(),
                Duration.ofHours(1),
                clock::get,
                () -> calls.add("fence"),
                () -> {
                    calls.add("check");
                    throw superseded;
                },
                stop);

        assertThatThrownBy(tx::init).isSameAs(superseded);
        assertThat(calls).containsExactly("fence", "initTransactions", "check", "close");
    }

    @Test
    void aFailedRemovalInTheSecondaryStoreFailsTheCommitBeforeItIsSent() {
        List<String> calls = new java.util.ArrayList<>();
        @SuppressWarnings("unchecked")
        Producer<byte[], byte[]> producer = (Producer<byte[], byte[]>) Proxy.newProxyInstance(
                Producer.class.getClassLoader(), new Class<?>[] {Producer.class}, (proxy, method, args) -> {
                    calls.add(method.getName());
                    return null;
                });
        SourceTransactions.OffsetRecords records = new SourceTransactions.OffsetRecords() {
            @Override
            public List<io.kanal.client.producer.ProducerRecord<byte[], byte[]>> records(
                    java.util.Map<java.util.Map<String, ?>, java.util.Map<String, ?>> offsets) {
                return List.of();
            }

            @Override
            public java.util.concurrent.CompletableFuture<Void> beforeCommit(
                    java.util.Map<java.util.Map<String, ?>, java.util.Map<String, ?>> offsets) {
                calls.add("removals");
                return java.util.concurrent.CompletableFuture.failedFuture(
                        new IllegalStateException("secondary unavailable"));
            }

            @Override
            public void committed(java.util.Map<java.util.Map<String, ?>, java.util.Map<String, ?>> offsets) {
                calls.add("copied");
            }
        };
        SourceTransactions tx = new SourceTransactions(
                producer,
                new TransactionBoundaries(TransactionBoundary.POLL, 0, 0),
                records,
                Duration.ofHours(1),
                clock::get);
        tx.beginIfIdle();
        java.util.Map<java.util.Map<String, ?>, java.util.Map<String, ?>> removal = new java.util.HashMap<>();
        removal.put(java.util.Map.of("p", 1), null);

        assertThatThrownBy(() -> tx.commit(removal))
                .isInstanceOf(io.kanal.client.errors.KafkaException.class)
                .hasRootCauseMessage("secondary unavailable");
        assertThat(calls).containsExactly("beginTransaction", "removals");
        assertThat(tx.isOpen()).isTrue(); // the caller aborts it
    }

    /** A producer whose send of an offset record is refused before queueing {@code refusals} times, then queued. */
    @SuppressWarnings("unchecked")
    private static Producer<byte[], byte[]> refusingOffsets(int refusals, List<String> calls) {
        AtomicInteger refused = new AtomicInteger();
        return (Producer<byte[], byte[]>) Proxy.newProxyInstance(
                Producer.class.getClassLoader(), new Class<?>[] {Producer.class}, (proxy, method, args) -> {
                    calls.add(method.getName());
                    if (method.getName().equals("send")) {
                        return refused.getAndIncrement() < refusals
                                ? java.util.concurrent.CompletableFuture.failedFuture(
                                        new TimeoutException("buffer.memory full"))
                                : java.util.concurrent.CompletableFuture.completedFuture(null);
                    }
                    return null;
                });
    }

    private SourceTransactions oneOffsetRecord(Producer<byte[], byte[]> producer) {
        return new SourceTransactions(
                producer,
                new TransactionBoundaries(TransactionBoundary.POLL, 0, 0),
                offsets -> List.of(new io.kanal.client.producer.ProducerRecord<>(
                        "offsets", null, null, new byte[0], new byte[0], List.of())),
                Duration.ofHours(1),
                clock::get);
    }

    @Test
    void anOffsetRecordRefusedBeforeQueueingIsSentAgainAfterAFlushBeforeTheCommit() {
        List<String> calls = new java.util.ArrayList<>();
        SourceTransactions tx = oneOffsetRecord(refusingOffsets(1, calls));
        tx.beginIfIdle();
        tx.commit(java.util.Map.of(java.util.Map.of("task", 0), java.util.Map.of("seq", 1)));
        assertThat(calls).containsExactly("beginTransaction", "send", "flush", "send", "commitTransaction");
    }

    @Test
    void anOffsetRecordRefusedTwiceFailsTheCommitBeforeItIsSent() {
        List<String> calls = new java.util.ArrayList<>();
        SourceTransactions tx = oneOffsetRecord(refusingOffsets(2, calls));
        tx.beginIfIdle();
        assertThatThrownBy(() -> tx.commit(java.util.Map.of(java.util.Map.of("task", 0), java.util.Map.of("seq", 1))))
                .isInstanceOf(io.kanal.client.errors.KafkaException.class)
                .hasMessageContaining("buffer.memory full");
        // the records must not commit without their offsets: the caller aborts
        assertThat(calls).doesNotContain("commitTransaction");
        assertThat(tx.isOpen()).isTrue();
    }
}
