package io.kanal.client.consumer.internals;

import io.kanal.client.TopicPartition;
import io.kanal.client.cluster.MetadataSnapshot;
import io.kanal.client.cluster.Node;
import io.kanal.client.cluster.TopicMetadata;
import io.kanal.client.cluster.internals.ClusterMetadata;
import io.kanal.client.common.Time;
import io.kanal.client.common.internals.SerialLoop;
import io.kanal.client.network.ApiRequest;
import io.kanal.client.network.Lane;
import io.kanal.client.network.NetworkClient;
import io.kanal.client.protocol.ApiKey;
import io.kanal.client.protocol.message.ConsumerGroupHeartbeatRequest;
import io.kanal.client.protocol.message.ConsumerGroupHeartbeatResponse;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.function.LongUnaryOperator;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The consumer's background loop: runs the membership state machine, the position resolver and the fetcher, and
 * performs their I/O. It is a {@link SerialLoop} on the client resources' loop pool, so it holds a thread only while
 * it has work. Network completions arrive on the I/O thread and are queued here, so every state machine is touched by
 * this loop only. The application thread talks to it through {@link #execute}/{@link #call} and receives work back
 * through {@link AppEvents}.
 *
 * <p>Heartbeats do not depend on the application: they continue however long it takes between polls, until
 * {@code max.poll.interval.ms} passes, when the member leaves (STALE) and rejoins on the next poll.
 */
final class ConsumerDriver implements Executor {
    private static final Logger LOG = LoggerFactory.getLogger(ConsumerDriver.class);

    private final String clientId;
    private final ConsumerSettings settings;
    private final SubscriptionState subscriptions;
    private final FetchBuffer buffer;
    private final ClusterMetadata metadata;
    private final NetworkClient network;
    private final Time time;
    private final AppEvents app;
    private final SerialLoop loop;
    private Fetcher fetcher;
    private PositionResolver positions;
    private GroupMember group;
    /** Set on the loop when closing begins: no step runs after it. */
    private boolean closing;

    private volatile long lastPollMs;

    ConsumerDriver(
            String clientId,
            ConsumerSettings settings,
            SubscriptionState subscriptions,
            FetchBuffer buffer,
            ClusterMetadata metadata,
            NetworkClient network,
            AppEvents app,
            Time time,
            BiFunction<String, LongUnaryOperator, SerialLoop> loops) {
        this.clientId = clientId;
        this.settings = settings;
        this.subscriptions = subscriptions;
        this.buffer = buffer;
        this.metadata = metadata;
        this.network = network;
        this.app = app;
        this.time = time;
        this.lastPollMs = time.monotonicMs();
        this.loop = loops.apply("consumer", this::step);
    }

    void start(Fetcher fetcher, PositionResolver positions, GroupMember group) {
        this.fetcher = fetcher;
        this.positions = positions;
        this.group = group;
        loop.wakeup();
    }

    /**
     * Runs a task on the background thread.
     *
     * @param task the task
     */
    @Override
    public void execute(Runnable task) {
        loop.execute(task);
    }

    /**
     * Runs a function on the background thread.
     *
     * @param fn the function
     * @param <T> the result type
     * @return its result
     */
    public <T> CompletableFuture<T> call(Supplier<T> fn) {
        CompletableFuture<T> f = new CompletableFuture<>();
        execute(() -> {
            try {
                f.complete(fn.get());
            } catch (RuntimeException e) {
                f.completeExceptionally(e);
            }
        });
        return f;
    }

    /** Makes the loop look at its state machines again (after a seek, a drain, a subscription change). */
    public void wakeup() {
        loop.wakeup();
    }

    /**
     * Records an application poll, for max.poll.interval.ms.
     *
     * @param nowMs monotonic time
     */
    void onApplicationPoll(long nowMs) {
        lastPollMs = nowMs;
    }

    long lastPollMs() {
        return lastPollMs;
    }

    private long step(long now) {
        if (fetcher == null || closing) {
            return Long.MAX_VALUE;
        }
        try {
            long next = now + 1_000;
            if (group != null) {
                next = Math.min(next, group.poll(now));
            }
            next = Math.min(next, positions.poll(now));
            return Math.min(next, fetcher.poll(now));
        } catch (RuntimeException e) {
            LOG.error("[{}] consumer background step failed; raising it to the application", clientId, e);
            app.raise(e);
            return now + settings.retryBackoffMs();
        }
    }

    /**
     * Stops the loop after closing the fetch sessions (brokers keep a session until it is closed or evicted; closing
     * frees the slot at once), waiting for that at most the timeout and the request timeout. Application thread.
     *
     * @param timeout the longest wait
     */
    void close(Duration timeout) {
        long waitMs = Math.min(timeout.toMillis(), settings.requestTimeoutMs());
        try {
            if (fetcher != null && waitMs > 0 && !loop.isClosed()) {
                CompletableFuture<Void> sessions = call(() -> {
                            closing = true;
                            return fetcher.closeSessions();
                        })
                        .thenCompose(f -> f);
                sessions.get(waitMs, TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            // The broker evicts the session later on its own; nothing is lost.
            LOG.debug("[{}] fetch sessions not closed: {}", clientId, e.toString());
        } finally {
            loop.close();
        }
    }

    /**
     * Matches a client-side pattern against a metadata snapshot.
     *
     * @param pattern the pattern
     * @param snapshot the snapshot
     * @return the matching non-internal topics
     */
    static Set<String> match(Pattern pattern, MetadataSnapshot snapshot) {
        Set<String> out = new TreeSet<>();
        for (TopicMetadata t : snapshot.topics().values()) {
            if (!t.internal() && pattern.matcher(t.name()).matches()) {
                out.add(t.name());
            }
        }
        return out;
    }

    /** Sends a heartbeat to the coordinator and feeds the outcome back on this thread. */
    void sendHeartbeat(
            Node coordinator,
            ConsumerGroupHeartbeatRequest request,
            java.util.function.BiConsumer<ConsumerGroupHeartbeatResponse, Throwable> handler) {
        ApiRequest api = new ApiRequest(ApiKey.CONSUMER_GROUP_HEARTBEAT, (short) 1, (short) 1, v -> request);
        network.send(coordinator.endpoint(), Lane.GROUP, api)
                .whenCompleteAsync(
                        (response, error) -> handler.accept(
                                error == null ? (ConsumerGroupHeartbeatResponse) response.body() : null, error),
                        this);
    }

    SubscriptionState subscriptions() {
        return subscriptions;
    }

    FetchBuffer buffer() {
        return buffer;
    }

    ClusterMetadata metadata() {
        return metadata;
    }

    AppEvents app() {
        return app;
    }

    ConsumerSettings settings() {
        return settings;
    }

    String clientId() {
        return clientId;
    }

    Time time() {
        return time;
    }

    boolean isBackgroundThread() {
        return loop.inLoop();
    }

    /**
     * Whether a partition is assigned (for logging in group code).
     *
     * @param tp the partition
     * @return true if assigned
     */
    boolean assigned(TopicPartition tp) {
        return subscriptions.isAssigned(tp);
    }
}
