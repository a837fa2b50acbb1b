package io.kanal.config;

import java.util.Locale;

/**
 * How much a user should care about a configuration key. Documentation lists keys in this enum's order, most
 * important first.
 */
public enum Importance {
    /** Most users must think about this key: it decides correctness, durability or connectivity. */
    HIGH,
    /** Tuning that matters in some deployments. */
    MEDIUM,
    /** Rarely changed. */
    LOW;

    /**
     * The lower-case name used in documentation and the REST API.
     *
     * @return {@code high}, {@code medium} or {@code low}
     */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
