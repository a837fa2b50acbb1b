package io.kanal.rest;

import io.kanal.runtime.api.PluginService;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /connector-plugins}: the plugins this worker has installed (KIP-769).
 *
 * <p><b>Threading.</b> Immutable; called from any request thread.
 */
@Path("/connector-plugins")
@Produces(MediaType.APPLICATION_JSON)
@Singleton
public final class ConnectorPluginsResource {

    private final PluginService plugins;

    @Inject
    ConnectorPluginsResource(PluginService plugins) {
        this.plugins = plugins;
    }

    /**
     * Lists plugins as {@code [{"class","type","version"}]}.
     *
     * @param connectorsOnly whether to list connectors only (the default, as in Connect)
     * @return the plugins
     */
    @GET
    public List<Map<String, String>> list(@QueryParam("connectorsOnly") @DefaultValue("true") boolean connectorsOnly) {
        return plugins.plugins(connectorsOnly).stream()
                .map(p -> {
                    // "class" cannot be a record component's name, so the entry is built by hand.
                    Map<String, String> entry = new LinkedHashMap<>();
                    entry.put("class", p.className());
                    entry.put("type", p.type());
                    entry.put("version", p.version());
                    return entry;
                })
                .toList();
    }
}
