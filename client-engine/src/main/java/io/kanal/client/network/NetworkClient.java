package io.kanal.client.network;

import io.kanal.client.Endpoint;
import io.kanal.client.common.Time;
import io.kanal.client.common.internals.EngineThread;
import io.kanal.client.errors.ClientClosedException;
import io.kanal.client.errors.KafkaException;
import io.kanal.client.errors.TimeoutException;
import java.nio.channels.Selector;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client's view of the network: its broker connections, one per broker and {@link Lane}, served by an
 * {@link IoLoop} that it has to itself or shares with the other clients of a {@code ClientResources}. Only the loop's
 * thread touches the connections, so the write path takes no locks. Callers submit requests through a bounded queue
 * and get a {@link CompletableFuture}.
 *
 * <p>Threading: {@link #send} and {@link #close} may be called from any thread. Returned futures complete <b>on the
 * I/O thread</b>: this class is engine-internal and its callers (producer, consumer, admin, metadata) chain only short
 * non-blocking steps and hand results to user code on their own loops or executors.
 *
 * <p>Failure semantics: a request that was written when its connection failed completes with a
 * {@link io.kanal.client.errors.NetworkException} whose {@code outcomeUnknown()} is true; one not yet written completes with
 * one whose {@code outcomeUnknown()} is false; one that saw no response within {@code request.timeout.ms} completes
 * with a {@link TimeoutException} and its connection is closed. Retrying is the caller's decision.
 */
public final class NetworkClient implements RequestSender, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NetworkClient.class);

    private record ConnectionKey(Endpoint endpoint, Lane lane) {}

    /** A request for a connection, or with a null request, only the wish to have that connection open. */
    private record Submission(Endpoint endpoint, Lane lane, InFlightRequest request) {}

    private final NetworkConfig config;
    private final Time time;
    private final NetworkMetrics metrics;
    private final IoLoop loop;
    private final boolean ownsLoop;
    private final BlockingQueue<Submission> submissions;
    private final AtomicBoolean submitted = new AtomicBoolean();
    private final AtomicReference<FinalizedFeatures> finalizedFeatures =
            new AtomicReference<>(new FinalizedFeatures(-1, Map.of()));
    // I/O thread only.
    private final Map<ConnectionKey, BrokerConnection> connections = new HashMap<>();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean closing;
    /** Set before the last drain: a submission offered after it is taken back by its sender. */
    private volatile boolean terminated;

    private volatile long drainDeadlineMs = Long.MAX_VALUE;

    /**
     * Creates a client with an I/O loop of its own, closed with it.
     *
     * @param config network settings
     * @param metrics where to record metrics
     * @param time the clock
     */
    public NetworkClient(NetworkConfig config, NetworkMetrics metrics, Time time) {
        this(config, metrics, time, new IoLoop(config.clientId(), time), true);
    }

    /**
     * Creates a client served by a shared I/O loop, which it does not close.
     *
     * @param config network settings
     * @param metrics where to record metrics
     * @param time the clock
     * @param loop the loop that serves this client's connections
     */
    public NetworkClient(NetworkConfig config, NetworkMetrics metrics, Time time, IoLoop loop) {
        this(config, metrics, time, loop, false);
    }

    private NetworkClient(NetworkConfig config, NetworkMetrics metrics, Time time, IoLoop loop, boolean ownsLoop) {
        this.config = config;
        this.metrics = metrics;
        this.time = time;
        this.loop = loop;
        this.ownsLoop = ownsLoop;
        this.submissions = new ArrayBlockingQueue<>(config.submissionQueueCapacity());
        loop.register(this);
    }

    /**
     * The settings.
     *
     * @return the settings
     */
    public NetworkConfig config() {
        return config;
    }

    /**
     * Whether the caller is the I/O thread that completes this client's futures.
     *
     * @return true on the I/O thread
     */
    public boolean inIoThread() {
        return loop.inIoThread();
    }

    @Override
    public CompletableFuture<ApiResponse> send(Endpoint endpoint, Lane lane, ApiRequest request) {
        return send(endpoint, lane, request, Duration.ofMillis(config.requestTimeoutMs()));
    }

    /**
     * Opens the connection of a lane to a broker ahead of its first request, so that the TCP and ApiVersions
     * handshakes overlap other work. Does nothing if the connection is open or opening; a failure is not retried
     * (the first request then connects as usual).
     *
     * @param endpoint the broker
     * @param lane the connection to open
     */
    public void connect(Endpoint endpoint, Lane lane) {
        if (closing || !submissions.offer(new Submission(endpoint, lane, null))) {
            return;
        }
        wakeIoThread();
    }

    /** Tells the loop this client has submissions, once however many arrive before it looks. */
    private void wakeIoThread() {
        if (submitted.compareAndSet(false, true)) {
            loop.wakeup();
        }
    }

    @Override
    public CompletableFuture<ApiResponse> send(Endpoint endpoint, Lane lane, ApiRequest request, Duration timeout) {
        CompletableFuture<ApiResponse> future = new CompletableFuture<>();
        if (closing) {
            future.completeExceptionally(
                    new ClientClosedException("Network client " + config.clientId() + " is closed"));
            return future;
        }
        long now = time.monotonicMs();
        InFlightRequest r = new InFlightRequest(request, future, now + timeout.toMillis(), time.nanoseconds());
        try {
            Submission submission = new Submission(endpoint, lane, r);
            // An engine thread (an I/O loop, a client loop) serves hundreds of clients: it never waits for room.
            boolean queued = EngineThread.current()
                    ? submissions.offer(submission)
                    : submissions.offer(submission, timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!queued) {
                future.completeExceptionally(
                        new TimeoutException("Network client " + config.clientId() + ": submission queue full"
                                + (EngineThread.current() ? "" : " for " + timeout.toMillis() + " ms")));
                return future;
            }
            if (terminated && submissions.remove(submission)) {
                // Closed between the check above and the offer: nobody will drain the queue any more.
                future.completeExceptionally(
                        new ClientClosedException("Network client " + config.clientId() + " is closed"));
                return future;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            future.completeExceptionally(new KafkaException("Interrupted while submitting a request", e));
            return future;
        }
        wakeIoThread();
        return future;
    }

    /**
     * Keeps the finalized features of the newest epoch any broker reported: a broker that lags behind the metadata log
     * must not bring back an older level, and a feature finalized away (a downgrade) disappears with its epoch.
     */
    private void onHandshake(BrokerApiVersions versions) {
        FinalizedFeatures reported =
                new FinalizedFeatures(versions.finalizedFeaturesEpoch(), versions.finalizedFeatures());
        finalizedFeatures.accumulateAndGet(reported, (known, seen) -> seen.epoch() >= known.epoch() ? seen : known);
    }

    /** The finalized feature levels of one epoch. */
    private record FinalizedFeatures(long epoch, Map<String, Short> levels) {}

    /**
     * The level a cluster feature is finalized at, as the brokers this client connected to last reported it (for
     * example {@code transaction.version}, which decides between transactions V1 and V2). Any thread.
     *
     * @param feature the feature's name
     * @return its finalized level, or -1 if no broker reported it
     */
    public short finalizedFeatureLevel(String feature) {
        return finalizedFeatures.get().levels().getOrDefault(feature, (short) -1);
    }

    /** Whether submissions wait to be drained. I/O thread. */
    boolean hasSubmissions() {
        return submitted.get();
    }

    /** Moves submitted requests into their connections. I/O thread. */
    void drainSubmissions() {
        if (!submitted.getAndSet(false)) {
            return;
        }
        for (Submission s; (s = submissions.poll()) != null; ) {
            BrokerConnection c = connections.computeIfAbsent(
                    new ConnectionKey(s.endpoint(), s.lane()),
                    k -> new BrokerConnection(k.endpoint(), k.lane(), config, metrics, this::onHandshake));
            if (s.request() == null) {
                c.requestConnect();
            } else {
                c.enqueue(s.request());
            }
        }
    }

    /**
     * Moves the connections that need it forward. I/O thread.
     *
     * @return the earliest time any connection needs attention again
     */
    long pollConnections(Selector selector, long nowMs) {
        // A closing client must be looked at again when its drain time is up, whatever its connections wait for.
        long next = closing ? drainDeadlineMs : Long.MAX_VALUE;
        for (BrokerConnection c : connections.values()) {
            next = Math.min(next, c.pollIfDue(selector, nowMs));
        }
        return next;
    }

    /** Whether this client is closing and its requests are done or out of time. I/O thread. */
    boolean readyToShutDown(long nowMs) {
        return closing && (nowMs >= drainDeadlineMs || allIdle());
    }

    /** Fetches are not waited for: one may wait fetch.max.wait.ms at the broker, and nobody takes its data now. */
    private boolean allIdle() {
        return connections.entrySet().stream()
                .allMatch(e -> e.getKey().lane() == Lane.FETCH || e.getValue().isIdle());
    }

    /** Fails what is left, closes every connection and, if the loop is this client's own, stops it. I/O thread. */
    void shutdown(KafkaException cause) {
        closing = true;
        terminated = true;
        submitted.set(true);
        drainSubmissions();
        for (BrokerConnection c : connections.values()) {
            c.abort(cause);
        }
        connections.clear();
        if (ownsLoop) {
            loop.stopAfterPass();
        }
        stopped.countDown();
    }

    /**
     * Waits up to the timeout for requests in progress to finish, then closes every connection and fails what is left
     * with {@link ClientClosedException}. Requests on the {@link Lane#FETCH} lane are not waited for.
     *
     * @param timeout how long to let requests in progress finish
     */
    public void close(Duration timeout) {
        drainDeadlineMs = time.monotonicMs() + timeout.toMillis();
        closing = true;
        loop.wakeup();
        if (loop.inIoThread()) {
            return;
        }
        try {
            if (!stopped.await(timeout.toMillis() + 5_000, TimeUnit.MILLISECONDS)) {
                LOG.warn("[{}] network client did not close in time", config.clientId());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (ownsLoop) {
            loop.close();
        }
    }

    /** Closes at once, failing requests in progress. */
    @Override
    public void close() {
        close(Duration.ZERO);
    }
}
