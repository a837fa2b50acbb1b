package io.kanal.client.network;

import io.kanal.client.common.Time;
import io.kanal.client.common.internals.EngineThread;
import io.kanal.client.errors.ClientClosedException;
import io.kanal.client.errors.KafkaException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One I/O thread and its {@link Selector}, serving the broker connections of any number of {@link NetworkClient}s:
 * a client on its own has a loop of its own, while the clients of one {@code ClientResources} share a few. The thread
 * is the only one that touches a client's connections, so the write path takes no locks.
 *
 * <p>Each pass drains the submissions of the clients that have some, polls the connections that were touched or whose
 * deadline came (connections cache their next deadline, so an idle connection costs a comparison per pass, not a
 * walk of its queues), shuts down clients that are closing, and selects until the earliest deadline or a wakeup.
 *
 * <p>Thread-safe entry points: {@link #wakeup()}, {@link #close()} and the registration done by
 * {@link NetworkClient}'s constructor. Everything else runs on the loop's thread.
 */
public final class IoLoop implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(IoLoop.class);

    private final String name;
    private final Time time;
    private final Selector selector;
    private final Thread thread;
    private final ConcurrentLinkedQueue<NetworkClient> joining = new ConcurrentLinkedQueue<>();
    private final List<NetworkClient> clients = new ArrayList<>();
    private final AtomicBoolean wakeupPending = new AtomicBoolean();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean stopping;

    /**
     * Opens the selector and starts the thread, named {@code kanal-io-<name>}.
     *
     * @param name the thread's name suffix
     * @param time the clock
     */
    public IoLoop(String name, Time time) {
        this.name = name;
        this.time = time;
        try {
            this.selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a selector", e);
        }
        this.thread = new EngineThread(this::run, "kanal-io-" + name);
        this.thread.start();
    }

    /** Marks the loop for stopping from its own thread, after its last client left. */
    void stopAfterPass() {
        stopping = true;
    }

    void register(NetworkClient client) {
        joining.add(client);
        // The loop may have stopped between a check and the add: then nobody would ever shut this client down.
        if (stopping && joining.remove(client)) {
            throw new ClientClosedException("I/O loop " + name + " is closed");
        }
        wakeup();
    }

    /** Wakes the thread, once however many calls arrive before it looks. Any thread. */
    void wakeup() {
        if (wakeupPending.compareAndSet(false, true)) {
            selector.wakeup();
        }
    }

    /**
     * Whether the caller is this loop's thread, where waiting for network work would deadlock.
     *
     * @return true on the I/O thread
     */
    public boolean inIoThread() {
        return Thread.currentThread() == thread;
    }

    private void run() {
        try {
            while (true) {
                // Cleared before the pass, not after it: a wakeup that arrives during the pass (a client closing
                // right after another, a submission) must reach the selector, or the select below sleeps until the
                // next connection deadline and the caller waits for nothing.
                wakeupPending.set(false);
                long now = time.monotonicMs();
                for (NetworkClient c; (c = joining.poll()) != null; ) {
                    clients.add(c);
                }
                long next = Long.MAX_VALUE;
                for (int i = 0; i < clients.size(); i++) {
                    NetworkClient c = clients.get(i);
                    long clientNext = pass(c, now);
                    if (clientNext < 0) {
                        clients.remove(i--);
                    } else {
                        next = Math.min(next, clientNext);
                    }
                }
                if (stopping) {
                    break;
                }
                long timeout = next == Long.MAX_VALUE ? 1_000 : Math.max(0, next - now);
                if (!joining.isEmpty() || anySubmissions()) {
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
            LOG.error("[{}] I/O thread failed; failing every request of its clients", name, e);
        } finally {
            shutdown();
        }
    }

    /** One client's part of a pass; returns its next deadline, or -1 once it is shut down and may leave. */
    private long pass(NetworkClient c, long now) {
        try {
            c.drainSubmissions();
            if (c.readyToShutDown(now)) {
                c.shutdown(
                        new ClientClosedException("Network client " + c.config().clientId() + " closed"));
                return -1;
            }
            return c.pollConnections(selector, now);
        } catch (RuntimeException e) {
            // A bug in one client's connection handling fails that client, not every client of the loop.
            LOG.error(
                    "[{}] network client {} failed; failing its requests",
                    name,
                    c.config().clientId(),
                    e);
            c.shutdown(new KafkaException("Network client " + c.config().clientId() + " failed: " + e, e));
            return -1;
        }
    }

    private boolean anySubmissions() {
        for (NetworkClient c : clients) {
            if (c.hasSubmissions()) {
                return true;
            }
        }
        return false;
    }

    private void shutdown() {
        stopping = true;
        for (NetworkClient c; (c = joining.poll()) != null; ) {
            clients.add(c);
        }
        for (NetworkClient c : clients) {
            c.shutdown(new ClientClosedException("I/O loop " + name + " closed"));
        }
        clients.clear();
        try {
            selector.close();
        } catch (IOException e) {
            LOG.debug("[{}] error closing selector", name, e);
        }
        stopped.countDown();
    }

    /**
     * Stops the thread; clients still open on it are failed with {@link ClientClosedException} (close them first to
     * let their requests finish). Waits up to five seconds for the thread, unless called on it.
     */
    @Override
    public void close() {
        stopping = true;
        selector.wakeup();
        if (inIoThread()) {
            return;
        }
        try {
            if (!stopped.await(5, TimeUnit.SECONDS)) {
                LOG.warn("[{}] I/O thread did not stop in time", name);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "IoLoop[" + name + "]";
    }
}
