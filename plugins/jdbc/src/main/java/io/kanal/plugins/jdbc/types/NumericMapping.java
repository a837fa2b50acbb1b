package io.kanal.plugins.jdbc.types;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * How {@code NUMERIC} and {@code DECIMAL} columns are mapped ({@code numeric.mapping}, with the established JDBC
 * connector's values).
 */
public enum NumericMapping {

    /** Always the {@code Decimal} logical type: exact, but bytes on the wire. */
    NONE("none"),

    /** Integral columns ({@code scale 0}) of precision below 19 become INT8 to INT64 by precision; others Decimal. */
    PRECISION_ONLY("precision_only"),

    /** As {@link #PRECISION_ONLY}, and columns with a fractional part and precision below 19 become FLOAT64. */
    BEST_FIT("best_fit"),

    /** As {@link #BEST_FIT}, and every column with a fractional part becomes FLOAT64 whatever its precision. */
    BEST_FIT_EAGER_DOUBLE("best_fit_eager_double");

    private final String configValue;

    NumericMapping(String configValue) {
        this.configValue = configValue;
    }

    /**
     * The value as written in a configuration.
     *
     * @return for example {@code best_fit}
     */
    public String configValue() {
        return configValue;
    }

    /**
     * Every configuration value, for the key's validator and documentation.
     *
     * @return the values
     */
    public static List<String> configValues() {
        return Arrays.stream(values()).map(NumericMapping::configValue).toList();
    }

    /**
     * Parses a configuration value, ignoring case.
     *
     * @param value for example {@code best_fit}
     * @return the mapping
     * @throws IllegalArgumentException for an unknown value
     */
    public static NumericMapping fromConfig(String value) {
        String wanted = value.trim().toLowerCase(Locale.ROOT);
        for (NumericMapping mapping : values()) {
            if (mapping.configValue.equals(wanted)) {
                return mapping;
            }
        }
        throw new IllegalArgumentException(
                "unknown numeric.mapping '" + value + "', expected one of " + configValues());
    }
}
