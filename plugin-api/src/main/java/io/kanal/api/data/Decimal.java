package io.kanal.api.data;

import io.kanal.api.errors.DataException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Map;

/**
 * The Decimal logical type: a {@link BigDecimal} of a fixed scale, carried as BYTES holding the two's-complement
 * big-endian unscaled value, the scale in the schema parameter {@value #SCALE_FIELD}. Kafka Connect's {@code
 * Decimal}, with the same logical name so that the JSON envelope and other converters' bytes are identical.
 *
 * <p>Stateless and thread-safe.
 */
public final class Decimal {

    /** The schema name that marks a Decimal. */
    public static final String LOGICAL_NAME = "org.apache.kafka.connect.data.Decimal";

    /** The schema parameter that holds the scale. */
    public static final String SCALE_FIELD = "scale";

    private Decimal() {}

    /**
     * @param scale the number of digits after the decimal point
     * @return a builder for a Decimal schema of that scale (version 1), to which optional(), doc() etc. can be added
     */
    public static SchemaBuilder builder(int scale) {
        return SchemaBuilder.bytes()
                .name(LOGICAL_NAME)
                .parameter(SCALE_FIELD, Integer.toString(scale))
                .version(1);
    }

    /**
     * @param scale the number of digits after the decimal point
     * @return a required Decimal schema of that scale
     */
    public static Schema schema(int scale) {
        return builder(scale).build();
    }

    /**
     * @param schema a Decimal schema
     * @param value a decimal whose scale is the schema's
     * @return the unscaled value, two's complement, big-endian
     * @throws DataException when the value's scale differs from the schema's or the schema has no valid scale
     */
    public static byte[] fromLogical(Schema schema, BigDecimal value) {
        if (value == null) {
            throw new DataException("Cannot convert a null Decimal to bytes");
        }
        int schemaScale = scale(schema);
        if (value.scale() != schemaScale) {
            throw new DataException(String.format(
                    "Decimal value has mismatching scale for given Decimal schema. Schema has scale %d, value has"
                            + " scale %d.",
                    schemaScale, value.scale()));
        }
        return value.unscaledValue().toByteArray();
    }

    /**
     * @param schema a Decimal schema
     * @param value the unscaled value, two's complement, big-endian
     * @return the decimal, with the schema's scale
     * @throws DataException when the bytes are empty or null, or the schema has no valid scale
     */
    public static BigDecimal toLogical(Schema schema, byte[] value) {
        int scale = scale(schema);
        if (value == null || value.length == 0) {
            throw new DataException("Cannot read a Decimal from " + (value == null ? "null" : "zero bytes"));
        }
        return new BigDecimal(new BigInteger(value), scale);
    }

    private static int scale(Schema schema) {
        Map<String, String> parameters = schema == null ? null : schema.parameters();
        String scale = parameters == null ? null : parameters.get(SCALE_FIELD);
        if (scale == null) {
            throw new DataException("Invalid Decimal schema: scale parameter not found.");
        }
        try {
            return Integer.parseInt(scale);
        } catch (NumberFormatException e) {
            throw new DataException("Invalid scale parameter found in Decimal schema: " + scale, e);
        }
    }
}
