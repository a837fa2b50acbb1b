package io.kanal.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kanal.runtime.api.ApiModel.ServerInfo;
import io.kanal.runtime.api.ApiServices;
import io.kanal.runtime.api.ClusterService;
import io.kanal.runtime.api.ConnectorService;
import io.kanal.runtime.api.HealthService;
import io.kanal.runtime.api.LoggerService;
import io.kanal.runtime.api.MetricsService;
import io.kanal.runtime.api.OffsetService;
import io.kanal.runtime.api.PluginConfigService;
import io.kanal.runtime.api.PluginService;
import io.kanal.runtime.api.TopicService;
import jakarta.servlet.DispatcherType;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.CrossOriginHandler;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.glassfish.jersey.internal.inject.AbstractBinder;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.server.ServerProperties;
import org.glassfish.jersey.servlet.ServletContainer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker's HTTP server: Connect's REST API on every {@code listeners} entry (default {@code http://:8083}; port 0
 * binds an ephemeral port, which {@link #uris()} reports), http or https ({@link RestListeners}), with Connect's CORS
 * keys, a bound on request bodies ({@link BufferedBodyFilter}) and authentication with roles ({@link RestAuthFilter},
 * {@link RestAuthSettings}). In a cluster, writes that must run on the leader (or
 * on the worker running a connector) are forwarded there ({@link LeaderForwarding}).
 *
 * <p><b>Threading.</b> {@link #start()} and {@link #stop()} are called by the owner, one at a time; {@link #uris()} is
 * safe from any thread after {@link #start()} returned. Requests run on Jetty's pool.
 */
public final class RestServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RestServer.class);

    /** Connect's key: comma-separated {@code http://host:port} and {@code https://host:port} listeners. */
    public static final String LISTENERS = RestListeners.LISTENERS;
    /** Connect's key: comma-separated origins allowed to call the API from a browser; CORS is off when unset. */
    public static final String ALLOW_ORIGIN = "access.control.allow.origin";
    /** Connect's key: comma-separated methods allowed in cross-origin requests (Jetty's default: GET, POST, HEAD). */
    public static final String ALLOW_METHODS = "access.control.allow.methods";
    /** Connect's default listener. */
    public static final String DEFAULT_LISTENERS = "http://:8083";
    /** Kanal's key: the largest request body accepted, in bytes; a larger one is answered 413. */
    public static final String MAX_REQUEST_BODY_BYTES = "rest.request.body.max.bytes";
    /** Default of {@link #MAX_REQUEST_BODY_BYTES}: far above any connector config, small enough to buffer. */
    public static final long DEFAULT_MAX_REQUEST_BODY_BYTES = 4L * 1024 * 1024;
    /** How long {@link #stop()} lets in-flight requests finish. */
    public static final long GRACEFUL_STOP_MS = 30_000;

    private static final int OUTBOUND_BUFFER_BYTES = 2048;

    private final Server server;
    private final List<ServerConnector> connectors = new ArrayList<>();
    private final List<URI> listeners;
    private final Map<String, String> config;
    private final RestAuthSettings auth;
    private volatile List<URI> bound = List.of();
    private volatile URI advertised;

    /**
     * Assembles the server; nothing listens until {@link #start()}.
     *
     * @param workerConfig the worker's config, from which {@code listeners} is read
     * @param services the services the API serves
     * @throws IllegalArgumentException naming the key when {@code listeners} has an entry that is not an http(s) URL,
     *     {@code ssl.client.auth} an unknown value, or the authentication settings ({@link RestAuthSettings}) are
     *     incomplete or their users file unreadable
     */
    public RestServer(Map<String, String> workerConfig, ApiServices services) {
        Objects.requireNonNull(services, "services");
        this.config = Map.copyOf(workerConfig);
        this.listeners = RestListeners.parse(workerConfig.getOrDefault(LISTENERS, DEFAULT_LISTENERS));
        this.auth = RestAuthSettings.of(config, listeners, System.getProperty(RestAuthSettings.JAAS_PROPERTY));
        this.server = new Server();
        for (URI listener : listeners) {
            ServerConnector connector = RestListeners.connector(server, listener, config);
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
                        bind(services.pluginConfigs()).to(PluginConfigService.class);
                        bind(services.loggers()).to(LoggerService.class);
                        bind(services.metrics()).to(MetricsService.class);
                        bind(services.offsets()).to(OffsetService.class);
                        bind(services.topics()).to(TopicService.class);
                        bind(services.health()).to(HealthService.class);
                        bind(services.cluster()).to(ClusterService.class);
                    }
                })
                .register(RootResource.class)
                .register(ConnectorsResource.class)
                .register(ConnectorPluginsResource.class)
                .register(PluginConfigResource.class)
                .register(LoggersResource.class)
                .register(MetricsResource.class)
                .register(OffsetsResource.class)
                .register(TopicsResource.class)
                .register(HealthResource.class)
                .register(new JsonProvider(mapper))
                .register(new ErrorMapper())
                .property(ServerProperties.WADL_FEATURE_DISABLE, true)
                .property(ServerProperties.RESPONSE_SET_STATUS_OVER_SEND_ERROR, true)
                // Jersey buffers each response to compute Content-Length in a buffer of this size, allocated per
                // response (8 KiB by default: a fifth of a status request's allocation for a ~200-byte body). Larger
                // bodies are sent chunked, which every HTTP/1.1 client reads.
                .property(ServerProperties.OUTBOUND_CONTENT_LENGTH_BUFFER, OUTBOUND_BUFFER_BYTES);
        ServletContextHandler context = new ServletContextHandler("/");
        // With the listeners' UriCompliance (RestListeners), lets an encoded '/' in a connector name ("a%2Fb") reach
        // Jersey (a JSON 404) instead of the servlet layer refusing the ambiguous path.
        context.getServletHandler().setDecodeAmbiguousURIs(true);
        long maxBody = Long.parseLong(workerConfig
                .getOrDefault(MAX_REQUEST_BODY_BYTES, Long.toString(DEFAULT_MAX_REQUEST_BODY_BYTES))
                .trim());
        context.addFilter(
                new FilterHolder(new BufferedBodyFilter(maxBody, mapper)), "/*", EnumSet.of(DispatcherType.REQUEST));
        // After the body is buffered (a 401 must not overtake the body), before anything is forwarded or served.
        context.addFilter(
                new FilterHolder(new RestAuthFilter(auth, services.cluster(), mapper)),
                "/*",
                EnumSet.of(DispatcherType.REQUEST));
        // After the body is buffered (it needs the bytes), before Jersey: writes reserved for the leader go there.
        context.addFilter(
                new FilterHolder(new LeaderForwarding(services.cluster(), mapper)),
                "/*",
                EnumSet.of(DispatcherType.REQUEST));
        context.addServlet(new ServletHolder(new ServletContainer(app)), "/*");
        String origins = workerConfig.get(ALLOW_ORIGIN);
        if (origins != null && !origins.isBlank()) {
            context.insertHandler(cors(origins, workerConfig.get(ALLOW_METHODS)));
        }
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
        for (int i = 0; i < connectors.size(); i++) {
            ServerConnector c = connectors.get(i);
            String host = c.getHost() == null || c.getHost().isEmpty() ? "localhost" : c.getHost();
            uris.add(URI.create(listeners.get(i).getScheme() + "://" + host + ":" + c.getLocalPort() + "/"));
        }
        bound = List.copyOf(uris);
        advertised = RestListeners.advertised(config, bound);
        LOG.info("REST server listening on {}, advertising URL {}; {}", bound, advertised, describe(auth));
        auth.users().ifPresent(users -> {
            if (!users.withoutRole().isEmpty()) {
                LOG.warn(
                        "REST users {} of {} have neither the admin nor the read-only role: every request of theirs is"
                                + " refused (403)",
                        users.withoutRole(),
                        users.file());
            }
        });
    }

    /**
     * The URL a worker with this config will advertise, known before anything binds: distributed mode needs it to
     * join the group, which happens before the worker serves. A listener without a host advertises this machine's
     * address (as Connect's, through Jetty).
     *
     * @param workerConfig the worker's config
     * @return the advertised URL, ending in {@code /}
     * @throws IllegalArgumentException when the advertised port would be chosen at bind time ({@code listeners} port
     *     {@code 0} and no {@code rest.advertised.port}), since other workers could not reach it
     */
    public static URI plannedAdvertisedUri(Map<String, String> workerConfig) {
        List<URI> planned = new ArrayList<>();
        for (URI listener : RestListeners.parse(workerConfig.getOrDefault(LISTENERS, DEFAULT_LISTENERS))) {
            String host = listener.getHost().equals("0.0.0.0") ? localHost() : listener.getHost();
            int port = listener.getPort() < 0 ? 8083 : listener.getPort();
            planned.add(URI.create(listener.getScheme() + "://" + host + ":" + port + "/"));
        }
        URI advertised = RestListeners.advertised(workerConfig, planned);
        if (advertised.getPort() == 0) {
            throw new IllegalArgumentException("Invalid value for configuration " + LISTENERS
                    + ": a worker in a cluster needs a fixed REST port (or " + RestListeners.ADVERTISED_PORT
                    + "), because the other workers forward requests to it");
        }
        return advertised;
    }

    private static String localHost() {
        try {
            return java.net.InetAddress.getLocalHost().getHostAddress();
        } catch (java.net.UnknownHostException e) {
            LOG.warn(
                    "This machine's address is unknown ({}); advertising localhost: set rest.advertised.host.name so"
                            + " that other workers can reach this one",
                    e.getMessage());
            return "localhost";
        }
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
     * The URL this worker advertises ({@code rest.advertised.listener}, {@code rest.advertised.host.name}, {@code
     * rest.advertised.port}, else the listener's own).
     *
     * @return the URL
     * @throws IllegalStateException before {@link #start()}
     */
    public URI advertisedUri() {
        URI now = advertised;
        if (now == null) {
            throw new IllegalStateException("the REST server is not started");
        }
        return now;
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

    private static String describe(RestAuthSettings auth) {
        if (!auth.enforced() && !auth.clientCertificates()) {
            return "no authentication (open API: set " + RestAuthSettings.EXTENSIONS + " or ssl.client.auth)";
        }
        return "authentication: " + (auth.basic() ? "HTTP Basic" : "")
                + (auth.basic() && auth.clientCertificates() ? " and " : "")
                + (auth.clientCertificates() ? "client certificates" : "")
                + auth.users().map(u -> ", users from " + u.file()).orElse("")
                + (auth.healthOpen() ? ", /health open" : "");
    }

    /** Jetty's CORS filter as Connect sets it up: preflights answered by Jetty and passed on to the API too. */
    private static CrossOriginHandler cors(String origins, String methods) {
        CrossOriginHandler cors = new CrossOriginHandler();
        cors.setAllowedOriginPatterns(Set.copyOf(Arrays.asList(origins.trim().split("\\s*,\\s*"))));
        if (methods != null && !methods.isBlank()) {
            cors.setAllowedMethods(Set.copyOf(Arrays.asList(methods.trim().split("\\s*,\\s*"))));
        }
        cors.setDeliverPreflightRequests(true);
        return cors;
    }
}
