package io.kanal.runtime.convert;

import io.kanal.api.data.Schema;

/**
 * Kafka Connect's {@code org.apache.kafka.connect.converters.ShortConverter}: a short in 2 big-endian bytes. Reads
 * with {@code Schema.OPTIONAL_INT16_SCHEMA}. Threading: stateless; any thread.
 */
public final class ShortConverter extends NumberConverter<Short> {

    /** Creates the converter. */
    public ShortConverter() {
        super("short", Schema.OPTIONAL_INT16_SCHEMA, Short.class, 2);
    }

    @Override
    long bits(Short value) {
        return value;
    }

    @Override
    Short fromBits(long bits) {
        return (short) bits;
    }
}
