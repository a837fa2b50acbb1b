package io.kanal.runtime.api;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per-second rates of counters, over a sliding window of the values seen at scrape time (Connect's rates use a 30 s
 * window too). The record path keeps totals only; a rate costs nothing until someone asks for it. Until the window has
 * filled, the rate is over the counter's whole life (its age is known, and it started at zero).
 *
 * <p><b>Threading.</b> Any thread: the map is concurrent and each window is synchronized on itself.
 */
final class RateWindows {

    private final long windowNanos;
    private final Map<String, Window> windows = new ConcurrentHashMap<>();

    /**
     * Windows of a given length.
     *
     * @param windowNanos how far back a rate looks
     */
    RateWindows(long windowNanos) {
        this.windowNanos = windowNanos;
    }

    /**
     * The rate of a counter now.
     *
     * @param key the counter (task and metric)
     * @param nowNanos the time, monotonic
     * @param value the counter's value now
     * @param ageNanos how long the counter has been counting (from zero)
     * @return events per second
     */
    double rate(String key, long nowNanos, long value, long ageNanos) {
        return windows.computeIfAbsent(key, k -> new Window()).rate(nowNanos, value, ageNanos, windowNanos);
    }

    /**
     * Forgets the counters not seen in a collection (tasks that went away).
     *
     * @param seen the keys of the counters still there
     */
    void retain(Set<String> seen) {
        windows.keySet().retainAll(seen);
    }

    /** One counter's recent values, oldest first: each element is {@code {nanos, value}}. */
    private static final class Window {
        private final ArrayDeque<long[]> samples = new ArrayDeque<>();

        synchronized double rate(long now, long value, long age, long windowNanos) {
            long[] last = samples.peekLast();
            if (last == null || value < last[1]) {
                // First look, or the counter restarted (a new task generation): it started at zero, age ago.
                samples.clear();
                samples.addLast(new long[] {now - Math.max(0, age), 0});
            }
            long[] newest = samples.peekLast();
            if (samples.size() > 2 && now - newest[0] < windowNanos / 30) {
                // Scrapes close together share one slot: at most ~31 samples per window, however often it is asked.
                newest[0] = now;
                newest[1] = value;
            } else {
                samples.addLast(new long[] {now, value});
            }
            // Keep one sample at or before the window's start as the base.
            while (samples.size() > 2) {
                Iterator<long[]> it = samples.iterator();
                it.next();
                if (it.next()[0] > now - windowNanos) {
                    break;
                }
                samples.removeFirst();
            }
            long[] base = samples.peekFirst();
            long elapsed = now - base[0];
            return elapsed <= 0 ? 0.0 : (value - base[1]) * 1e9 / elapsed;
        }
    }
}
