package io.kanal.rest;

import io.kanal.runtime.api.HealthService;
import io.kanal.runtime.api.HealthService.WorkerStatus;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code GET /health} (KIP-1017): 200 {@code healthy}, 503 {@code starting}, 500 {@code unhealthy}, each with
 * Connect's {@code {"status","message"}} body.
 *
 * <p><b>Threading.</b> Immutable; called from any request thread; blocks it at most for the health check timeout.
 */
@Path("/health")
@Produces(MediaType.APPLICATION_JSON)
@Singleton
public final class HealthResource {

    private final HealthService health;

    @Inject
    HealthResource(HealthService health) {
        this.health = health;
    }

    /**
     * The worker's health.
     *
     * @return the response with {@code {"status","message"}}
     */
    @GET
    public Response health() {
        WorkerStatus status = health.check();
        Map<String, String> body = new LinkedHashMap<>();
        body.put("status", status.status());
        body.put("message", status.message());
        return Response.status(status.httpStatus()).entity(body).build();
    }
}
