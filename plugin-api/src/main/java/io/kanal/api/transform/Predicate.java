package io.kanal.api.transform;

import io.kanal.api.connector.ConnectRecord;
import io.kanal.config.ConfigSpec;
import io.kanal.config.ParsedConfig;

/**
 * A condition on a record that decides whether a transform applies to it ({@code transforms.<alias>.predicate},
 * negated by {@code transforms.<alias>.negate}); Kafka Connect's {@code Predicate}. Configured from {@code
 * predicates.<alias>.} keys, with the prefix removed.
 *
 * <p>Threading: as for {@link Transformation}: one instance per task, called on the task's thread.
 *
 * @param <R> the record type
 */
public interface Predicate<R extends ConnectRecord<R>> extends AutoCloseable {

    /**
     * The predicate's keys.
     *
     * @return the spec
     */
    ConfigSpec configSpec();

    /**
     * Configures the predicate once, before any record.
     *
     * @param config the configuration, parsed against {@link #configSpec()}
     */
    void configure(ParsedConfig config);

    /**
     * Tests one record.
     *
     * @param record the record
     * @return whether it matches
     */
    boolean test(R record);

    /** Releases what the predicate holds. Does nothing by default. */
    @Override
    default void close() {}
}
