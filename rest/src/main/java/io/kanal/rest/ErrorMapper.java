package io.kanal.rest;

import io.kanal.runtime.api.ApiException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns every exception a request raises into Connect's error body {@code {"error_code": <status>, "message": …}}:
 * {@link ApiException}s with their own status, JAX-RS errors (unknown path 404, wrong method 405, …) with theirs, and
 * anything else as 500, logged.
 *
 * <p><b>Threading.</b> Stateless; Jersey calls it from any request thread.
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
            message = String.valueOf(failure);
            LOG.error("Unhandled failure of a REST request", failure);
        }
        if (status >= 500) {
            LOG.debug("REST request failed with {}: {}", status, message, failure);
        }
        return Response.status(status)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new ErrorMessage(status, message))
                .build();
    }
}
