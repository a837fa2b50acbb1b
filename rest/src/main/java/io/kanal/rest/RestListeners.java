package io.kanal.rest;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * Connect's listener keys: {@code listeners} ({@code http://} and {@code https://} entries), the TLS settings of https
 * listeners, and the URL the worker advertises ({@code rest.advertised.*}).
 *
 * <p>TLS settings are read as Connect reads them: when any key starts with {@code listeners.https.}, only those keys
 * count (prefix removed); otherwise the worker's plain {@code ssl.*} keys do. Passwords go to Jetty and nowhere else:
 * no message here contains a value of an {@code ssl.*} key.
 *
 * <p><b>Threading.</b> Static functions of their arguments; no state.
 */
final class RestListeners {

    /** Connect's key: comma-separated {@code http://host:port} and {@code https://host:port} listeners. */
    static final String LISTENERS = "listeners";
    /** Connect's prefix of an https listener's TLS settings, which replace the {@code ssl.*} keys as a whole. */
    static final String HTTPS_PREFIX = "listeners.https.";
    /** Connect's key: the host name the worker advertises instead of the listener's. */
    static final String ADVERTISED_HOST = "rest.advertised.host.name";
    /** Connect's key: the port the worker advertises instead of the listener's. */
    static final String ADVERTISED_PORT = "rest.advertised.port";
    /** Connect's key: {@code http} or {@code https}, which listener's scheme the worker advertises. */
    static final String ADVERTISED_LISTENER = "rest.advertised.listener";

    private RestListeners() {}

    /**
     * Parses {@code listeners}.
     *
     * @param value the comma-separated entries
     * @return one URL per entry, a missing host as {@code 0.0.0.0}
     * @throws IllegalArgumentException naming {@code listeners} and the entry when one is not an http(s) URL
     */
    static List<URI> parse(String value) {
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
            String scheme = scheme(uri);
            if (!scheme.equals("http") && !scheme.equals("https")) {
                throw new IllegalArgumentException("Invalid value " + entry + " for configuration " + LISTENERS
                        + ": Listener protocol must be either \"http\" or \"https\".");
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

    /**
     * A connector for one listener: plain HTTP/1.1, or TLS with the worker's https settings.
     *
     * @param server the server it belongs to
     * @param listener the listener's URL
     * @param config the worker's config
     * @return the connector, not yet added to the server
     */
    static ServerConnector connector(Server server, URI listener, Map<String, String> config) {
        ServerConnector connector;
        if (scheme(listener).equals("https")) {
            HttpConfiguration https = httpConfiguration();
            SecureRequestCustomizer secure = new SecureRequestCustomizer();
            // Clients reach a worker by IP or by a name the certificate may not carry; hostname checks are theirs.
            secure.setSniHostCheck(false);
            https.addCustomizer(secure);
            connector = new ServerConnector(
                    server,
                    new SslConnectionFactory(sslContextFactory(config), "http/1.1"),
                    new HttpConnectionFactory(https));
        } else {
            connector = new ServerConnector(server, new HttpConnectionFactory(httpConfiguration()));
        }
        connector.setHost(listener.getHost());
        connector.setPort(listener.getPort() < 0 ? 8083 : listener.getPort());
        return connector;
    }

    /**
     * Jetty's defaults, except that an encoded {@code /} in a path segment ({@code /connectors/a%2Fb}) is let through:
     * Jetty would refuse it with an empty 400 and drop the connection unannounced (a pooled client then fails its
     * next request); let through, the name simply matches no connector (404 in JSON).
     */
    private static HttpConfiguration httpConfiguration() {
        HttpConfiguration http = new HttpConfiguration();
        http.setUriCompliance(UriCompliance.DEFAULT.with("kanal", UriCompliance.Violation.AMBIGUOUS_PATH_SEPARATOR));
        return http;
    }

    /**
     * The TLS settings of https listeners, from {@code listeners.https.*} or else {@code ssl.*}.
     *
     * @param config the worker's config
     * @return Jetty's server-side TLS factory
     * @throws IllegalArgumentException when {@code ssl.client.auth} is not none, requested or required
     */
    static SslContextFactory.Server sslContextFactory(Map<String, String> config) {
        Map<String, String> ssl = sslSettings(config);
        SslContextFactory.Server factory = new SslContextFactory.Server();
        factory.setKeyStoreType(ssl.getOrDefault("ssl.keystore.type", "JKS"));
        if (ssl.get("ssl.keystore.location") != null) {
            factory.setKeyStorePath(ssl.get("ssl.keystore.location"));
        }
        if (ssl.get("ssl.keystore.password") != null) {
            factory.setKeyStorePassword(ssl.get("ssl.keystore.password"));
        }
        if (ssl.get("ssl.key.password") != null) {
            factory.setKeyManagerPassword(ssl.get("ssl.key.password"));
        }
        factory.setTrustStoreType(ssl.getOrDefault("ssl.truststore.type", "JKS"));
        if (ssl.get("ssl.truststore.location") != null) {
            factory.setTrustStorePath(ssl.get("ssl.truststore.location"));
        }
        if (ssl.get("ssl.truststore.password") != null) {
            factory.setTrustStorePassword(ssl.get("ssl.truststore.password"));
        }
        factory.setIncludeProtocols(list(ssl.getOrDefault("ssl.enabled.protocols", "TLSv1.2,TLSv1.3")));
        factory.setProtocol(ssl.getOrDefault("ssl.protocol", "TLSv1.3"));
        String ciphers = ssl.get("ssl.cipher.suites");
        if (ciphers != null && !ciphers.isBlank()) {
            factory.setIncludeCipherSuites(list(ciphers));
        }
        String auth = ssl.getOrDefault("ssl.client.auth", "none").trim().toLowerCase(Locale.ROOT);
        switch (auth) {
            case "required" -> factory.setNeedClientAuth(true);
            case "requested" -> factory.setWantClientAuth(true);
            case "none" -> {}
            default ->
                throw new IllegalArgumentException("Invalid value " + auth
                        + " for configuration ssl.client.auth: expected none, requested or required");
        }
        return factory;
    }

    /** Connect's all-or-nothing rule: any {@code listeners.https.*} key hides every plain {@code ssl.*} key. */
    static Map<String, String> sslSettings(Map<String, String> config) {
        Map<String, String> prefixed = new HashMap<>();
        Map<String, String> plain = new HashMap<>();
        config.forEach((key, value) -> {
            if (key.startsWith(HTTPS_PREFIX)) {
                prefixed.put(key.substring(HTTPS_PREFIX.length()), value);
            } else if (key.startsWith("ssl.")) {
                plain.put(key, value);
            }
        });
        return prefixed.isEmpty() ? plain : prefixed;
    }

    /**
     * The URL this worker advertises: the listener of {@code rest.advertised.listener}'s scheme (else the first http
     * one, else the first), with {@code rest.advertised.host.name} and {@code rest.advertised.port} in place of its
     * own host and bound port when set.
     *
     * @param config the worker's config
     * @param bound the listeners' URLs with their bound ports, in {@code listeners} order
     * @return the advertised URL, ending in {@code /}
     */
    static URI advertised(Map<String, String> config, List<URI> bound) {
        String wanted = config.get(ADVERTISED_LISTENER);
        URI chosen = null;
        String scheme =
                wanted == null || wanted.isBlank() ? null : wanted.trim().toLowerCase(Locale.ROOT);
        for (URI uri : bound) {
            if (chosen == null && scheme(uri).equals(scheme == null ? "http" : scheme)) {
                chosen = uri;
            }
        }
        if (chosen == null) {
            chosen = bound.get(0);
        }
        String host = config.get(ADVERTISED_HOST);
        if (host == null || host.isBlank()) {
            host = chosen.getHost();
        }
        String port = config.get(ADVERTISED_PORT);
        int advertisedPort = port == null || port.isBlank() ? chosen.getPort() : Integer.parseInt(port.trim());
        String outScheme = scheme == null ? scheme(chosen) : scheme;
        return URI.create(outScheme + "://" + host.trim() + ":" + advertisedPort + "/");
    }

    private static String scheme(URI uri) {
        return uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    }

    private static String[] list(String value) {
        return value.trim().split("\\s*,\\s*");
    }
}
