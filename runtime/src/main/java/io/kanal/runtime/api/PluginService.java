package io.kanal.runtime.api;

import io.kanal.runtime.api.ApiModel.PluginInfo;
import io.kanal.runtime.isolation.PluginDescriptor;
import io.kanal.runtime.isolation.PluginType;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The plugin listing of Connect's REST API ({@code GET /connector-plugins}, KIP-769).
 *
 * <p><b>Threading.</b> Stateless; safe from any thread. The registry it reads is immutable after loading.
 */
public final class PluginService {

    /** The types KIP-769 lists when {@code connectorsOnly=false}; config providers are not among them. */
    private static final Set<PluginType> LISTED = EnumSet.complementOf(EnumSet.of(PluginType.CONFIGPROVIDER));

    private final WorkerApi worker;

    /**
     * Creates the service.
     *
     * @param worker the worker whose plugins it lists
     */
    public PluginService(WorkerApi worker) {
        this.worker = Objects.requireNonNull(worker, "worker");
    }

    /**
     * This worker's plugins, sorted by class name and then version.
     *
     * @param connectorsOnly whether to list connectors only (Connect's default)
     * @return one entry per plugin version
     */
    public List<PluginInfo> plugins(boolean connectorsOnly) {
        Set<PluginType> types = connectorsOnly ? PluginType.CONNECTORS : LISTED;
        return worker.registry().plugins().stream()
                .filter(p -> types.contains(p.type()))
                .sorted(Comparator.comparing(PluginDescriptor::className)
                        .thenComparing(p -> p.type().ordinal()))
                .map(p -> new PluginInfo(p.className(), p.type().restName(), String.valueOf(p.version())))
                .toList();
    }
}
