package io.kanal.runtime.convert;

import io.kanal.api.data.Schema;

/**
 * Kafka Connect's {@code org.apache.kafka.connect.converters.LongConverter}: a long in 8 big-endian bytes. Reads
 * with {@code Schema.OPTIONAL_INT64_SCHEMA}. Threading: stateless; any thread.
 */
public final class LongConverter extends NumberConverter<Long> {

    /** Creates the converter. */
    public LongConverter() {
        super("long", Schema.OPTIONAL_INT64_SCHEMA, Long.class, 8);
    }

    @Override
    long bits(Long value) {
        return value;
    }

    @Override
    Long fromBits(long bits) {
        return bits;
    }
}
