package io.kanal.rest;

import io.kanal.runtime.api.ApiException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns every exception a request raises into Connect's error body {@code {"error_code": <status>, "message": …}}:
 * {@link ApiException}s with their own status, JAX-RS errors (unknown path 404, wrong method 405, …) with theirs, and
 * anything else as 500. An unexpected failure's text never reaches the client (it can carry internals or a provider's
 * secret-bearing message): the body names a generated id, and the worker log holds that id, the request and the
 * stack trace, once.
 *
 * <p><b>Threading.</b> Stateless apart from Jersey's request-scoped proxies; Jersey calls it from any request thread.
 */
final class ErrorMapper implements ExceptionMapper<Throwable> {

    private static final Logger LOG = LoggerFactory.getLogger(ErrorMapper.class);

    /**
     * Connect's error body.
     *
     * @param errorCode the HTTP status
     * @param message what went wrong
     */
    record ErrorMessage(int errorCode, String message) {}

    /** Jersey's proxies to the current request; null when the mapper is used outside Jersey. */
    @Context
    private Request request;

    @Context
    private UriInfo uri;

    @Override
    public Response toResponse(Throwable failure) {
        int status;
        String message;
        if (failure instanceof ApiException api) {
            status = api.errorCode();
            message = api.getMessage();
        } else if (failure instanceof WebApplicationException web) {
            status = web.getResponse().getStatus();
            message = web.getMessage();
        } else {
            status = ApiException.INTERNAL;
            String id = UUID.randomUUID().toString();
            message = "Internal error (id " + id + "); see the worker log";
            LOG.error("Unhandled failure of REST request {} {} (id {})", method(), path(), id, failure);
        }
        return Response.status(status)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new ErrorMessage(status, message))
                .build();
    }

    private String method() {
        try {
            return request == null ? "?" : request.getMethod();
        } catch (RuntimeException outsideRequest) {
            return "?";
        }
    }

    private String path() {
        try {
            return uri == null ? "?" : "/" + uri.getPath();
        } catch (RuntimeException outsideRequest) {
            return "?";
        }
    }
}
