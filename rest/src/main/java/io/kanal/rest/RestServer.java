package io.kanal.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kanal.runtime.api.ApiModel.ServerInfo;
import io.kanal.runtime.api.ApiServices;
import io.kanal.runtime.api.ConnectorService;
import io.kanal.runtime.api.HealthService;
import io.kanal.runtime.api.OffsetService;
import io.kanal.runtime.api.PluginService;
import io.kanal.runtime.api.TopicService;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.glassfish.jersey.internal.inject.AbstractBinder;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.server.ServerProperties;
import org.glassfish.jersey.servlet.ServletContainer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker's HTTP server: Connect's REST API on every {@code listeners} entry (default {@code http://:8083}; port 0
 * binds an ephemeral port, which {@link #uris()} reports).
 *
 * <p><b>Threading.</b> {@link #start()} and {@link #stop()} are called by the owner, one at a time; {@link #uris()} is
 * safe from any thread after {@link #start()} returned. Requests run on Jetty's pool.
 */
public final class RestServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RestServer.class);

    /** Connect's key: comma-separated {@code http://host:port} listeners. */
    public static final String LISTENERS = "listeners";
    /** Connect's default listener. */
    public static final String DEFAULT_LISTENERS = "http://:8083";
    /** How long {@link #stop()} lets in-flight requests finish. */
    public static final long GRACEFUL_STOP_MS = 30_000;

    private final Server server;
    private final List<ServerConnector> connectors = new ArrayList<>();
    private final List<URI> listeners;
    private volatile List<URI> bound = List.of();

    /**
     * Assembles the server; nothing listens until {@link #start()}.
     *
     * @param workerConfig the worker's config, from which {@code listeners} is read
     * @param services the services the API serves
     * @throws IllegalArgumentException naming {@code listeners} when an entry is not an {@code http://} URL
     */
    public RestServer(Map<String, String> workerConfig, ApiServices services) {
        Objects.requireNonNull(services, "services");
        this.listeners = parseListeners(workerConfig.getOrDefault(LISTENERS, DEFAULT_LISTENERS));
        this.server = new Server();
        for (URI listener : listeners) {
            ServerConnector connector = new ServerConnector(server);
            connector.setHost(listener.getHost());
            connector.setPort(listener.getPort() < 0 ? 8083 : listener.getPort());
            server.addConnector(connector);
            connectors.add(connector);
        }
        ObjectMapper mapper = Json.mapper();
        ResourceConfig app = new ResourceConfig()
                .register(new AbstractBinder() {
                    @Override
                    protected void configure() {
                        bind(services.server()).to(ServerInfo.class);
                        bind(services.connectors()).to(ConnectorService.class);
                        bind(services.plugins()).to(PluginService.class);
                        bind(services.offsets()).to(OffsetService.class);
                        bind(services.topics()).to(TopicService.class);
                        bind(services.health()).to(HealthService.class);
                    }
                })
                .register(RootResource.class)
                .register(ConnectorsResource.class)
                .register(ConnectorPluginsResource.class)
                .register(OffsetsResource.class)
                .register(TopicsResource.class)
                .register(HealthResource.class)
                .register(new JsonProvider(mapper))
                .register(new ErrorMapper())
                .property(ServerProperties.WADL_FEATURE_DISABLE, true)
                .property(ServerProperties.RESPONSE_SET_STATUS_OVER_SEND_ERROR, true);
        ServletContextHandler context = new ServletContextHandler("/");
        context.addServlet(new ServletHolder(new ServletContainer(app)), "/*");
        server.setHandler(new GracefulHandler(context));
        server.setErrorHandler(new JsonErrorHandler(mapper));
        server.setStopTimeout(GRACEFUL_STOP_MS);
    }

    /**
     * Binds every listener and starts serving.
     *
     * @throws IllegalStateException when a listener cannot bind, naming it
     */
    public void start() {
        try {
            server.start();
        } catch (Exception e) {
            try {
                server.stop();
            } catch (Exception suppressed) {
                e.addSuppressed(suppressed);
            }
            throw new IllegalStateException("REST server could not start on " + listeners + ": " + e.getMessage(), e);
        }
        List<URI> uris = new ArrayList<>();
        for (ServerConnector c : connectors) {
            String host = c.getHost() == null || c.getHost().isEmpty() ? "localhost" : c.getHost();
            uris.add(URI.create("http://" + host + ":" + c.getLocalPort() + "/"));
        }
        bound = List.copyOf(uris);
        LOG.info("REST server listening on {}", bound);
    }

    /**
     * The URLs the server listens on, with the real port where {@code 0} was configured.
     *
     * @return one URL per listener; empty before {@link #start()}
     */
    public List<URI> uris() {
        return bound;
    }

    /**
     * The first listener's URL.
     *
     * @return the URL
     * @throws IllegalStateException before {@link #start()}
     */
    public URI uri() {
        List<URI> now = bound;
        if (now.isEmpty()) {
            throw new IllegalStateException("the REST server is not started");
        }
        return now.get(0);
    }

    /** Stops accepting requests, lets in-flight ones finish (up to {@link #GRACEFUL_STOP_MS}) and stops. Idempotent. */
    public void stop() {
        try {
            server.stop();
        } catch (Exception e) {
            LOG.warn("REST server did not stop cleanly", e);
        }
    }

    /** Same as {@link #stop()}. */
    @Override
    public void close() {
        stop();
    }

    /** Parses Connect's {@code listeners}: comma-separated {@code http://[host]:port} entries. */
    static List<URI> parseListeners(String value) {
        List<URI> out = new ArrayList<>();
        for (String raw : value.split(",")) {
            String entry = raw.trim();
            if (entry.isEmpty()) {
                continue;
            }
            URI uri;
            try {
                // "http://:8083" has no host, which java.net.URI accepts only as a server-based authority with one.
                uri = URI.create(entry.replaceFirst("://:", "://0.0.0.0:"));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(
                        "Invalid value " + entry + " for configuration " + LISTENERS + ": not a URL", e);
            }
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http")) {
                throw new IllegalArgumentException("Invalid value " + entry + " for configuration " + LISTENERS
                        + ": only http:// listeners are supported so far");
            }
            if (uri.getHost() == null) {
                throw new IllegalArgumentException(
                        "Invalid value " + entry + " for configuration " + LISTENERS + ": no host or port");
            }
            out.add(uri);
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("Configuration " + LISTENERS + " names no listener");
        }
        return List.copyOf(out);
    }
}
