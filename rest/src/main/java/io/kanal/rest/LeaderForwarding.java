package io.kanal.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kanal.runtime.api.ApiException;
import io.kanal.runtime.api.ClusterService;
import io.kanal.runtime.api.InternalRequestSigning;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs each request where the cluster wants it ({@link ForwardingRules}): here, or on the leader or the worker that
 * runs the connector, through {@link ForwardingClient}, answering the client with that worker's status, content type,
 * {@code Location} and body as they came. Internal requests between workers have their KIP-507 signature checked
 * first, on every worker they pass, as Connect checks it before it knows where the request runs.
 *
 * <p>Sits after {@link BufferedBodyFilter} (it needs the body's bytes) and before Jersey. Refusals are Connect's JSON
 * error body: 409 when the target is unknown or two hops did not reach it, 500 {@code IO Error trying to forward REST
 * request: …} when the other worker cannot be reached or does not answer within the REST request timeout.
 *
 * <p><b>Threading.</b> Immutable; Jetty calls it from any request thread, which it blocks while a forwarded request
 * is in flight (at most the request timeout).
 */
final class LeaderForwarding extends HttpFilter {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(LeaderForwarding.class);

    private final transient ClusterService cluster;
    private final transient ForwardingClient client;
    private final transient ObjectMapper mapper;

    LeaderForwarding(ClusterService cluster, ObjectMapper mapper) {
        this.cluster = cluster;
        this.client = new ForwardingClient(cluster.requestTimeout());
        this.mapper = mapper;
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String method = request.getMethod();
        String path = request.getRequestURI();
        String query = request.getQueryString();
        ForwardingRules.Target target =
                ForwardingRules.target(method, path, parameter(query, "includeTasks"), parameter(query, "onlyFailed"));
        if (target instanceof ForwardingRules.Anywhere) {
            chain.doFilter(request, response);
            return;
        }
        byte[] body = body(request);
        if (ForwardingRules.internal(method, path)) {
            try {
                cluster.checkSignature(
                        body,
                        request.getHeader(InternalRequestSigning.SIGNATURE_ALGORITHM_HEADER),
                        request.getHeader(InternalRequestSigning.SIGNATURE_HEADER));
            } catch (ApiException refused) {
                LOG.warn("Refused internal request {} {}: {}", method, path, refused.getMessage());
                error(response, refused.errorCode(), refused.getMessage());
                return;
            }
        }
        ForwardingRules.Decision decision =
                ForwardingRules.decide(target, parameter(query, "forward"), cluster.routing());
        if (decision instanceof ForwardingRules.Local) {
            chain.doFilter(request, response);
        } else if (decision instanceof ForwardingRules.Refuse refuse) {
            LOG.warn("Request {} {} not forwarded: {}", method, path, refuse.message());
            error(response, refuse.status(), refuse.message());
        } else if (decision instanceof ForwardingRules.Forward forward) {
            forward(request, response, forward, body);
        }
    }

    private void forward(
            HttpServletRequest request, HttpServletResponse response, ForwardingRules.Forward forward, byte[] body)
            throws IOException {
        URI target = target(forward, request.getRequestURI(), request.getQueryString());
        Map<String, String> headers = new LinkedHashMap<>();
        for (String name : ForwardingClient.FORWARDED_HEADERS) {
            String value = request.getHeader(name);
            if (value != null) {
                headers.put(name, value);
            }
        }
        LOG.debug("Forwarding {} {} to {}", request.getMethod(), request.getRequestURI(), target);
        ForwardingClient.Answer answer;
        try {
            answer = client.send(target, request.getMethod(), headers, body);
        } catch (IOException e) {
            LOG.error("IO error forwarding REST request to {}", target, e);
            error(response, 500, "IO Error trying to forward REST request: " + describe(e));
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            error(response, 500, "Thread was interrupted trying to forward REST request: " + describe(e));
            return;
        }
        if (answer.status() < 200 || (answer.status() >= 300 && answer.status() < 400)) {
            error(response, 500, "Unexpected status code when handling forwarded request: " + answer.status());
            return;
        }
        response.setStatus(answer.status());
        answer.headers().forEach(response::setHeader);
        if (answer.body().length > 0) {
            response.getOutputStream().write(answer.body());
        }
    }

    /** The target worker's URL for this request: its base, this path, this query with {@code forward} replaced. */
    static URI target(ForwardingRules.Forward forward, String rawPath, String rawQuery) {
        String base = forward.base().toString();
        if (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        List<String> params = new ArrayList<>();
        if (rawQuery != null && !rawQuery.isEmpty()) {
            for (String p : rawQuery.split("&")) {
                if (!p.isEmpty() && !name(p).equals("forward")) {
                    params.add(p);
                }
            }
        }
        params.add("forward=" + forward.forward());
        return URI.create(base + rawPath + "?" + String.join("&", params));
    }

    /** A query parameter's first value, decoded; null when absent. Read from the query only, never the body. */
    static String parameter(String rawQuery, String name) {
        if (rawQuery == null) {
            return null;
        }
        for (String p : rawQuery.split("&")) {
            if (name(p).equals(name)) {
                int eq = p.indexOf('=');
                // A malformed escape stays as it came: the filter must not turn a bad parameter into Jetty's own 500.
                return eq < 0 ? "" : decode(p.substring(eq + 1));
            }
        }
        return null;
    }

    private static String decode(String value) {
        try {
            return URLDecoder.decode(value, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformed) {
            return value;
        }
    }

    private static String name(String param) {
        int eq = param.indexOf('=');
        return eq < 0 ? param : param.substring(0, eq);
    }

    private static byte[] body(HttpServletRequest request) {
        Object body = request.getAttribute(BufferedBodyFilter.BODY_ATTRIBUTE);
        if (!(body instanceof byte[] bytes)) {
            throw new IllegalStateException("the body was not buffered: BufferedBodyFilter must run first");
        }
        return bytes;
    }

    /** What went wrong on the way: the message of a network failure names the peer and the cause, no request data. */
    private static String describe(Exception e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private void error(HttpServletResponse response, int status, String message) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json");
        response.getOutputStream().write(mapper.writeValueAsBytes(new ErrorMapper.ErrorMessage(status, message)));
    }
}
