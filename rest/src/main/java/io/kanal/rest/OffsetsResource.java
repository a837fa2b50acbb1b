package io.kanal.rest;

import io.kanal.runtime.api.ConnectorService;
import io.kanal.runtime.api.OffsetService;
import io.kanal.runtime.api.OffsetService.ConnectorOffsets;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;

/**
 * {@code /connectors/{connector}/offsets}: Connect's offset endpoints (KIP-875). Altering and resetting are allowed
 * only while the connector is {@code STOPPED} (400 otherwise, with Connect's message).
 *
 * <p><b>Threading.</b> Immutable; called from any request thread. Each call blocks its request thread until the herder
 * or the broker answers or the service's timeout passes.
 */
@Path("/connectors/{connector}/offsets")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Singleton
public final class OffsetsResource {

    private final OffsetService offsets;
    private final ConnectorService connectors;

    @Inject
    OffsetsResource(OffsetService offsets, ConnectorService connectors) {
        this.offsets = offsets;
        this.connectors = connectors;
    }

    /**
     * A connector's committed offsets.
     *
     * @param name the connector's name
     * @return {@code {"offsets":[{"partition":{…},"offset":{…}}]}}
     */
    @GET
    public ConnectorOffsets get(@PathParam("connector") String name) {
        return offsets.get(name);
    }

    /**
     * Alters a stopped connector's offsets: 200 with Connect's message.
     *
     * @param name the connector's name
     * @param body {@code {"offsets":[{"partition":{…},"offset":{…}|null}]}}
     * @return {@code {"message": ...}}
     */
    @PATCH
    public Map<String, String> alter(@PathParam("connector") String name, ConnectorOffsets body) {
        return Map.of("message", offsets.alter(name, body));
    }

    /**
     * Resets a stopped connector's offsets: 200 with Connect's message.
     *
     * @param name the connector's name
     * @return {@code {"message": ...}}
     */
    @DELETE
    public Map<String, String> reset(@PathParam("connector") String name) {
        return Map.of("message", connectors.resetOffsets(name));
    }
}
