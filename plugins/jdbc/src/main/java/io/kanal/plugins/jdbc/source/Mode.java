package io.kanal.plugins.jdbc.source;

import java.util.Arrays;
import java.util.List;

/** How a table or query is polled ({@code mode}, with the established JDBC source's values). */
public enum Mode {

    /** The whole table every poll; no offsets. */
    BULK("bulk", false, false),

    /** New rows, by a strictly incrementing column. */
    INCREMENTING("incrementing", true, false),

    /** New and changed rows, by a timestamp column. */
    TIMESTAMP("timestamp", false, true),

    /** New and changed rows, by a timestamp column with a strictly incrementing column to order equal timestamps. */
    TIMESTAMP_INCREMENTING("timestamp+incrementing", true, true);

    private final String configValue;
    private final boolean incrementing;
    private final boolean timestamp;

    Mode(String configValue, boolean incrementing, boolean timestamp) {
        this.configValue = configValue;
        this.incrementing = incrementing;
        this.timestamp = timestamp;
    }

    /**
     * The value as written in a configuration.
     *
     * @return for example {@code timestamp+incrementing}
     */
    public String configValue() {
        return configValue;
    }

    /**
     * Whether the mode reads an incrementing column.
     *
     * @return {@code true} for the incrementing modes
     */
    public boolean usesIncrementing() {
        return incrementing;
    }

    /**
     * Whether the mode reads timestamp columns.
     *
     * @return {@code true} for the timestamp modes
     */
    public boolean usesTimestamp() {
        return timestamp;
    }

    /**
     * Every configuration value.
     *
     * @return the values
     */
    public static List<String> configValues() {
        return Arrays.stream(values()).map(Mode::configValue).toList();
    }

    /**
     * Parses a configuration value.
     *
     * @param value for example {@code bulk}
     * @return the mode
     * @throws IllegalArgumentException for an unknown value
     */
    public static Mode fromConfig(String value) {
        for (Mode mode : values()) {
            if (mode.configValue.equals(value)) {
                return mode;
            }
        }
        throw new IllegalArgumentException("unknown mode '" + value + "', expected one of " + configValues());
    }
}
