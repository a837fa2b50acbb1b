package io.kanal.rest;

import io.kanal.runtime.api.ApiException;
import io.kanal.runtime.api.LoggerService;
import io.kanal.runtime.api.LoggerService.LoggerLevel;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /admin/loggers}: the worker's logger levels, read and changed at run time (KIP-495, KIP-976's {@code scope}).
 * {@code scope=cluster} answers 204 without a body, as Connect: a distributed worker writes the level to the config
 * topic (every worker applies it when it reads it), a standalone worker is its own cluster and sets it here. Any other
 * scope is the worker scope, with Connect's warning.
 *
 * <p><b>Threading.</b> Immutable; called from any request thread.
 */
@Path("/admin/loggers")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Singleton
public final class LoggersResource {

    private static final Logger LOG = LoggerFactory.getLogger(LoggersResource.class);

    private final LoggerService loggers;

    @Inject
    LoggersResource(LoggerService loggers) {
        this.loggers = loggers;
    }

    /**
     * Every logger with a level of its own.
     *
     * @return name to {@code {"level","last_modified"}}
     */
    @GET
    public Map<String, LoggerLevel> list() {
        return loggers.all();
    }

    /**
     * One logger's level.
     *
     * @param logger the logger's name
     * @return {@code {"level","last_modified"}}
     */
    @GET
    @Path("/{logger}")
    public LoggerLevel get(@PathParam("logger") String logger) {
        return loggers.level(logger);
    }

    /**
     * Sets a namespace's level: 200 with the loggers set for the worker scope, 204 for the cluster scope.
     *
     * @param logger the namespace
     * @param body {@code {"level": "DEBUG"}}
     * @param scope {@code worker} (the default) or {@code cluster}
     * @return the response
     */
    @PUT
    @Path("/{logger}")
    public Response set(
            @PathParam("logger") String logger,
            Map<String, String> body,
            @QueryParam("scope") @DefaultValue("worker") String scope) {
        if (body == null) {
            throw new ApiException(ApiException.BAD_REQUEST, "Desired 'level' parameter was not specified in request.");
        }
        String where = scope.toLowerCase(Locale.ROOT);
        if (!where.equals("worker") && !where.equals("cluster")) {
            LOG.warn("Received invalid scope '{}' in request to adjust logging level; will default to worker", scope);
            where = "worker";
        }
        if (where.equals("cluster")) {
            loggers.setClusterLevel(logger, body.get("level"));
            return Response.noContent().build();
        }
        return Response.ok(loggers.setLevel(logger, body.get("level"))).build();
    }
}
