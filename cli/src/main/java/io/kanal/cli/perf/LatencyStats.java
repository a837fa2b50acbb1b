package io.kanal.cli.perf;

import io.kanal.client.producer.Callback;
import java.io.PrintStream;
import java.util.Arrays;

/**
 * Throughput and latency of a perf run, reported the way Apache's {@code ProducerPerformance} reports them: a window
 * line every 5 seconds and one summary line with percentiles at the end. At most about 500,000 latencies are kept
 * (every n-th record), so memory stays bounded for long runs.
 *
 * <p>Completions arrive on the producer's sender thread while the sending thread reads nothing; the summary is read
 * after the producer is closed. The window fields are touched by the sender thread only.
 */
final class LatencyStats {
    private static final long REPORT_INTERVAL_MS = 5_000;

    private final PrintStream out;
    private final long start;
    private final int[] latencies;
    private final long sampling;
    private int index;
    private long count;
    private long bytes;
    private long maxLatency;
    private long totalLatency;
    private long windowStart;
    private long windowCount;
    private long windowMaxLatency;
    private long windowTotalLatency;
    private long windowBytes;

    LatencyStats(long numRecords, PrintStream out) {
        this.out = out;
        this.start = System.currentTimeMillis();
        this.windowStart = start;
        this.sampling = Math.max(1, numRecords / Math.max(1, Math.min(numRecords, 500_000)));
        this.latencies = new int[(int) (numRecords / sampling) + 1];
    }

    /**
     * The callback for one record.
     *
     * @param iteration the record's number
     * @param sendStartMs when it was sent
     * @param size its payload size
     * @return the callback
     */
    Callback completion(long iteration, long sendStartMs, int size) {
        return (metadata, exception) -> {
            long now = System.currentTimeMillis();
            if (exception != null) {
                out.println("record " + iteration + " failed: " + exception.getMessage());
                return;
            }
            record(iteration, (int) (now - sendStartMs), size, now);
        };
    }

    private void record(long iteration, int latency, int size, long now) {
        count++;
        bytes += size;
        totalLatency += latency;
        maxLatency = Math.max(maxLatency, latency);
        windowCount++;
        windowBytes += size;
        windowTotalLatency += latency;
        windowMaxLatency = Math.max(windowMaxLatency, latency);
        if (iteration % sampling == 0 && index < latencies.length) {
            latencies[index++] = latency;
        }
        if (now - windowStart >= REPORT_INTERVAL_MS) {
            double seconds = (now - windowStart) / 1000.0;
            out.printf(
                    "%d records sent, %.1f records/sec (%.2f MB/sec), %.1f ms avg latency, %.1f ms max latency.%n",
                    windowCount,
                    windowCount / seconds,
                    windowBytes / seconds / (1024.0 * 1024.0),
                    windowTotalLatency / (double) windowCount,
                    (double) windowMaxLatency);
            windowStart = now;
            windowCount = 0;
            windowBytes = 0;
            windowTotalLatency = 0;
            windowMaxLatency = 0;
        }
    }

    /** Records acknowledged so far; read after the producer is closed. */
    long count() {
        return count;
    }

    /** Prints the summary line of Apache's tool. */
    void printTotal() {
        long elapsed = Math.max(1, System.currentTimeMillis() - start);
        double perSecond = 1000.0 * count / elapsed;
        double mbPerSecond = 1000.0 * bytes / elapsed / (1024.0 * 1024.0);
        int[] sorted = Arrays.copyOf(latencies, index);
        Arrays.sort(sorted);
        out.printf(
                "%d records sent, %f records/sec (%.2f MB/sec), %.2f ms avg latency, %.2f ms max latency,"
                        + " %d ms 50th, %d ms 95th, %d ms 99th, %d ms 99.9th.%n",
                count,
                perSecond,
                mbPerSecond,
                count == 0 ? 0.0 : totalLatency / (double) count,
                (double) maxLatency,
                percentile(sorted, 0.5),
                percentile(sorted, 0.95),
                percentile(sorted, 0.99),
                percentile(sorted, 0.999));
    }

    private static int percentile(int[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[Math.min(sorted.length - 1, (int) (p * sorted.length))];
    }
}
