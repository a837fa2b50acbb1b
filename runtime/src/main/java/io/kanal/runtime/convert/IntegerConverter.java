package io.kanal.runtime.convert;

import io.kanal.api.data.Schema;

/**
 * Kafka Connect's {@code org.apache.kafka.connect.converters.IntegerConverter}: an int in 4 big-endian bytes. Reads
 * with {@code Schema.OPTIONAL_INT32_SCHEMA}. Threading: stateless; any thread.
 */
public final class IntegerConverter extends NumberConverter<Integer> {

    /** Creates the converter. */
    public IntegerConverter() {
        super("integer", Schema.OPTIONAL_INT32_SCHEMA, Integer.class, 4);
    }

    @Override
    long bits(Integer value) {
        return value;
    }

    @Override
    Integer fromBits(long bits) {
        return (int) bits;
    }
}
