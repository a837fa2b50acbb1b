package io.kanal.client.cluster.internals;

import io.kanal.client.Endpoint;
import io.kanal.client.cluster.MetadataSnapshot;
import io.kanal.client.cluster.Node;
import io.kanal.client.cluster.TopicMetadata;
import io.kanal.client.common.ExponentialBackoff;
import io.kanal.client.common.Time;
import io.kanal.client.errors.AuthenticationException;
import io.kanal.client.errors.KafkaException;
import io.kanal.client.errors.TimeoutException;
import io.kanal.client.network.ApiRequest;
import io.kanal.client.network.Lane;
import io.kanal.client.network.RequestSender;
import io.kanal.client.protocol.ApiKey;
import io.kanal.client.protocol.message.MetadataRequest;
import io.kanal.client.protocol.message.MetadataResponse;
import io.kanal.client.protocol.wire.Defaults;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The metadata of one cluster: an immutable {@link MetadataSnapshot} swapped atomically after every refresh and pushed
 * to the {@link ClusterMetadata} views of the clients that share it (every client of a {@code ClientResources} that
 * talks to this cluster, or a single client that has resources of its own). A refresh asks for the union of the
 * views' topics, or for every topic while any view wants them all. Refreshes happen every {@code metadata.max.age.ms},
 * on demand ({@link #refresh}), and after errors that mean the snapshot is stale ({@link #requestRefresh}), with
 * back-off between failed attempts. Requests go to a random known broker; when none answers, the bootstrap addresses
 * are tried again.
 *
 * <p>Thread-safe. Refresh results are applied on the network I/O thread; listeners must be quick.
 */
public final class MetadataSource implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MetadataSource.class);

    private final RequestSender network;
    private final String clientId;
    private final List<Endpoint> bootstrap;
    private final MetadataConfig config;
    private final Time time;
    private final AtomicReference<MetadataSnapshot> snapshot = new AtomicReference<>(MetadataSnapshot.empty());
    private final Set<ClusterMetadata> views = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService scheduler;
    private final ScheduledFuture<?> ageCheck;
    private final ExponentialBackoff backoff;
    private final Runnable lastViewClosed;
    private final Object refreshLock = new Object();
    private CompletableFuture<MetadataSnapshot> inProgress;
    private boolean refreshAgain;
    private int consecutiveFailures;
    private volatile boolean closed;

    /**
     * Creates the source and schedules periodic refreshes. No request is sent until the first refresh.
     *
     * @param network sends the Metadata requests
     * @param clientId the client id the requests carry, for logs
     * @param bootstrap the bootstrap addresses
     * @param config the settings
     * @param scheduler runs the periodic and back-off refreshes (shared; not shut down here)
     * @param time the clock
     */
    public MetadataSource(
            RequestSender network,
            String clientId,
            List<Endpoint> bootstrap,
            MetadataConfig config,
            ScheduledExecutorService scheduler,
            Time time) {
        this(network, clientId, bootstrap, config, scheduler, time, () -> {});
    }

    /**
     * Creates the source and schedules periodic refreshes, telling its owner each time the last open view closes.
     *
     * @param network sends the Metadata requests
     * @param clientId the client id the requests carry, for logs
     * @param bootstrap the bootstrap addresses
     * @param config the settings
     * @param scheduler runs the periodic and back-off refreshes (shared; not shut down here)
     * @param time the clock
     * @param lastViewClosed run on the thread that closed a view when no view is left open; the owner decides, under
     *     its own lock, whether the source is still unused (a new view may have been opened since) and closes it
     */
    public MetadataSource(
            RequestSender network,
            String clientId,
            List<Endpoint> bootstrap,
            MetadataConfig config,
            ScheduledExecutorService scheduler,
            Time time,
            Runnable lastViewClosed) {
        if (bootstrap.isEmpty()) {
            throw new IllegalArgumentException("bootstrap.servers must list at least one address");
        }
        this.network = network;
        this.clientId = clientId;
        this.bootstrap = List.copyOf(bootstrap);
        this.config = config;
        this.time = time;
        this.scheduler = scheduler;
        this.backoff = new ExponentialBackoff(config.retryBackoffMs(), config.retryBackoffMaxMs());
        this.lastViewClosed = lastViewClosed;
        this.ageCheck = scheduler.scheduleWithFixedDelay(
                this::refreshIfOld,
                config.metadataMaxAgeMs(),
                Math.max(1_000, config.metadataMaxAgeMs() / 10),
                TimeUnit.MILLISECONDS);
    }

    /**
     * A new view for one client, which adds its topics to those this source refreshes until it is closed.
     *
     * @return the view
     */
    public ClusterMetadata newView() {
        ClusterMetadata view = new ClusterMetadata(this);
        views.add(view);
        return view;
    }

    void removeView(ClusterMetadata view) {
        if (views.remove(view) && views.isEmpty()) {
            lastViewClosed.run();
        }
    }

    /**
     * Whether {@link #close} was called.
     *
     * @return true once closed
     */
    public boolean isClosed() {
        return closed;
    }

    /**
     * How many views are open, for the owner that closes the source with its last view.
     *
     * @return the number of open views
     */
    public int viewCount() {
        return views.size();
    }

    /**
     * The current snapshot.
     *
     * @return the snapshot; empty before the first refresh
     */
    public MetadataSnapshot current() {
        return snapshot.get();
    }

    /**
     * Applies a leader hint from a Produce or Fetch response (KIP-951) if it is newer than what is known.
     *
     * @param tp the partition
     * @param leader the leader's node id
     * @param epoch the leader epoch
     * @param leaderNode the leader's address, or null if the response did not carry it
     */
    public void applyLeaderHint(io.kanal.client.TopicPartition tp, int leader, int epoch, Node leaderNode) {
        MetadataSnapshot updated = snapshot.updateAndGet(s -> s.withLeader(tp, leader, epoch, leaderNode));
        publish(updated);
    }

    /** Schedules a refresh soon, after the back-off if the last ones failed. For errors that mean stale metadata. */
    public void requestRefresh() {
        if (closed) {
            return;
        }
        long delay = backoffMs();
        try {
            scheduler.schedule(() -> refresh(), delay, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // The shared scheduler is shutting down with the resources: nothing will use a new snapshot.
            LOG.debug("[{}] metadata refresh not scheduled: {}", clientId, e.toString());
        }
    }

    private void publish(MetadataSnapshot next) {
        for (ClusterMetadata view : views) {
            view.onSnapshot(next);
        }
    }

    private long backoffMs() {
        synchronized (refreshLock) {
            return backoff.delayMs(consecutiveFailures + 1);
        }
    }

    private void refreshIfOld() {
        if (!views.isEmpty() && time.monotonicMs() - snapshot.get().updatedAtMs() >= config.metadataMaxAgeMs()) {
            refresh();
        }
    }

    /**
     * Refreshes now. Concurrent calls share one request; a call made while one is in flight gets a second refresh so
     * that it sees topics added meanwhile.
     *
     * @return the new snapshot, or the failure of the attempt
     */
    public CompletableFuture<MetadataSnapshot> refresh() {
        CompletableFuture<MetadataSnapshot> result;
        synchronized (refreshLock) {
            if (inProgress != null) {
                refreshAgain = true;
                return inProgress;
            }
            inProgress = new CompletableFuture<>();
            result = inProgress;
        }
        // Outside the lock: sending may wait for queue room, and the answer takes the lock on the I/O thread.
        attempt(candidates(), 0, null, result);
        return result;
    }

    private List<Endpoint> candidates() {
        List<Endpoint> nodes = new ArrayList<>();
        for (Node n : snapshot.get().nodes()) {
            nodes.add(n.endpoint());
        }
        java.util.Collections.shuffle(nodes);
        nodes.addAll(bootstrap);
        return nodes;
    }

    private void attempt(
            List<Endpoint> targets, int index, Throwable lastError, CompletableFuture<MetadataSnapshot> result) {
        if (index >= targets.size()) {
            finish(result, null, new KafkaException("No broker answered a Metadata request", lastError));
            return;
        }
        Endpoint target = targets.get(index);
        boolean anyWantsAll = false;
        Set<String> wanted = new TreeSet<>();
        for (ClusterMetadata view : views) {
            anyWantsAll |= view.wantsAllTopics();
            wanted.addAll(view.topics());
        }
        boolean all = anyWantsAll;
        network.send(target, Lane.GENERAL, ApiRequest.of(ApiKey.METADATA, v -> request(v, all, wanted)))
                .whenComplete((response, error) -> {
                    if (error != null) {
                        LOG.debug("[{}] metadata request to {} failed: {}", clientId, target, error.toString());
                        Throwable cause =
                                error instanceof java.util.concurrent.CompletionException && error.getCause() != null
                                        ? error.getCause()
                                        : error;
                        if (cause instanceof AuthenticationException) {
                            // Other brokers take the same credentials: asking them too would only repeat the refusal.
                            finish(result, null, cause);
                            return;
                        }
                        attempt(targets, index + 1, error, result);
                        return;
                    }
                    MetadataSnapshot next = MetadataResponses.toSnapshot(
                            (MetadataResponse) response.body(), snapshot.get(), all, time.monotonicMs());
                    snapshot.set(next);
                    finish(result, next, null);
                });
    }

    private void finish(CompletableFuture<MetadataSnapshot> result, MetadataSnapshot next, Throwable error) {
        boolean again;
        synchronized (refreshLock) {
            inProgress = null;
            again = refreshAgain;
            refreshAgain = false;
            consecutiveFailures = error == null ? 0 : consecutiveFailures + 1;
        }
        if (error == null) {
            // Waiters first: a listener that misbehaves must not keep them waiting.
            result.complete(next);
            publish(next);
        } else {
            result.completeExceptionally(error);
        }
        if (again) {
            refresh();
        }
    }

    private static MetadataRequest request(short version, boolean all, Set<String> names) {
        List<MetadataRequest.MetadataRequestTopic> topics = null;
        if (!all || version == 0) {
            topics = new ArrayList<>();
            for (String name : names) {
                topics.add(new MetadataRequest.MetadataRequestTopic(Defaults.ZERO_UUID, name, List.of()));
            }
        }
        return MetadataRequest.builder()
                .topics(topics)
                .allowAutoTopicCreation(false)
                .build();
    }

    /**
     * Waits until the metadata knows a topic's partitions, refreshing with back-off.
     *
     * @param topic the topic
     * @param maxWait how long to wait
     * @return the topic's metadata
     * @throws TimeoutException if the topic is still unknown after the wait
     */
    TopicMetadata awaitTopic(String topic, Duration maxWait) {
        long deadline = time.monotonicMs() + maxWait.toMillis();
        Throwable last = null;
        while (true) {
            TopicMetadata t = snapshot.get().topics().get(topic);
            if (t != null && !t.partitions().isEmpty() && t.error() == io.kanal.client.errors.Errors.NONE) {
                return t;
            }
            long remaining = deadline - time.monotonicMs();
            if (remaining <= 0) {
                String why = t == null ? "no metadata" : "error " + t.error();
                throw new TimeoutException(
                        "Topic " + topic + " not available after " + maxWait.toMillis() + " ms (" + why + ")", last);
            }
            try {
                boolean failed = false;
                try {
                    refresh().get(remaining, TimeUnit.MILLISECONDS);
                } catch (ExecutionException e) {
                    last = e.getCause();
                    failed = true;
                    // A certificate or a credential the broker refused does not get better by waiting.
                    for (Throwable c = last; c != null; c = c.getCause()) {
                        if (c instanceof AuthenticationException auth) {
                            throw auth;
                        }
                    }
                }
                TopicMetadata now = snapshot.get().topics().get(topic);
                if (failed
                        || now == null
                        || now.partitions().isEmpty()
                        || now.error() != io.kanal.client.errors.Errors.NONE) {
                    time.sleep(Math.min(backoffMs(), Math.max(0, deadline - time.monotonicMs())));
                }
            } catch (java.util.concurrent.TimeoutException e) {
                last = e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new KafkaException("Interrupted while waiting for metadata of " + topic, e);
            }
        }
    }

    /** Stops periodic refreshes. The network client and the scheduler are not closed: they belong to the caller. */
    @Override
    public void close() {
        closed = true;
        ageCheck.cancel(false);
    }
}
