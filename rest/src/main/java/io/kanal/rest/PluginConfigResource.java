package io.kanal.rest;

import io.kanal.runtime.api.ConfigInfoModel.ConfigInfos;
import io.kanal.runtime.api.ConfigInfoModel.ConfigKeyInfo;
import io.kanal.runtime.api.PluginConfigService;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;

/**
 * {@code /connector-plugins/{plugin}/config} and {@code .../config/validate}: a plugin's config definition (KIP-769)
 * and the validation of a connector config in Connect's {@code ConfigInfos} shape.
 *
 * <p><b>Threading.</b> Immutable; called from any request thread. Both calls block the request thread while the
 * plugin answers, at most for the service's timeout.
 */
@Path("/connector-plugins/{plugin}/config")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Singleton
public final class PluginConfigResource {

    private final PluginConfigService configs;

    @Inject
    PluginConfigResource(PluginConfigService configs) {
        this.configs = configs;
    }

    /**
     * The keys a plugin declares, as Connect's {@code ConfigKeyInfo}s.
     *
     * @param plugin the plugin's class name or alias
     * @return the definitions
     * @throws InterruptedException when interrupted while the plugin answers
     */
    @GET
    public List<ConfigKeyInfo> config(@PathParam("plugin") String plugin) throws InterruptedException {
        return configs.config(plugin);
    }

    /**
     * Validates a connector config without storing it.
     *
     * @param plugin the connector named in the path
     * @param config the config
     * @return Connect's {@code ConfigInfos}
     * @throws InterruptedException when interrupted while the connector validates
     */
    @PUT
    @Path("/validate")
    public ConfigInfos validate(@PathParam("plugin") String plugin, Map<String, String> config)
            throws InterruptedException {
        return configs.validate(plugin, config);
    }
}
