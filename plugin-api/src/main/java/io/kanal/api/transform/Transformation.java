package io.kanal.api.transform;

import io.kanal.api.connector.ConnectRecord;
import io.kanal.config.ConfigSpec;
import io.kanal.config.ParsedConfig;

/**
 * A single message transform (SMT): changes, reroutes or drops one record at a time; Kafka Connect's {@code
 * Transformation}. Configured from {@code transforms.<alias>.} keys, with the prefix removed; {@code type}, {@code
 * predicate} and {@code negate} are the runtime's.
 *
 * <p>Threading: each task has its own instance of each configured transform and calls it only on the task's
 * thread, for source records after {@code poll} and for sink records before {@code put}.
 *
 * @param <R> the record type: {@link io.kanal.api.source.SourceRecord} or {@link io.kanal.api.sink.SinkRecord}
 */
public interface Transformation<R extends ConnectRecord<R>> extends AutoCloseable {

    /**
     * The transform's keys.
     *
     * @return the spec
     */
    ConfigSpec configSpec();

    /**
     * Configures the transform once, before any record.
     *
     * @param config the configuration, parsed against {@link #configSpec()}
     */
    void configure(ParsedConfig config);

    /**
     * Transforms one record. Records are immutable: return a new one (from {@link ConnectRecord#newRecord}), the
     * same one, or {@code null} to drop it.
     *
     * @param record the record
     * @return the result, or {@code null} to drop the record
     * @throws io.kanal.api.errors.DataException when the record does not have the shape the transform needs; the
     *     message names the field
     */
    R apply(R record);

    /** Releases what the transform holds. Does nothing by default. */
    @Override
    default void close() {}
}
