package io.kanal.runtime.worker;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The leader's zombie-fencing rounds ({@link ZombieFencing}), run off the threads that ask for them (REST request
 * threads for {@code PUT /connectors/<c>/fence}, task threads on the leader): rounds of different connectors run at the
 * same time, so one connector's slow round (retrying for up to its deadline) delays no other's; rounds of one connector
 * run one after the other. A request made while its connector's round runs is served by the next round, which starts
 * when the running one ends and serves every request made in the meantime: a round reads the config topic when it
 * starts, so a round that started before the request may have missed the task configs the requester runs with.
 * Connect likewise runs the rounds asynchronously, per connector.
 *
 * <p>Bounded: a round ends within {@link ZombieFencing}'s retry deadline plus the store's timeouts; at most {@code
 * threads} rounds run at once (more wait for a thread); each caller waits on its future with its own deadline.
 *
 * <p><b>Threading.</b> {@link #request} and {@link #close} from any thread; the per-connector state is guarded by this
 * object's monitor; rounds run on the executor's threads ({@code kanal-fencing-<worker>-<n>}), which this object owns.
 * Each caller gets its own copy of the round's future: completing or cancelling it affects no other caller.
 */
final class FencingRounds implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FencingRounds.class);

    /** How many rounds a worker runs at once by default. */
    static final int DEFAULT_THREADS = 8;

    /** How long {@link #close()} waits for the running rounds to end once their pauses are ended. */
    static final Duration CLOSE_WAIT = Duration.ofSeconds(30);

    /** A connector's rounds: the running one's future, and the one of the round after it, if asked for. */
    private static final class Rounds {
        /** The requests made while a round runs, served by the round after it; null when none. */
        CompletableFuture<FencingPlan> next;
    }

    private final ZombieFencing fencing;
    private final ExecutorService threads;
    private final Duration closeWait;

    /** The connectors with a round running (guarded by {@code this}). */
    private final Map<String, Rounds> running = new HashMap<>();

    /** Set by {@link #close} (guarded by {@code this}). */
    private boolean closed;

    /**
     * @param fencing the round
     * @param threads how many rounds may run at once
     * @param workerId the worker's id, in the threads' names
     * @param closeWait how long {@link #close()} waits for the running rounds to end
     */
    FencingRounds(ZombieFencing fencing, int threads, String workerId, Duration closeWait) {
        this.fencing = Objects.requireNonNull(fencing, "fencing");
        this.closeWait = Objects.requireNonNull(closeWait, "closeWait");
        Objects.requireNonNull(workerId, "workerId");
        AtomicInteger count = new AtomicInteger();
        ThreadPoolExecutor pool =
                new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "kanal-fencing-" + workerId + "-" + count.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        pool.allowCoreThreadTimeOut(true);
        this.threads = pool;
    }

    /**
     * Asks for a round for the connector: one that starts now, or, when one runs, the next one.
     *
     * @param connector the connector's name
     * @return this caller's copy of the round's future: completed with what the round did, or exceptionally with its
     *     {@link ZombieFencingException} or {@link io.kanal.runtime.store.StoreException}; the caller bounds its wait
     */
    CompletableFuture<FencingPlan> request(String connector) {
        Objects.requireNonNull(connector, "connector");
        CompletableFuture<FencingPlan> round = new CompletableFuture<>();
        synchronized (this) {
            if (closed) {
                return CompletableFuture.failedFuture(stopping(connector));
            }
            Rounds rounds = running.get(connector);
            if (rounds != null) {
                if (rounds.next == null) {
                    rounds.next = round;
                }
                return rounds.next.copy();
            }
            running.put(connector, new Rounds());
        }
        try {
            threads.execute(() -> run(connector, round));
        } catch (RejectedExecutionException e) {
            // Closed between the check and here: nothing runs for the connector.
            CompletableFuture<FencingPlan> next;
            synchronized (this) {
                next = running.remove(connector).next;
            }
            round.completeExceptionally(stopping(connector));
            if (next != null) {
                next.completeExceptionally(stopping(connector));
            }
        }
        return round.copy();
    }

    /** Runs the connector's rounds on this thread until no request waits for another one. */
    private void run(String connector, CompletableFuture<FencingPlan> first) {
        CompletableFuture<FencingPlan> round = first;
        while (round != null) {
            if (isClosed()) {
                round.completeExceptionally(stopping(connector));
            } else {
                try {
                    round.complete(fencing.fence(connector));
                } catch (RuntimeException e) {
                    // Handed to every caller of this round, which report it (a task fails, REST answers 500).
                    round.completeExceptionally(e);
                } catch (Error e) {
                    // The callers must not wait for a round that will never end; the thread dies of the error.
                    round.completeExceptionally(e);
                    failNext(connector, e);
                    throw e;
                }
            }
            synchronized (this) {
                Rounds rounds = running.get(connector);
                round = rounds.next;
                rounds.next = null;
                if (round == null) {
                    running.remove(connector);
                }
            }
        }
        LOG.debug("Connector '{}': no more fencing rounds asked for", connector);
    }

    /** After an error that ends this thread: the requests made meanwhile fail with it too, and later ones start anew. */
    private void failNext(String connector, Error e) {
        CompletableFuture<FencingPlan> next;
        synchronized (this) {
            next = running.remove(connector).next;
        }
        if (next != null) {
            next.completeExceptionally(e);
        }
    }

    /**
     * Whether {@link #close()} was called.
     *
     * @return true once closing
     */
    synchronized boolean isClosed() {
        return closed;
    }

    private static ZombieFencingException stopping(String connector) {
        return ZombieFencingException.stopping(connector);
    }

    /**
     * Fails the rounds not started yet (and every later request), ends the pauses of those running (they fail at once)
     * and waits, at most {@code closeWait}, for the running ones to end: the worker closes the clients and the config
     * store a round uses after this.
     */
    @Override
    public void close() {
        synchronized (this) {
            closed = true;
        }
        fencing.close();
        threads.shutdown();
        try {
            if (!threads.awaitTermination(closeWait.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn(
                        "A zombie fencing round did not end within {} ms of the worker stopping", closeWait.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
