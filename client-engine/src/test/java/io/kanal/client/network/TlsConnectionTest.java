package io.kanal.client.network;

import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.MetricRegistry;
import io.kanal.client.Endpoint;
import io.kanal.client.common.Time;
import io.kanal.client.errors.SslAuthenticationException;
import io.kanal.client.errors.SslAuthenticationException.Reason;
import io.kanal.client.protocol.ApiKey;
import io.kanal.client.protocol.message.MetadataRequest;
import io.kanal.testkit.tls.TestCertificateAuthority;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS through the real I/O loop against scripted TCP peers: a peer that answers the ClientHello with garbage and one
 * that says nothing fail cleanly and quickly, and a failed handshake is not retried in a storm.
 */
class TlsConnectionTest {
    @TempDir
    static Path directory;

    static TestCertificateAuthority ca;

    private final List<AutoCloseable> closing = new java.util.concurrent.CopyOnWriteArrayList<>();

    @BeforeAll
    static void authority() throws IOException {
        ca = TestCertificateAuthority.create(Files.createDirectory(directory.resolve("ca")), "test CA");
    }

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : closing) {
            c.close();
        }
    }

    /** A loopback peer on its own thread that counts connections and answers a ClientHello with garbage or silence. */
    private Endpoint peer(AtomicInteger accepted, boolean answerWithGarbage) throws IOException {
        ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        closing.add(server);
        Thread thread = new Thread(
                () -> {
                    while (!server.isClosed()) {
                        try {
                            Socket socket = server.accept();
                            closing.add(socket);
                            accepted.incrementAndGet();
                            InputStream in = socket.getInputStream();
                            byte[] hello = new byte[5];
                            if (in.readNBytes(hello, 0, 5) == 5 && answerWithGarbage) {
                                OutputStream out = socket.getOutputStream();
                                out.write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n"
                                        .repeat(20)
                                        .getBytes(StandardCharsets.US_ASCII));
                                out.flush();
                            }
                        } catch (IOException e) {
                            // The test closed the server socket: the peer's job is over.
                            return;
                        }
                    }
                },
                "hostile-tls-peer");
        thread.setDaemon(true);
        thread.start();
        return new Endpoint(-1, "127.0.0.1", server.getLocalPort());
    }

    private NetworkClient client(int setupTimeoutMs) {
        NetworkConfig config = new NetworkConfig(
                        "tls-test", 30_000, setupTimeoutMs, 10, 1_000, 540_000, 5, 1024 * 1024, -1, -1, 4096)
                .withSecurity(new TransportSecurity(SecurityProtocol.SSL, TlsChannelTest.clientConfig(ca)));
        NetworkClient client = new NetworkClient(config, new NetworkMetrics(new MetricRegistry()), Time.SYSTEM);
        closing.add(0, client);
        return client;
    }

    private static CompletableFuture<ApiResponse> metadata(NetworkClient client, Endpoint endpoint) {
        return client.send(endpoint, Lane.GENERAL, ApiRequest.of(ApiKey.METADATA, v -> MetadataRequest.builder()
                .topics(List.of())
                .build()));
    }

    private static Throwable failure(CompletableFuture<?> future) throws Exception {
        try {
            future.get(20, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return e.getCause();
        }
        throw new AssertionError("the request succeeded");
    }

    @Test
    void garbageAfterTheClientHelloFailsTheRequestsWithATypedErrorAndNoRetryStorm() throws Exception {
        AtomicInteger accepted = new AtomicInteger();
        Endpoint hostile = peer(accepted, true);
        NetworkClient client = client(10_000);

        long start = System.nanoTime();
        Throwable first = failure(metadata(client, hostile));
        assertThat(first)
                .isInstanceOfSatisfying(SslAuthenticationException.class, e -> assertThat(e.reason())
                        .isEqualTo(Reason.HANDSHAKE_FAILURE))
                .hasMessageContaining("TLS handshake with " + hostile + " failed");
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(5_000);

        // Twenty more requests fail at once with the same failure, as after a refused SASL login: the next attempt
        // waits at least AuthenticationRefusals.INITIAL_MS (with a 10 ms first back-off a retried network error would
        // have made several connections by then), and no request sits until its timeout meanwhile.
        List<CompletableFuture<ApiResponse>> more = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            more.add(metadata(client, hostile));
        }
        for (CompletableFuture<ApiResponse> f : more) {
            assertThat(failure(f)).isSameAs(first);
        }
        assertThat(accepted.get()).isEqualTo(1);
    }

    @Test
    void aPeerThatNeverAnswersTheClientHelloTimesOutAtTheSetupTimeout() throws Exception {
        AtomicInteger accepted = new AtomicInteger();
        Endpoint silent = peer(accepted, false);
        NetworkClient client = client(500);

        long start = System.nanoTime();
        Throwable failure = failure(metadata(client, silent));
        assertThat(failure).isInstanceOf(io.kanal.client.errors.NetworkException.class);
        assertThat(failure.getMessage()).contains("not set up", "within 500 ms");
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(10_000);
        assertThat(accepted.get()).isPositive();
    }
}
