package io.kanal.rest;

import io.kanal.runtime.api.TopicService;
import io.kanal.runtime.api.TopicService.ActiveTopicsInfo;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;

/**
 * {@code /connectors/{connector}/topics}: Connect's active topics endpoints (KIP-558).
 *
 * <p><b>Threading.</b> Immutable; called from any request thread; never blocks.
 */
@Path("/connectors/{connector}/topics")
@Produces(MediaType.APPLICATION_JSON)
@Singleton
public final class TopicsResource {

    private final TopicService topics;

    @Inject
    TopicsResource(TopicService topics) {
        this.topics = topics;
    }

    /**
     * The topics the connector's tasks used since it was created or its topics were last reset.
     *
     * @param name the connector's name
     * @return {@code {"<name>":{"topics":[…]}}}
     */
    @GET
    public Map<String, ActiveTopicsInfo> topics(@PathParam("connector") String name) {
        return Map.of(name, topics.topics(name));
    }

    /**
     * Forgets the connector's topics: 202 with no body, as Connect answers.
     *
     * @param name the connector's name
     * @return the response
     */
    @PUT
    @Path("/reset")
    public Response reset(@PathParam("connector") String name) {
        topics.reset(name);
        return Response.accepted().build();
    }
}
