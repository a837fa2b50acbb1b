package io.kanal.runtime.transform.predicate;

import io.kanal.api.connector.ConnectRecord;
import io.kanal.api.transform.Predicate;
import io.kanal.config.ConfigKey;
import io.kanal.config.ConfigSpec;
import io.kanal.config.ConfigType;
import io.kanal.config.Importance;
import io.kanal.config.ParsedConfig;
import io.kanal.config.Validators;

/**
 * True for records with at least one header of a given key: Kafka Connect's {@code
 * org.apache.kafka.connect.transforms.predicates.HasHeaderKey}, with its key {@code name} (required, non-empty).
 *
 * <p>Threading: configured once, then tested on the task thread that owns the instance (see {@link Predicate});
 * {@code test} changes no state, so calls from other threads after a safe publication are fine too.
 *
 * @param <R> the record type
 */
public final class HasHeaderKey<R extends ConnectRecord<R>> implements Predicate<R> {

    /** The header key. */
    public static final ConfigKey<String> NAME = ConfigKey.builder("name", ConfigType.STRING)
            .required()
            .validator(Validators.nonEmptyString())
            .importance(Importance.MEDIUM)
            .documentation("The header name.")
            .build();

    /** This predicate's configuration. */
    public static final ConfigSpec CONFIG_SPEC =
            ConfigSpec.builder().define(NAME).build();

    private String name;

    /** Creates an unconfigured predicate; the runtime calls {@link #configure} next. */
    public HasHeaderKey() {}

    /**
     * The configuration keys.
     *
     * @return {@link #CONFIG_SPEC}
     */
    @Override
    public ConfigSpec configSpec() {
        return CONFIG_SPEC;
    }

    /**
     * Reads the header key.
     *
     * @param config parsed against {@link #CONFIG_SPEC}
     */
    @Override
    public void configure(ParsedConfig config) {
        name = config.get(NAME);
    }

    /**
     * Looks for the header.
     *
     * @param record the record
     * @return whether it has a header with the key
     */
    @Override
    public boolean test(R record) {
        return record.headers().lastWithName(name) != null;
    }

    /**
     * The key looked for.
     *
     * @return for example {@code HasHeaderKey{name=trace-id}}
     */
    @Override
    public String toString() {
        return "HasHeaderKey{name=" + name + "}";
    }
}
