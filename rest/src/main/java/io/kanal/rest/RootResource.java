package io.kanal.rest;

import io.kanal.runtime.api.ApiModel.ServerInfo;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code GET /}: the worker's version, commit and Kafka cluster id.
 *
 * <p><b>Threading.</b> Immutable; called from any request thread.
 */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
@Singleton
public final class RootResource {

    private final ServerInfo info;

    @Inject
    RootResource(ServerInfo info) {
        this.info = info;
    }

    /**
     * Connect's {@code ServerInfo}; {@code kafka_cluster_id} is always present, null while unknown.
     *
     * @return {@code {"version","commit","kafka_cluster_id"}}
     */
    @GET
    public Map<String, String> serverInfo() {
        Map<String, String> out = new LinkedHashMap<>();
        out.put("version", info.version());
        out.put("commit", info.commit());
        out.put("kafka_cluster_id", info.kafkaClusterId());
        return out;
    }
}
