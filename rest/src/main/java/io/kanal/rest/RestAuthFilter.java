package io.kanal.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kanal.runtime.api.ClusterService;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Authenticates each request (a client certificate, else HTTP Basic, per {@link RestAuthSettings}) and checks that
 * the user's role allows it ({@link RestAccess}). No credentials or wrong ones: 401 in Connect's JSON error body, with
 * a {@code WWW-Authenticate: Basic} challenge when Basic is on; a role that does not allow the request: 403; too many
 * PBKDF2 password checks running at once ({@link RestUsers}): 429 with {@code Retry-After}.
 *
 * <p>Let through without credentials: CORS preflights (browsers send them without credentials), {@code GET /health}
 * when {@value RestAuthSettings#HEALTH_OPEN} is set, and the internal requests between workers ({@code POST
 * /connectors/{c}/tasks}, {@code PUT /connectors/{c}/fence}) when the cluster signs them (KIP-507): their signature,
 * checked next by {@link LeaderForwarding}, is their authentication, as Connect's basic-auth filter skips them. On a
 * cluster that does not sign (the {@code eager} or {@code compatible} protocol) they need credentials like any
 * request. Requests forwarded between workers carry the client's {@code Authorization} header
 * ({@link ForwardingClient}) and are authenticated again where they run.
 *
 * <p>Sits after {@link BufferedBodyFilter} (a refusal must not overtake the request's body) and before
 * {@link LeaderForwarding}. Logs a refusal with the request and the client's address, never the credentials or the
 * user name sent with a wrong password (a password typed into the name field would land in the log).
 *
 * <p><b>Threading.</b> Immutable; Jetty calls it from any request thread.
 */
final class RestAuthFilter extends HttpFilter {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(RestAuthFilter.class);
    /** Jakarta's request attribute holding the client's certificate chain on a TLS connection. */
    static final String CERTIFICATES = "jakarta.servlet.request.X509Certificate";
    /** The challenge of a 401 when Basic is on (RFC 7617). */
    static final String CHALLENGE = "Basic realm=\"Kanal\", charset=\"UTF-8\"";

    private final transient RestAuthSettings settings;
    private final transient ClusterService cluster;
    private final transient ObjectMapper mapper;

    RestAuthFilter(RestAuthSettings settings, ClusterService cluster, ObjectMapper mapper) {
        this.settings = settings;
        this.cluster = cluster;
        this.mapper = mapper;
    }

    /** Who made the request and what it may do; {@code role} empty for a user the file gives no Kanal role. */
    private record Principal(String name, Optional<RestRole> role, String how) {}

    /** Why no principal: the 401's message. */
    private record Refusal(String message) {}

    /** Too many password checks are running: 429, try again (not a refusal of the credentials). */
    private record Busy() {}

    /** Seconds a 429 asks the client to wait. */
    static final String RETRY_AFTER_SECONDS = "1";

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String method = request.getMethod();
        String path = request.getRequestURI();
        if (RestAccess.routed(path).isEmpty()) {
            // No endpoint has a '.' or '..' segment; one that reaches here (encoded) could be normalised later.
            LOG.info("Refused REST request {} from {}: a '.' or '..' path segment", method, request.getRemoteAddr());
            error(response, 400, "A path segment may not be '.' or '..'");
            return;
        }
        if (exempt(request, method, path)) {
            chain.doFilter(request, response);
            return;
        }
        Object who = authenticate(request);
        if (who instanceof Busy) {
            LOG.info(
                    "Deferred REST request {} {} from {}: too many password checks running",
                    method,
                    path,
                    request.getRemoteAddr());
            response.setHeader("Retry-After", RETRY_AFTER_SECONDS);
            error(response, 429, "Too many password checks are running; retry later");
            return;
        }
        if (who instanceof Refusal refusal) {
            if (!settings.enforced()) {
                chain.doFilter(request, response);
                return;
            }
            LOG.info(
                    "Refused REST request {} {} from {}: {}", method, path, request.getRemoteAddr(), refusal.message());
            if (settings.basic()) {
                response.setHeader("WWW-Authenticate", CHALLENGE);
            }
            error(response, 401, refusal.message());
            return;
        }
        Principal principal = (Principal) who;
        if (principal.role().isEmpty()
                || !RestAccess.allows(principal.role().get(), method, path, request.getQueryString())) {
            String role = principal.role().map(RestRole::label).orElse("no Kanal role");
            LOG.info(
                    "Refused REST request {} {} from {}: user {} ({}, {}) may not make it",
                    method,
                    path,
                    request.getRemoteAddr(),
                    principal.name(),
                    principal.how(),
                    role);
            error(response, 403, "User " + principal.name() + " (" + role + ") may not " + method + " " + path);
            return;
        }
        chain.doFilter(request, response);
    }

    private boolean exempt(HttpServletRequest request, String method, String path) {
        if (method.equals("OPTIONS") && request.getHeader("Access-Control-Request-Method") != null) {
            return true;
        }
        if (settings.healthOpen()
                && (method.equals("GET") || method.equals("HEAD"))
                && RestAccess.routed(path).equals(Optional.of(java.util.List.of("health")))) {
            return true;
        }
        return ForwardingRules.internal(method, path) && cluster.routing().requestSigningRequired();
    }

    /** A {@link Principal}, a {@link Refusal} or {@link Busy}. */
    private Object authenticate(HttpServletRequest request) {
        if (settings.clientCertificates()
                && request.getAttribute(CERTIFICATES) instanceof X509Certificate[] chain
                && chain.length > 0) {
            return certificateUser(chain[0]);
        }
        String header = request.getHeader("Authorization");
        if (!settings.basic()) {
            return new Refusal("A client certificate is required");
        }
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return new Refusal("Credentials are required (HTTP Basic)");
        }
        return basicUser(header.substring(6).trim());
    }

    private Object certificateUser(X509Certificate certificate) {
        String subject = certificate.getSubjectX500Principal().getName();
        Optional<String> cn = commonName(subject);
        if (cn.isEmpty()) {
            return new Refusal("The client certificate's subject has no CN");
        }
        if (settings.users().isEmpty()) {
            // No users file: the truststore is the whole policy, as in Connect with client authentication.
            return new Principal(cn.get(), Optional.of(RestRole.ADMIN), "certificate");
        }
        Optional<RestRole> role = settings.users().get().user(cn.get()).flatMap(RestUsers.User::role);
        return new Principal(cn.get(), role, "certificate");
    }

    private Object basicUser(String encoded) {
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(encoded);
        } catch (IllegalArgumentException e) {
            return new Refusal("Malformed HTTP Basic credentials");
        }
        char[] decoded;
        try {
            CharBuffer chars = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(raw));
            decoded = new char[chars.remaining()];
            chars.get(decoded);
            Arrays.fill(chars.array(), '\0');
        } catch (CharacterCodingException e) {
            return new Refusal("Malformed HTTP Basic credentials");
        } finally {
            Arrays.fill(raw, (byte) 0);
        }
        try {
            int colon = indexOf(decoded, ':');
            if (colon < 0) {
                return new Refusal("Malformed HTTP Basic credentials");
            }
            String name = new String(decoded, 0, colon);
            char[] password = Arrays.copyOfRange(decoded, colon + 1, decoded.length);
            try {
                RestUsers.Check check = settings.users().orElseThrow().authenticate(name, password);
                if (check instanceof RestUsers.Passed passed) {
                    return new Principal(passed.user().name(), passed.user().role(), "basic");
                }
                return check instanceof RestUsers.Busy ? new Busy() : new Refusal("Invalid user name or password");
            } finally {
                Arrays.fill(password, '\0');
            }
        } finally {
            Arrays.fill(decoded, '\0');
        }
    }

    private static int indexOf(char[] chars, char c) {
        for (int i = 0; i < chars.length; i++) {
            if (chars[i] == c) {
                return i;
            }
        }
        return -1;
    }

    /** The last CN of an RFC 2253 name (the most specific), empty when it has none. */
    static Optional<String> commonName(String subject) {
        try {
            Optional<String> cn = Optional.empty();
            for (Rdn rdn : new LdapName(subject).getRdns()) {
                if (rdn.getType().equalsIgnoreCase("CN")) {
                    cn = Optional.of(rdn.getValue().toString());
                }
            }
            return cn;
        } catch (InvalidNameException e) {
            return Optional.empty();
        }
    }

    private void error(HttpServletResponse response, int status, String message) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json");
        response.getOutputStream().write(mapper.writeValueAsBytes(new ErrorMapper.ErrorMessage(status, message)));
    }
}
