package io.kanal.runtime.transform;

import io.kanal.api.connector.ConnectRecord;
import io.kanal.api.transform.Transformation;
import io.kanal.config.ConfigSpec;
import io.kanal.config.ParsedConfig;

/**
 * Drops every record: Kafka Connect's {@code org.apache.kafka.connect.transforms.Filter}. Useful only with a
 * predicate ({@code transforms.<name>.predicate}, see {@link PredicatedTransformation}), to drop the records that
 * match (or, with {@code negate}, that do not). Has no configuration keys.
 *
 * <p>Threading: stateless; safe from any thread.
 *
 * @param <R> the record type
 */
public final class Filter<R extends ConnectRecord<R>> implements Transformation<R> {

    /** This transform's configuration: empty. */
    public static final ConfigSpec CONFIG_SPEC = ConfigSpec.builder().build();

    /** Creates the transform. */
    public Filter() {}

    /**
     * The configuration keys.
     *
     * @return {@link #CONFIG_SPEC}, which is empty
     */
    @Override
    public ConfigSpec configSpec() {
        return CONFIG_SPEC;
    }

    /**
     * Nothing to configure.
     *
     * @param config ignored
     */
    @Override
    public void configure(ParsedConfig config) {}

    /**
     * Drops the record.
     *
     * @param record the record
     * @return {@code null}, which drops it
     */
    @Override
    public R apply(R record) {
        return null;
    }

    /**
     * Names the transform.
     *
     * @return {@code Filter}
     */
    @Override
    public String toString() {
        return "Filter";
    }
}
