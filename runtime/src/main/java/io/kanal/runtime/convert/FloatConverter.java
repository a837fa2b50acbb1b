package io.kanal.runtime.convert;

import io.kanal.api.data.Schema;

/**
 * Kafka Connect's {@code org.apache.kafka.connect.converters.FloatConverter}: a float in 4 big-endian bytes, its raw bits (a NaN keeps its payload). Reads
 * with {@code Schema.OPTIONAL_FLOAT32_SCHEMA}. Threading: stateless; any thread.
 */
public final class FloatConverter extends NumberConverter<Float> {

    /** Creates the converter. */
    public FloatConverter() {
        super("float", Schema.OPTIONAL_FLOAT32_SCHEMA, Float.class, 4);
    }

    @Override
    long bits(Float value) {
        return Float.floatToRawIntBits(value);
    }

    @Override
    Float fromBits(long bits) {
        return Float.intBitsToFloat((int) bits);
    }
}
