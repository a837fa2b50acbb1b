package io.kanal.runtime.transform.predicate;

import io.kanal.api.connector.ConnectRecord;
import io.kanal.api.transform.Predicate;
import io.kanal.config.ConfigKey;
import io.kanal.config.ConfigSpec;
import io.kanal.config.ConfigType;
import io.kanal.config.Importance;
import io.kanal.config.ParsedConfig;
import io.kanal.config.Validators;
import io.kanal.runtime.transform.ConfigRules;
import java.util.regex.Pattern;

/**
 * True for records whose whole topic name matches a regular expression: Kafka Connect's {@code
 * org.apache.kafka.connect.transforms.predicates.TopicNameMatches}, with its key {@code pattern} (required, non-empty,
 * a valid regex). A record without a topic does not match.
 *
 * <p>Threading: configured once, then tested on the task thread that owns the instance (see {@link Predicate});
 * {@code test} changes no state, so calls from other threads after a safe publication are fine too.
 *
 * @param <R> the record type
 */
public final class TopicNameMatches<R extends ConnectRecord<R>> implements Predicate<R> {

    /** The regular expression. */
    public static final ConfigKey<String> PATTERN = ConfigKey.builder("pattern", ConfigType.STRING)
            .required()
            .validator(Validators.nonEmptyString().and(ConfigRules.regex()))
            .importance(Importance.MEDIUM)
            .documentation("A Java regular expression for matching against the name of a record's topic.")
            .build();

    /** This predicate's configuration. */
    public static final ConfigSpec CONFIG_SPEC =
            ConfigSpec.builder().define(PATTERN).build();

    private Pattern pattern;

    /** Creates an unconfigured predicate; the runtime calls {@link #configure} next. */
    public TopicNameMatches() {}

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
     * Compiles the pattern.
     *
     * @param config parsed against {@link #CONFIG_SPEC}
     */
    @Override
    public void configure(ParsedConfig config) {
        pattern = Pattern.compile(config.get(PATTERN));
    }

    /**
     * Matches the topic.
     *
     * @param record the record
     * @return whether its topic matches as a whole
     */
    @Override
    public boolean test(R record) {
        return record.topic() != null && pattern.matcher(record.topic()).matches();
    }

    /**
     * The pattern.
     *
     * @return for example {@code TopicNameMatches{pattern=orders-.*}}
     */
    @Override
    public String toString() {
        return "TopicNameMatches{pattern=" + pattern + "}";
    }
}
