package io.kanal.runtime.isolation.connect;

import io.kanal.runtime.isolation.ForeignLocation;
import java.util.Locale;

/**
 * The worker's {@code plugin.discovery} (KIP-898), as Apache Kafka Connect reads it: whether Connect plugin locations
 * without {@code META-INF/services} manifests are found by looking at their classes.
 */
public enum PluginDiscovery {
    /** Classes only (Connect before 3.6); Kanal reads the manifests too, and scans every Connect location. */
    ONLY_SCAN,
    /** Manifests, and a scan that finds (and warns about) plugins without one. Connect's default. */
    HYBRID_WARN,
    /**
     * As {@link #HYBRID_WARN}, but plugins without manifests are not loaded (each location's are listed as one
     * failure, {@link io.kanal.runtime.isolation.MissingManifestsException}) and the worker refuses to start, as
     * Connect's does.
     */
    HYBRID_FAIL,
    /** Manifests only: a location without Connect manifests is not a Connect location. */
    SERVICE_LOAD;

    /** The worker config key. */
    public static final String CONFIG = "plugin.discovery";

    /**
     * @param value the config value; null or blank for Connect's default, {@code hybrid_warn}
     * @return the mode
     * @throws IllegalArgumentException for an unknown value
     */
    public static PluginDiscovery parse(String value) {
        if (value == null || value.isBlank()) {
            return HYBRID_WARN;
        }
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "plugin.discovery must be one of only_scan, hybrid_warn, hybrid_fail, service_load; got '" + value
                            + "'",
                    e);
        }
    }

    /**
     * @return whether locations without manifests are scanned
     */
    public boolean scans() {
        return this != SERVICE_LOAD;
    }

    /**
     * @return what class scanning does in this mode
     */
    public ForeignLocation.Scan scan() {
        return switch (this) {
            case SERVICE_LOAD -> ForeignLocation.Scan.NONE;
            case HYBRID_FAIL -> ForeignLocation.Scan.FAIL;
            default -> ForeignLocation.Scan.WARN;
        };
    }
}
