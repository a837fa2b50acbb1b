package io.kanal.runtime.convert;

import io.kanal.api.data.Schema;

/**
 * Kafka Connect's {@code org.apache.kafka.connect.converters.DoubleConverter}: a double in 8 big-endian bytes, NaN in its canonical form. Reads
 * with {@code Schema.OPTIONAL_FLOAT64_SCHEMA}. Threading: stateless; any thread.
 */
public final class DoubleConverter extends NumberConverter<Double> {

    /** Creates the converter. */
    public DoubleConverter() {
        super("double", Schema.OPTIONAL_FLOAT64_SCHEMA, Double.class, 8);
    }

    @Override
    long bits(Double value) {
        return Double.doubleToLongBits(value);
    }

    @Override
    Double fromBits(long bits) {
        return Double.longBitsToDouble(bits);
    }
}
