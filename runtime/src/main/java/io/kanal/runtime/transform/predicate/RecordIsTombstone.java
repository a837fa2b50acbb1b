package io.kanal.runtime.transform.predicate;

import io.kanal.api.connector.ConnectRecord;
import io.kanal.api.transform.Predicate;
import io.kanal.config.ConfigSpec;
import io.kanal.config.ParsedConfig;

/**
 * True for tombstones, records whose value is {@code null}: Kafka Connect's {@code
 * org.apache.kafka.connect.transforms.predicates.RecordIsTombstone}. Has no configuration keys.
 *
 * <p>Threading: stateless; safe from any thread.
 *
 * @param <R> the record type
 */
public final class RecordIsTombstone<R extends ConnectRecord<R>> implements Predicate<R> {

    /** This predicate's configuration: empty. */
    public static final ConfigSpec CONFIG_SPEC = ConfigSpec.builder().build();

    /** Creates the predicate. */
    public RecordIsTombstone() {}

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
     * Checks the value.
     *
     * @param record the record
     * @return whether its value is {@code null}
     */
    @Override
    public boolean test(R record) {
        return record.value() == null;
    }

    /**
     * Names the predicate.
     *
     * @return {@code RecordIsTombstone{}}, as Connect's
     */
    @Override
    public String toString() {
        return "RecordIsTombstone{}";
    }
}
