package io.kanal.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.LockSupport;

/**
 * An open-loop HTTP load driver for a worker's REST API: GET requests at a fixed rate, each latency measured from the
 * request's <em>intended</em> send time, so that a slow answer that delays later sends shows in their latencies too
 * (no coordinated omission). Requests are sent asynchronously: a slow answer never holds back the schedule.
 *
 * <p>Prints the latency percentiles of the measured window (after an unmeasured warm-up at the same rate), the
 * answers that were not 200, and how late the scheduler itself was; the last line is {@code rest p99 ms: <p99>}.
 *
 * <p>Usage: {@code java -cp benchmarks.jar io.kanal.bench.RestLoad --url http://host:port/ --paths
 * connectors/a/status,connectors/b/status [--rate 1000] [--warmup-s 5] [--duration-s 30]}. The paths are requested in
 * turn.
 *
 * <p>Threading: one scheduling thread sends; the HTTP client's threads complete the requests and write each latency
 * into its own slot; the slots are read after every request has completed.
 */
public final class RestLoad {
    private RestLoad() {}

    /** One request's outcome: its latency from the intended send time, and its HTTP status (-1: no answer). */
    private record Outcome(long latencyNs, int status) {}

    /**
     * Runs the load and prints the figures.
     *
     * @param args see the class documentation
     * @throws Exception if the run cannot start
     */
    public static void main(String[] args) throws Exception {
        URI base = null;
        List<String> paths = new ArrayList<>();
        int rate = 1000;
        int warmupS = 5;
        int durationS = 30;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--url" -> base = URI.create(args[++i]);
                case "--paths" -> paths.addAll(Arrays.asList(args[++i].split(",")));
                case "--rate" -> rate = Integer.parseInt(args[++i]);
                case "--warmup-s" -> warmupS = Integer.parseInt(args[++i]);
                case "--duration-s" -> durationS = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (base == null || paths.isEmpty() || rate <= 0) {
            throw new IllegalArgumentException("--url and --paths are required, --rate must be positive");
        }
        List<HttpRequest> requests = new ArrayList<>();
        for (String p : paths) {
            requests.add(HttpRequest.newBuilder(base.resolve(p))
                    .timeout(Duration.ofSeconds(10))
                    .GET()
                    .build());
        }
        ExecutorService executor = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "rest-load-http");
            t.setDaemon(true);
            return t;
        });
        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .executor(executor)
                .build();

        int warmup = warmupS * rate;
        int total = warmup + durationS * rate;
        long periodNs = 1_000_000_000L / rate;
        Outcome[] outcomes = new Outcome[total];
        CompletableFuture<?>[] pending = new CompletableFuture<?>[total];
        long maxLateNs = 0;
        long lateOver1ms = 0;
        long start = System.nanoTime() + 100_000_000L;
        for (int i = 0; i < total; i++) {
            long intended = start + i * periodNs;
            long now;
            while ((now = System.nanoTime()) < intended) {
                // The open-loop schedule: wait for the intended time, never for an earlier answer.
                LockSupport.parkNanos(intended - now);
            }
            long late = now - intended;
            if (i >= warmup) {
                maxLateNs = Math.max(maxLateNs, late);
                if (late > 1_000_000L) {
                    lateOver1ms++;
                }
            }
            int slot = i;
            pending[i] = http.sendAsync(requests.get(i % requests.size()), HttpResponse.BodyHandlers.discarding())
                    .handle((response, error) -> {
                        outcomes[slot] =
                                new Outcome(System.nanoTime() - intended, error == null ? response.statusCode() : -1);
                        return null;
                    });
        }
        CompletableFuture.allOf(pending).join();
        long elapsedNs = System.nanoTime() - start - (long) warmup * periodNs;

        long[] latencies = new long[total - warmup];
        int notOk = 0;
        for (int i = warmup; i < total; i++) {
            latencies[i - warmup] = outcomes[i].latencyNs();
            if (outcomes[i].status() != 200) {
                notOk++;
            }
        }
        Arrays.sort(latencies);
        System.out.printf(
                Locale.ROOT,
                "%d requests at %d/s over %d s (after %d s warm-up) to %d path(s) of %s; not 200: %d%n",
                latencies.length,
                rate,
                durationS,
                warmupS,
                requests.size(),
                base,
                notOk);
        System.out.printf(
                Locale.ROOT,
                "latency from intended send, ms: p50 %.2f  p90 %.2f  p99 %.2f  p99.9 %.2f  max %.2f%n",
                ms(percentile(latencies, 50)),
                ms(percentile(latencies, 90)),
                ms(percentile(latencies, 99)),
                ms(percentile(latencies, 99.9)),
                ms(latencies[latencies.length - 1]));
        System.out.printf(
                Locale.ROOT,
                "scheduler: %d measured sends more than 1 ms late, latest %.2f ms late; measured window %.1f s%n",
                lateOver1ms,
                ms(maxLateNs),
                elapsedNs / 1e9);
        System.out.printf(Locale.ROOT, "rest p99 ms: %.2f%n", ms(percentile(latencies, 99)));
        executor.shutdownNow();
        System.exit(notOk == 0 ? 0 : 1);
    }

    private static long percentile(long[] sorted, double p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }
}
