package io.kanal.rest;

import io.kanal.runtime.api.ApiException;
import io.kanal.runtime.api.ApiModel.ConnectorInfo;
import io.kanal.runtime.api.ApiModel.ConnectorStatus;
import io.kanal.runtime.api.ApiModel.TaskInfo;
import io.kanal.runtime.api.ApiModel.TaskState;
import io.kanal.runtime.api.ApiModel.Written;
import io.kanal.runtime.api.ClusterService;
import io.kanal.runtime.api.ConnectorService;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code /connectors}: Connect's connector endpoints, path for path and status code for status code.
 *
 * <p><b>Threading.</b> Immutable; called from any request thread. Writes block the request thread until the herder
 * answers or the service's timeout passes.
 */
@Path("/connectors")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Singleton
public final class ConnectorsResource {

    private final ConnectorService connectors;
    private final ClusterService cluster;

    @Inject
    ConnectorsResource(ConnectorService connectors, ClusterService cluster) {
        this.connectors = connectors;
        this.cluster = cluster;
    }

    /**
     * Lists connectors: names, or with {@code ?expand=status} and/or {@code ?expand=info} a map of the expansions.
     * Unknown expand values are ignored, as in Connect.
     *
     * @param expand the expansions asked for
     * @return the names or the expanded map
     */
    @GET
    public Object list(@QueryParam("expand") List<String> expand) {
        boolean status = expand.contains("status");
        boolean info = expand.contains("info");
        if (!status && !info) {
            return connectors.list();
        }
        return connectors.expanded(status, info);
    }

    /**
     * Creates a connector: 201 with a {@code Location} header and the connector's info.
     *
     * @param request the name, config and optional initial state
     * @return the response
     * @throws InterruptedException when interrupted while validating
     */
    @POST
    public Response create(CreateConnectorRequest request) throws InterruptedException {
        if (request == null) {
            throw new ApiException(ApiException.BAD_REQUEST, "Request body must be a JSON object with name and config");
        }
        Written written = connectors.put(request.name(), request.config(), false, request.initialState());
        return Response.created(UriBuilder.fromPath("/connectors/{name}").build(request.name()))
                .entity(written.info())
                .build();
    }

    /**
     * One connector's info.
     *
     * @param name the connector's name
     * @return {@code {"name","config","tasks","type"}}
     */
    @GET
    @Path("/{connector}")
    public ConnectorInfo info(@PathParam("connector") String name) {
        return connectors.info(name);
    }

    /**
     * One connector's stored config.
     *
     * @param name the connector's name
     * @return the config
     */
    @GET
    @Path("/{connector}/config")
    public Map<String, String> config(@PathParam("connector") String name) {
        return connectors.config(name);
    }

    /**
     * Creates (201) or replaces (200) a connector's config.
     *
     * @param name the connector's name
     * @param config the new config
     * @return the response with the connector's info
     * @throws InterruptedException when interrupted while validating
     */
    @PUT
    @Path("/{connector}/config")
    public Response putConfig(@PathParam("connector") String name, Map<String, String> config)
            throws InterruptedException {
        if (config == null) {
            throw new ApiException(ApiException.BAD_REQUEST, "Request body must be a JSON object of config keys");
        }
        Written written = connectors.put(name, config, true, null);
        Response.ResponseBuilder response = written.created()
                ? Response.created(UriBuilder.fromPath("/connectors/{name}").build(name))
                : Response.ok();
        return response.entity(written.info()).build();
    }

    /**
     * Patches a connector's config (KIP-477): a null value removes its key; 200 with the connector's info.
     *
     * @param name the connector's name
     * @param patch the keys to change
     * @return the connector's info
     * @throws InterruptedException when interrupted while validating
     */
    @PATCH
    @Path("/{connector}/config")
    public ConnectorInfo patchConfig(@PathParam("connector") String name, Map<String, String> patch)
            throws InterruptedException {
        return connectors.patch(name, patch).info();
    }

    /**
     * One connector's status.
     *
     * @param name the connector's name
     * @return Connect's {@code ConnectorStateInfo}
     */
    @GET
    @Path("/{connector}/status")
    public ConnectorStatus status(@PathParam("connector") String name) {
        return connectors.status(name);
    }

    /**
     * One connector's tasks and their configs.
     *
     * @param name the connector's name
     * @return {@code [{"id":{"connector","task"},"config":{…}}]}
     */
    @GET
    @Path("/{connector}/tasks")
    public List<TaskInfo> tasks(@PathParam("connector") String name) {
        return connectors.tasks(name);
    }

    /**
     * Internal, between workers: stores task configs the worker running the connector generated (Connect's {@code
     * putTaskConfigs}); 204 once durable. Reaches here on the leader, its signature checked ({@link
     * LeaderForwarding}).
     *
     * @param name the connector's name
     * @param configs one config per task
     */
    @POST
    @Path("/{connector}/tasks")
    public void putTaskConfigs(@PathParam("connector") String name, List<Map<String, String>> configs) {
        cluster.putTaskConfigs(name, configs);
    }

    /**
     * Internal, between workers: fences out a source connector's zombie tasks (KIP-618); 204. Reaches here on the
     * leader, its signature checked ({@link LeaderForwarding}).
     *
     * @param name the connector's name
     */
    @PUT
    @Path("/{connector}/fence")
    public void fenceZombies(@PathParam("connector") String name) {
        cluster.fenceZombies(name);
    }

    /**
     * One task's status.
     *
     * @param name the connector's name
     * @param task the task number
     * @return {@code {"id","state","worker_id","trace"?}}
     */
    @GET
    @Path("/{connector}/tasks/{task}/status")
    public TaskState taskStatus(@PathParam("connector") String name, @PathParam("task") int task) {
        return connectors.taskStatus(name, task);
    }

    /**
     * Restarts a connector: 204 for the plain restart, 202 with the status when tasks or only-failed are asked for.
     *
     * @param name the connector's name
     * @param includeTasks whether tasks restart too
     * @param onlyFailed whether only failed instances restart
     * @return the response
     */
    @POST
    @Path("/{connector}/restart")
    public Response restart(
            @PathParam("connector") String name,
            @QueryParam("includeTasks") @DefaultValue("false") boolean includeTasks,
            @QueryParam("onlyFailed") @DefaultValue("false") boolean onlyFailed) {
        Optional<ConnectorStatus> status = connectors.restart(name, includeTasks, onlyFailed);
        return status.map(s -> Response.accepted(s).build())
                .orElseGet(() -> Response.noContent().build());
    }

    /**
     * Restarts one task: 204.
     *
     * @param name the connector's name
     * @param task the task number
     */
    @POST
    @Path("/{connector}/tasks/{task}/restart")
    public void restartTask(@PathParam("connector") String name, @PathParam("task") int task) {
        connectors.restartTask(name, task);
    }

    /**
     * Pauses a connector: 202.
     *
     * @param name the connector's name
     * @return the response
     */
    @PUT
    @Path("/{connector}/pause")
    public Response pause(@PathParam("connector") String name) {
        connectors.changeTargetState(name, "PAUSED");
        return Response.accepted().build();
    }

    /**
     * Resumes a paused or stopped connector: 202.
     *
     * @param name the connector's name
     * @return the response
     */
    @PUT
    @Path("/{connector}/resume")
    public Response resume(@PathParam("connector") String name) {
        connectors.changeTargetState(name, "RUNNING");
        return Response.accepted().build();
    }

    /**
     * Stops a connector (KIP-875): 204, as Connect's void method answers.
     *
     * @param name the connector's name
     */
    @PUT
    @Path("/{connector}/stop")
    public void stop(@PathParam("connector") String name) {
        connectors.changeTargetState(name, "STOPPED");
    }

    /**
     * Deletes a connector: 204.
     *
     * @param name the connector's name
     */
    @DELETE
    @Path("/{connector}")
    public void delete(@PathParam("connector") String name) {
        connectors.delete(name);
    }
}
