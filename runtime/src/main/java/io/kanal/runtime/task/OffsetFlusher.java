package io.kanal.runtime.task;

import io.kanal.runtime.invoke.Owner;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The at-least-once offset flush of a source task: every {@code offset.flush.interval.ms} (and on stop), the offsets
 * the {@link OffsetTracker} says are committable go to the offset store, waiting at most {@code
 * offset.flush.timeout.ms}. A failed write is logged and its offsets are written again with the next flush (newer
 * offsets of a partition win), as Connect does.
 *
 * <p>Threading: owned by the task thread, which calls every method.
 */
final class OffsetFlusher {

    private static final Logger LOG = LoggerFactory.getLogger(OffsetFlusher.class);

    private final Owner owner;
    private final SourceOffsetStore store;
    private final OffsetTracker tracker;
    private final TaskMetrics metrics;
    private final long intervalMs;
    private final long timeoutMs;
    private final LongSupplier clockMs;
    private long nextFlushMs;

    /** Offsets whose write failed, written with the next flush. */
    private Map<Map<String, ?>, Map<String, ?>> unwritten;

    OffsetFlusher(
            Owner owner,
            SourceOffsetStore store,
            OffsetTracker tracker,
            TaskMetrics metrics,
            long intervalMs,
            long timeoutMs,
            LongSupplier clockMs) {
        this.owner = owner;
        this.store = store;
        this.tracker = tracker;
        this.metrics = metrics;
        this.intervalMs = intervalMs;
        this.timeoutMs = timeoutMs;
        this.clockMs = clockMs;
        this.nextFlushMs = clockMs.getAsLong() + intervalMs;
    }

    /**
     * Whether a flush is due.
     *
     * @return whether the interval has passed since the last flush
     */
    boolean due() {
        return clockMs.getAsLong() >= nextFlushMs;
    }

    /**
     * Writes the committable offsets (and any a failed flush left).
     *
     * @return whether offsets were written (the task's {@code commit()} is then due)
     * @throws CancellationException when interrupted while writing
     */
    boolean flush() {
        nextFlushMs = clockMs.getAsLong() + intervalMs;
        Map<Map<String, ?>, Map<String, ?>> offsets = new LinkedHashMap<>();
        if (unwritten != null) {
            offsets.putAll(unwritten);
            unwritten = null;
        }
        offsets.putAll(tracker.committable());
        if (offsets.isEmpty()) {
            return false;
        }
        long start = metrics.nanoTime();
        try {
            store.write(offsets).get(timeoutMs, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            unwritten = offsets;
            throw new CancellationException("interrupted while writing offsets");
        } catch (ExecutionException | TimeoutException e) {
            metrics.commit(false, metrics.nanoTime() - start);
            LOG.error("[{}] writing source offsets failed; retrying with the next flush", owner, e);
            unwritten = offsets;
            return false;
        }
        metrics.commit(true, metrics.nanoTime() - start);
        return true;
    }
}
