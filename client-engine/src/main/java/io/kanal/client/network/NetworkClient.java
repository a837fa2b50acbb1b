package io.kanal.client.network;

import io.kanal.client.common.Time;
import io.kanal.client.errors.ClientClosedException;
import io.kanal.client.errors.KafkaException;
import io.kanal.client.errors.TimeoutException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.SelectionKey;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kanal's non-blocking Kafka network client. One I/O thread owns a {@link Selector} and every broker connection, one
 * per broker and {@link Lane}; it is the only writer of each socket, so the write path takes no locks. Callers submit
 * requests through a bounded queue and get a {@link CompletableFuture}.
 *
 * <p>Threading: {@link #send} and {@link #close} may be called from any thread. Returned futures complete <b>on the
 * I/O thread</b>: this class is engine-internal and its callers (producer, consumer, admin, metadata) chain only short
 * non-blocking steps and hand results to user code on their own threads or executors.
 *
 * <p>Failure semantics: a request that was written when its connection failed completes with a
 * {@link io.kanal.client.errors.NetworkException} whose {@code outcomeUnknown()} is true; one not yet written completes with
 * one whose {@code outcomeUnknown()} is false; one that saw no response within {@code request.timeout.ms} completes
 * with a {@link TimeoutException} and its connection is closed. Retrying is the caller's decision.
 */
public final class NetworkClient implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NetworkClient.class);

    private record ConnectionKey(Endpoint endpoint, Lane lane) {}

    /** A request for a connection, or with a null request, only the wish to have that connection open. */
    private record Submission(Endpoint endpoint, Lane lane, InFlightRequest request) {}

    private final NetworkConfig config;
    private final Time time;
    private final NetworkMetrics metrics;
    private final Selector selector;
    private final BlockingQueue<Submission> submissions;
    private final Map<ConnectionKey, BrokerConnection> connections = new HashMap<>();
    private final AtomicBoolean wakeupPending = new AtomicBoolean();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final Thread ioThread;
    private volatile boolean closing;
    private volatile long drainDeadlineMs = Long.MAX_VALUE;

    /**
     * Creates the client and starts its I/O thread.
     *
     * @param config network settings
     * @param metrics where to record metrics
     * @param time the clock
     */
    public NetworkClient(NetworkConfig config, NetworkMetrics metrics, Time time) {
        this.config = config;
        this.metrics = metrics;
        this.time = time;
        this.submissions = new ArrayBlockingQueue<>(config.submissionQueueCapacity());
        try {
            this.selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a selector", e);
        }
        this.ioThread = new Thread(this::run, "kanal-io-" + config.clientId());
        this.ioThread.setDaemon(true);
        this.ioThread.start();
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
     * Sends a request with the client's {@code request.timeout.ms}.
     *
     * @param endpoint the broker
     * @param lane the connection to use
     * @param request the request
     * @return the response, completed on the I/O thread
     */
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

    /** Wakes the I/O thread for a new submission, once however many arrive before it looks. */
    private void wakeIoThread() {
        if (wakeupPending.compareAndSet(false, true)) {
            selector.wakeup();
        }
    }

    /**
     * Sends a request. The timeout covers waiting for a connection, sending and the response. If the submission queue
     * is full the caller waits, up to the timeout, for room.
     *
     * @param endpoint the broker
     * @param lane the connection to use
     * @param request the request
     * @param timeout the request's timeout
     * @return the response, completed on the I/O thread
     */
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
            if (!submissions.offer(new Submission(endpoint, lane, r), timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                future.completeExceptionally(new TimeoutException("Network client " + config.clientId()
                        + ": submission queue full for " + timeout.toMillis() + " ms"));
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

    private void run() {
        try {
            while (true) {
                long now = time.monotonicMs();
                drainSubmissions();
                if (closing && (now >= drainDeadlineMs || allIdle())) {
                    break;
                }
                long next = Long.MAX_VALUE;
                for (BrokerConnection c : connections.values()) {
                    next = Math.min(next, c.poll(selector, now));
                }
                long timeout = next == Long.MAX_VALUE ? 1_000 : Math.max(0, next - now);
                if (closing) {
                    timeout = Math.min(timeout, Math.max(0, drainDeadlineMs - now));
                }
                wakeupPending.set(false);
                if (!submissions.isEmpty()) {
                    timeout = 0;
                }
                int ready = timeout == 0 ? selector.selectNow() : selector.select(timeout);
                if (ready > 0) {
                    long afterSelect = time.monotonicMs();
                    for (SelectionKey key : selector.selectedKeys()) {
                        ((BrokerConnection) key.attachment()).onSelected(afterSelect);
                    }
                    selector.selectedKeys().clear();
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.error("[{}] I/O thread failed; failing every request", config.clientId(), e);
        } finally {
            shutdown();
        }
    }

    private void drainSubmissions() {
        for (Submission s; (s = submissions.poll()) != null; ) {
            BrokerConnection c = connections.computeIfAbsent(
                    new ConnectionKey(s.endpoint(), s.lane()),
                    k -> new BrokerConnection(k.endpoint(), k.lane(), config, metrics));
            if (s.request() == null) {
                c.requestConnect();
            } else {
                c.enqueue(s.request());
            }
        }
    }

    /** Fetches are not waited for: one may wait fetch.max.wait.ms at the broker, and nobody takes its data now. */
    private boolean allIdle() {
        return connections.entrySet().stream()
                .allMatch(e -> e.getKey().lane() == Lane.FETCH || e.getValue().isIdle());
    }

    private void shutdown() {
        closing = true;
        ClientClosedException closed = new ClientClosedException("Network client " + config.clientId() + " closed");
        drainSubmissions();
        for (BrokerConnection c : connections.values()) {
            c.abort(closed);
        }
        connections.clear();
        try {
            selector.close();
        } catch (IOException e) {
            LOG.debug("[{}] error closing selector", config.clientId(), e);
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
        selector.wakeup();
        if (Thread.currentThread() == ioThread) {
            return;
        }
        try {
            if (!stopped.await(timeout.toMillis() + 5_000, TimeUnit.MILLISECONDS)) {
                LOG.warn("[{}] I/O thread did not stop in time", config.clientId());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Closes at once, failing requests in progress. */
    @Override
    public void close() {
        close(Duration.ZERO);
    }
}
