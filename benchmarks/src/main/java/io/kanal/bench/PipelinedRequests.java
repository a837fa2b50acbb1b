package io.kanal.bench;

import com.codahale.metrics.MetricRegistry;
import io.kanal.client.Endpoint;
import io.kanal.client.common.Time;
import io.kanal.client.network.ApiRequest;
import io.kanal.client.network.ApiResponse;
import io.kanal.client.network.Lane;
import io.kanal.client.network.NetworkClient;
import io.kanal.client.network.NetworkConfig;
import io.kanal.client.network.NetworkMetrics;
import io.kanal.client.protocol.ApiKey;
import io.kanal.client.protocol.message.ApiVersionsRequest;
import io.kanal.client.protocol.message.MetadataRequest;
import io.kanal.testkit.DevCluster;
import io.kanal.testkit.KafkaCluster;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Pipelined request round trips on one connection against a broker: requests per second and bytes allocated per
 * request (caller thread plus the client's I/O thread, from the JVM's per-thread allocation counters).
 *
 * <p>Usage: {@code java -cp benchmarks/target/benchmarks.jar io.kanal.bench.PipelinedRequests [--dev |
 * --bootstrap-server host:port] [--api ApiVersions|Metadata] [--requests N] [--window W]}
 */
public final class PipelinedRequests {
    private PipelinedRequests() {}

    /**
     * Runs the benchmark.
     *
     * @param args see the class documentation
     * @throws Exception if the broker cannot be reached
     */
    public static void main(String[] args) throws Exception {
        String bootstrap = null;
        boolean dev = false;
        String api = "ApiVersions";
        int requests = 300_000;
        int window = 50;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--dev" -> dev = true;
                case "--bootstrap-server" -> bootstrap = args[++i];
                case "--api" -> api = args[++i];
                case "--requests" -> requests = Integer.parseInt(args[++i]);
                case "--window" -> window = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        KafkaCluster cluster = dev ? DevCluster.start(1) : null;
        try {
            String servers = cluster != null ? cluster.bootstrapServers() : bootstrap;
            if (servers == null) {
                throw new IllegalArgumentException("give --dev or --bootstrap-server");
            }
            run(Endpoint.parse(-1, servers.split(",")[0]), api, requests, window);
        } finally {
            if (cluster != null) {
                cluster.close();
            }
        }
    }

    private static void run(Endpoint endpoint, String api, int requests, int window) throws Exception {
        NetworkConfig config = NetworkConfig.defaults("bench").withMaxInFlightPerConnection(window);
        ApiRequest request = api.equals("Metadata")
                ? ApiRequest.of(
                        ApiKey.METADATA,
                        v -> MetadataRequest.builder().topics(List.of()).build())
                : ApiRequest.of(ApiVersionsRequest.builder()
                        .clientSoftwareName("kanal-bench")
                        .clientSoftwareVersion("1")
                        .build());
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        try (NetworkClient client = new NetworkClient(config, new NetworkMetrics(new MetricRegistry()), Time.SYSTEM)) {
            // Warm up: connection, handshake, JIT.
            pipeline(client, endpoint, request, Math.min(requests, 50_000), window);
            long ioThread = ioThreadId(config.clientId());
            long caller = Thread.currentThread().getId();
            long allocBefore = threads.getThreadAllocatedBytes(caller) + threads.getThreadAllocatedBytes(ioThread);
            long start = System.nanoTime();
            pipeline(client, endpoint, request, requests, window);
            long nanos = System.nanoTime() - start;
            long allocAfter = threads.getThreadAllocatedBytes(caller) + threads.getThreadAllocatedBytes(ioThread);
            double perSecond = requests / (nanos / 1e9);
            System.out.printf(
                    "%s: %d requests, window %d: %.0f requests/s, %.1f us avg round trip, %d bytes allocated per"
                            + " request%n",
                    api,
                    requests,
                    window,
                    perSecond,
                    nanos / 1e3 / requests * window,
                    (allocAfter - allocBefore) / requests);
        }
    }

    private static long ioThreadId(String clientId) {
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().equals("kanal-io-" + clientId)) {
                return t.getId();
            }
        }
        throw new IllegalStateException("no I/O thread");
    }

    private static void pipeline(NetworkClient client, Endpoint endpoint, ApiRequest request, int n, int window)
            throws Exception {
        Semaphore permits = new Semaphore(window);
        CompletableFuture<ApiResponse> last = null;
        for (int i = 0; i < n; i++) {
            permits.acquire();
            last = client.send(endpoint, Lane.GENERAL, request);
            last.whenComplete((r, e) -> permits.release());
        }
        permits.acquire(window);
        if (last != null) {
            last.get(30, TimeUnit.SECONDS);
        }
    }
}
