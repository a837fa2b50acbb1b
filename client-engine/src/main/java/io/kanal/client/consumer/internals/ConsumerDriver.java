package io.kanal.client.consumer.internals;

import io.kanal.client.TopicPartition;
import io.kanal.client.cluster.ClusterMetadata;
import io.kanal.client.cluster.MetadataSnapshot;
import io.kanal.client.cluster.Node;
import io.kanal.client.cluster.TopicMetadata;
import io.kanal.client.common.Time;
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
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The consumer's background thread: runs the membership state machine, the position resolver and the fetcher, and
 * performs their I/O. Network completions arrive on the I/O thread and are queued here, so every state machine is
 * touched by this one thread only. The application thread talks to it through {@link #execute}/{@link #call} and
 * receives work back through {@link AppEvents}.
 *
 * <p>Heartbeats do not depend on the application: they continue however long it takes between polls, until
 * {@code max.poll.interval.ms} passes, when the member leaves (STALE) and rejoins on the next poll.
 */
public final class ConsumerDriver implements Executor {
    private static final Logger LOG = LoggerFactory.getLogger(ConsumerDriver.class);

    private final String clientId;
    private final ConsumerSettings settings;
    private final SubscriptionState subscriptions;
    private final FetchBuffer buffer;
    private final ClusterMetadata metadata;
    private final NetworkClient network;
    private final Time time;
    private final AppEvents app;
    private final LinkedBlockingQueue<Runnable> tasks = new LinkedBlockingQueue<>();
    private final Thread thread;
    private Fetcher fetcher;
    private volatile long closeDeadlineMs;
    private PositionResolver positions;
    private GroupMember group;
    private volatile boolean running = true;
    private volatile long lastPollMs;

    ConsumerDriver(
            String clientId,
            ConsumerSettings settings,
            SubscriptionState subscriptions,
            FetchBuffer buffer,
            ClusterMetadata metadata,
            NetworkClient network,
            AppEvents app,
            Time time) {
        this.clientId = clientId;
        this.settings = settings;
        this.subscriptions = subscriptions;
        this.buffer = buffer;
        this.metadata = metadata;
        this.network = network;
        this.app = app;
        this.time = time;
        this.lastPollMs = time.monotonicMs();
        this.thread = new Thread(this::run, "kanal-consumer-" + clientId);
        this.thread.setDaemon(true);
    }

    void start(Fetcher fetcher, PositionResolver positions, GroupMember group) {
        this.fetcher = fetcher;
        this.positions = positions;
        this.group = group;
        thread.start();
    }

    /**
     * Runs a task on the background thread.
     *
     * @param task the task
     */
    @Override
    public void execute(Runnable task) {
        tasks.add(task);
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
        tasks.offer(() -> {});
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

    private void run() {
        long wait = 0;
        while (running) {
            try {
                Runnable task = tasks.poll(Math.max(0, wait), TimeUnit.MILLISECONDS);
                if (task != null) {
                    task.run();
                    for (Runnable more; (more = tasks.poll()) != null; ) {
                        more.run();
                    }
                }
                long now = time.monotonicMs();
                long next = now + 1_000;
                if (group != null) {
                    next = Math.min(next, group.poll(now));
                }
                next = Math.min(next, positions.poll(now));
                next = Math.min(next, fetcher.poll(now));
                wait = next - time.monotonicMs();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.error("[{}] consumer background step failed; raising it to the application", clientId, e);
                app.raise(e);
                wait = settings.retryBackoffMs();
            }
        }
        closeFetchSessions();
    }

    // Brokers keep a fetch session until it is closed or evicted; closing frees the slot at once. Bounded by the
    // close timeout and the request timeout.
    private void closeFetchSessions() {
        long waitMs = Math.min(closeDeadlineMs - time.monotonicMs(), settings.requestTimeoutMs());
        if (fetcher == null || waitMs <= 0) {
            return;
        }
        try {
            fetcher.closeSessions().get(waitMs, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            // The broker evicts the session later on its own; nothing is lost.
            LOG.debug("[{}] fetch sessions not closed: {}", clientId, e.toString());
        }
    }

    /**
     * Stops the loop and waits for it.
     *
     * @param timeout the longest wait
     */
    void close(Duration timeout) {
        closeDeadlineMs = time.monotonicMs() + timeout.toMillis();
        running = false;
        wakeup();
        try {
            thread.join(Math.max(1, timeout.toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
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
        return Thread.currentThread() == thread;
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
