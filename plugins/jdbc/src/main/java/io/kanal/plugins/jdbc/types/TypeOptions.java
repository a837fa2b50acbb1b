package io.kanal.plugins.jdbc.types;

import java.time.ZoneId;
import java.util.Objects;

/**
 * The user's choices that change how columns map.
 *
 * @param numericMapping how {@code NUMERIC}/{@code DECIMAL} columns map
 * @param dbZone the time zone in which {@code TIMESTAMP WITHOUT TIME ZONE} values are read ({@code db.timezone})
 */
public record TypeOptions(NumericMapping numericMapping, ZoneId dbZone) {

    /**
     * Checks presence.
     *
     * @param numericMapping how {@code NUMERIC}/{@code DECIMAL} columns map
     * @param dbZone the time zone in which {@code TIMESTAMP WITHOUT TIME ZONE} values are read
     */
    public TypeOptions {
        Objects.requireNonNull(numericMapping, "numericMapping");
        Objects.requireNonNull(dbZone, "dbZone");
    }
}
