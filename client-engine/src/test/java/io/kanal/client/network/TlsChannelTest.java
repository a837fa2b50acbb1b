package io.kanal.client.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kanal.client.config.CommonClientConfigs;
import io.kanal.client.errors.SslAuthenticationException;
import io.kanal.client.errors.SslAuthenticationException.Reason;
import io.kanal.testkit.tls.TestCertificateAuthority;
import io.kanal.testkit.tls.TestCertificateAuthority.Identity;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link TlsChannel} against a server engine over an in-memory pipe: records cut into pieces, full sockets, buffers
 * smaller and larger than a record, handshake failures, renegotiation and close_notify. No sockets, no threads.
 */
class TlsChannelTest {
    @TempDir
    static Path directory;

    static TestCertificateAuthority ca;
    static TestCertificateAuthority otherCa;
    static Identity server;
    static Identity serverWithoutLocalhost;
    static Identity expiredServer;

    @BeforeAll
    static void certificates() throws IOException {
        ca = TestCertificateAuthority.create(Files.createDirectory(directory.resolve("ca")), "test CA");
        otherCa = TestCertificateAuthority.create(Files.createDirectory(directory.resolve("other")), "other CA");
        server = ca.issue("server", List.of("dns:localhost", "ip:127.0.0.1"));
        serverWithoutLocalhost = ca.issue("elsewhere", List.of("dns:elsewhere.example"));
        expiredServer = ca.issueExpired("expired", List.of("dns:localhost", "ip:127.0.0.1"));
    }

    static TlsConfig clientConfig(TestCertificateAuthority trusted, String... extra) {
        Map<String, Object> c = new HashMap<>();
        c.put("bootstrap.servers", "localhost:9092");
        c.put("security.protocol", "SSL");
        c.put("ssl.truststore.type", "PKCS12");
        c.put("ssl.truststore.location", trusted.trustStore().toString());
        c.put("ssl.truststore.password", trusted.password());
        for (int i = 0; i < extra.length; i += 2) {
            c.put(extra[i], extra[i + 1]);
        }
        return TlsContexts.from(CommonClientConfigs.SPEC.parse(c)).tls();
    }

    static SSLEngine serverEngine(Identity identity, String protocol) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(identity.keyStore())) {
            store.load(in, identity.password().toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(store, identity.password().toCharArray());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), null, null);
        SSLEngine engine = context.createSSLEngine();
        engine.setUseClientMode(false);
        SSLParameters parameters = engine.getSSLParameters();
        parameters.setProtocols(new String[] {protocol});
        engine.setSSLParameters(parameters);
        return engine;
    }

    /** Drives both handshakes in turn until both are done. */
    static void handshake(TlsChannel client, TlsChannel server) throws IOException {
        for (int i = 0; i < 100_000; i++) {
            boolean c = client.handshake();
            boolean s = server.handshake();
            if (c && s) {
                return;
            }
            // A side that is done reads, as its connection would: post-handshake messages (a TLS 1.3 session ticket)
            // may still be on the way, and a small pipe holds them until they are read.
            if (c) {
                assertThat(client.read(ByteBuffer.allocate(1))).isZero();
            }
            if (s) {
                assertThat(server.read(ByteBuffer.allocate(1))).isZero();
            }
        }
        throw new AssertionError("handshake did not finish");
    }

    record Pair(MemoryPipe pipe, TlsChannel client, TlsChannel server, SSLEngine serverEngine) {}

    static Pair connected(int maxRead, int capacity, String protocol) throws Exception {
        MemoryPipe pipe = new MemoryPipe(maxRead, capacity);
        TlsChannel client = new TlsChannel(pipe.a, clientConfig(ca).newEngine("localhost", 9092), "broker");
        SSLEngine engine = serverEngine(server, protocol);
        TlsChannel srv = new TlsChannel(pipe.b, engine, "client");
        handshake(client, srv);
        return new Pair(pipe, client, srv, engine);
    }

    /** Writes everything from one side while the other reads into buffers of {@code readSize}, until all arrived. */
    static byte[] transfer(TlsChannel from, TlsChannel to, ByteBuffer[] parts, int total, int readSize)
            throws IOException {
        ByteBuffer received = ByteBuffer.allocate(total);
        ByteBuffer chunk = ByteBuffer.allocate(readSize);
        for (int i = 0; i < 1_000_000 && received.hasRemaining(); i++) {
            from.write(parts);
            from.flush();
            chunk.clear();
            int n = to.read(chunk);
            assertThat(n).isGreaterThanOrEqualTo(0);
            received.put(chunk.flip());
        }
        assertThat(received.hasRemaining()).as("all bytes arrived").isFalse();
        return received.array();
    }

    @ParameterizedTest(name = "{3}: reads of at most {0} bytes, {1} bytes in flight, read buffer {2}")
    @CsvSource({
        "1, 100, 7, TLSv1.3",
        "7, 3000, 100000, TLSv1.3",
        "16000, 40000, 5, TLSv1.2",
        "100000, 1000000, 1000000, TLSv1.2",
        "333, 17000, 40000, TLSv1.3"
    })
    void gatheredWritesArriveWholeThroughPartialRecordsAndFullSockets(
            int maxRead, int capacity, int readSize, String protocol) throws Exception {
        Pair p = connected(maxRead, capacity, protocol);
        Random random = new Random(maxRead);
        byte[][] data = {new byte[5], new byte[70_000], new byte[1], new byte[16_500], new byte[130_000]};
        ByteBuffer[] parts = new ByteBuffer[data.length];
        int total = 0;
        for (int i = 0; i < data.length; i++) {
            random.nextBytes(data[i]);
            parts[i] = ByteBuffer.wrap(data[i]);
            total += data[i].length;
        }
        byte[] received = transfer(p.client(), p.server(), parts, total, readSize);

        ByteBuffer expected = ByteBuffer.allocate(total);
        for (byte[] d : data) {
            expected.put(d);
        }
        assertThat(received).isEqualTo(expected.array());
        assertThat(p.client().hasPendingWrites()).isFalse();

        // And back: responses larger and smaller than a record.
        byte[] response = new byte[50_001];
        random.nextBytes(response);
        assertThat(transfer(p.server(), p.client(), new ByteBuffer[] {ByteBuffer.wrap(response)}, 50_001, readSize))
                .isEqualTo(response);
    }

    @Test
    void aWriteReportsConsumedBytesAndKeepsWhatTheSocketRefused() throws Exception {
        Pair p = connected(1_000_000, 1_000, "TLSv1.3");
        ByteBuffer big = ByteBuffer.allocate(100_000);
        long consumed = p.client().write(new ByteBuffer[] {big});
        assertThat(consumed).isPositive().isLessThan(100_000);
        assertThat(p.client().hasPendingWrites())
                .as("encrypted bytes wait for the socket")
                .isTrue();
        assertThat(p.client().flush()).isFalse();
    }

    @Test
    void garbageAfterTheClientHelloIsATypedHandshakeFailure() throws Exception {
        MemoryPipe pipe = new MemoryPipe(1_000_000, 1_000_000);
        TlsChannel client = new TlsChannel(pipe.a, clientConfig(ca).newEngine("localhost", 9092), "hostile");
        assertThat(client.handshake()).isFalse();
        assertThat(pipe.drainFromA()).as("a ClientHello").isNotEmpty();
        pipe.injectForA("HTTP/1.1 400 Bad Request\r\n\r\nnot TLS at all, not TLS at all".getBytes());

        assertThatThrownBy(client::handshake)
                .isInstanceOfSatisfying(SslAuthenticationException.class, e -> assertThat(e.reason())
                        .isEqualTo(Reason.HANDSHAKE_FAILURE))
                .hasMessageContaining("TLS handshake with hostile failed");
    }

    @Test
    void aCertificateFromAnotherAuthorityIsUntrusted() throws Exception {
        MemoryPipe pipe = new MemoryPipe(1_000_000, 1_000_000);
        TlsChannel client = new TlsChannel(pipe.a, clientConfig(otherCa).newEngine("localhost", 9092), "broker");
        TlsChannel srv = new TlsChannel(pipe.b, serverEngine(server, "TLSv1.3"), "client");
        assertThatThrownBy(() -> handshake(client, srv))
                .isInstanceOfSatisfying(SslAuthenticationException.class, e -> assertThat(e.reason())
                        .isEqualTo(Reason.UNTRUSTED_CERTIFICATE))
                .hasMessageContaining("not signed by a trusted authority");
    }

    @Test
    void anExpiredCertificateFromATrustedAuthorityIsRefusedAsExpired() throws Exception {
        MemoryPipe pipe = new MemoryPipe(1_000_000, 1_000_000);
        TlsChannel client = new TlsChannel(pipe.a, clientConfig(ca).newEngine("localhost", 9092), "broker");
        TlsChannel srv = new TlsChannel(pipe.b, serverEngine(expiredServer, "TLSv1.3"), "client");
        assertThatThrownBy(() -> handshake(client, srv))
                .isInstanceOfSatisfying(SslAuthenticationException.class, e -> assertThat(e.reason())
                        .isEqualTo(Reason.CERTIFICATE_EXPIRED))
                .hasMessageContaining("expired");
    }

    @Test
    void aCertificateWithoutTheHostNameIsRefusedUnlessIdentificationIsOff() throws Exception {
        MemoryPipe pipe = new MemoryPipe(1_000_000, 1_000_000);
        TlsChannel client = new TlsChannel(pipe.a, clientConfig(ca).newEngine("localhost", 9092), "broker");
        TlsChannel srv = new TlsChannel(pipe.b, serverEngine(serverWithoutLocalhost, "TLSv1.3"), "client");
        assertThatThrownBy(() -> handshake(client, srv))
                .isInstanceOfSatisfying(SslAuthenticationException.class, e -> assertThat(e.reason())
                        .isEqualTo(Reason.HOST_NAME_MISMATCH))
                .hasMessageContaining("does not name the host");

        MemoryPipe pipe2 = new MemoryPipe(1_000_000, 1_000_000);
        TlsChannel unchecked = new TlsChannel(
                pipe2.a,
                clientConfig(ca, "ssl.endpoint.identification.algorithm", "").newEngine("localhost", 9092),
                "broker");
        handshake(unchecked, new TlsChannel(pipe2.b, serverEngine(serverWithoutLocalhost, "TLSv1.3"), "client"));
    }

    @Test
    void renegotiationAskedByTheServerIsRefused() throws Exception {
        Pair p = connected(1_000_000, 1_000_000, "TLSv1.2");
        p.serverEngine().beginHandshake();
        ByteBuffer helloRequest =
                ByteBuffer.allocate(p.serverEngine().getSession().getPacketBufferSize());
        p.serverEngine().wrap(ByteBuffer.allocate(0), helloRequest);
        byte[] bytes = new byte[helloRequest.flip().remaining()];
        helloRequest.get(bytes);
        p.pipe().injectForA(bytes);
        assertThatThrownBy(() -> p.client().read(ByteBuffer.allocate(100)))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("renegotiation");
    }

    @Test
    void closeSendsCloseNotify() throws Exception {
        Pair p = connected(1_000_000, 1_000_000, "TLSv1.3");
        p.client().close();
        assertThat(p.pipe().pendingForB()).isPositive();
        assertThat(p.server().read(ByteBuffer.allocate(100)))
                .as("the server sees the end")
                .isEqualTo(-1);
    }
}
