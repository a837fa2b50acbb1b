package io.kanal.plugins.http;

import io.kanal.api.errors.PluginException;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Sends request bodies to the endpoint with the JDK's {@link HttpClient}: one connection pool per task, redirects not
 * followed (a redirected POST is not what the user configured), the configured headers, the {@code Authorization}
 * header when authentication is configured (the header is set only here and never logged), and a per-request timeout.
 *
 * <p>Threading: {@link #send} is called by the task's sender thread only; {@link #close} by the task's thread after
 * the sender has ended. The client's own work runs on an executor this class owns and shuts down.
 */
final class HttpTransport implements AutoCloseable {

    private final HttpSinkConfig config;
    private final ExecutorService executor;
    /** How much of a response body is read: error messages quote at most a snippet of it. */
    static final int BODY_LIMIT = 4096;

    private final HttpClient client;

    HttpTransport(HttpSinkConfig config, String threadPrefix) {
        this.config = config;
        this.executor = Executors.newCachedThreadPool(daemonThreads(threadPrefix));
        HttpClient.Builder builder = HttpClient.newBuilder()
                .executor(executor)
                .connectTimeout(config.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER);
        config.trustStore().ifPresent(store -> builder.sslContext(sslContext(store)));
        this.client = builder.build();
    }

    /**
     * Sends one body and waits for the response.
     *
     * @param body the request body
     * @return the response; its body, read on the caller's thread when asked, is the first {@value #BODY_LIMIT} bytes
     *     as text (only a snippet of it goes into the error message of a rejected batch)
     * @throws IOException on a connection error or timeout ({@link java.net.http.HttpTimeoutException})
     * @throws InterruptedException when the sender thread is interrupted (the task stops)
     */
    HttpResponse<Supplier<String>> send(byte[] body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(config.url())
                .timeout(config.requestTimeout())
                .method(config.method(), HttpRequest.BodyPublishers.ofByteArray(body))
                .header("Content-Type", config.format().contentType());
        for (HttpSinkConfig.HttpHeader header : config.headers()) {
            request.header(header.name(), header.value());
        }
        config.authorization().ifPresent(value -> request.header("Authorization", value.reveal()));
        // Bounded: an endpoint answering an error with megabytes must not cost that much memory per attempt. The
        // stream is read on the sender's thread (Supplier), not on the client's executor, which must never block.
        return client.send(
                request.build(),
                info -> HttpResponse.BodySubscribers.mapping(
                        HttpResponse.BodySubscribers.ofInputStream(), in -> () -> firstBytes(in)));
    }

    private static String firstBytes(InputStream in) {
        try (in) {
            return new String(in.readNBytes(BODY_LIMIT), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(response body unreadable: " + e.getClass().getSimpleName() + ")";
        }
    }

    /** Ends the client's threads: its executor here; its selector thread on a JDK whose client can be closed. */
    @Override
    public void close() {
        // shutdown, not shutdownNow: the client runs the clean-up of a request cancelled by stop (its interrupt) on
        // this executor, and a rejected clean-up leaves the client counting an operation forever, which keeps its
        // selector thread alive even once the client is unreachable. Idle workers end at once either way.
        executor.shutdown();
        // HttpClient is AutoCloseable from JDK 21; on 17 its selector thread ends once the client is unreachable.
        if (client instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                throw new PluginException("cannot close the HTTP client: " + e.getMessage(), e);
            }
        }
    }

    private static SSLContext sslContext(HttpSinkConfig.TrustStore store) {
        try (InputStream in = Files.newInputStream(Path.of(store.location()))) {
            KeyStore keyStore = KeyStore.getInstance(store.type());
            keyStore.load(
                    in, store.password().map(p -> p.reveal().toCharArray()).orElse(null));
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(keyStore);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            // The message names the file, never the password.
            throw new PluginException(
                    "cannot load the trust store " + store.location() + " (" + store.type() + "): " + e.getMessage(),
                    e);
        }
    }

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + "-client-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
