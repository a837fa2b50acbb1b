package io.kanal.runtime.transform;

import io.kanal.api.connector.ConnectRecord;
import io.kanal.api.transform.Transformation;
import io.kanal.config.ConfigKey;
import io.kanal.config.ConfigSpec;
import io.kanal.config.ConfigType;
import io.kanal.config.Importance;
import io.kanal.config.ParsedConfig;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Renames the topic of records whose topic matches a regular expression: Kafka Connect's {@code
 * org.apache.kafka.connect.transforms.RegexRouter}. When the whole topic matches {@code regex}, the new topic is
 * {@code Matcher.replaceFirst(replacement)}, exactly as Connect computes it (so {@code $1} refers to a group); other
 * records pass unchanged.
 *
 * <p>Unlike Connect, a replacement that refers to a group the regex does not have (or ends in a lone backslash) is a
 * configuration error at {@link #configure} time instead of an exception on the first matching record.
 *
 * <p>Threading: configured once, then applied on the task thread that owns the instance (see {@link
 * Transformation}); {@code apply} changes no state, so calls from other threads after a safe publication are fine
 * too.
 *
 * @param <R> the record type
 */
public final class RegexRouter<R extends ConnectRecord<R>> implements Transformation<R> {

    /** The regular expression the whole topic must match. */
    public static final ConfigKey<String> REGEX = ConfigKey.builder("regex", ConfigType.STRING)
            .required()
            .validator(ConfigRules.regex())
            .importance(Importance.HIGH)
            .documentation("Regular expression to use for matching.")
            .build();

    /** The replacement, with {@code $n} / {@code ${name}} group references. */
    public static final ConfigKey<String> REPLACEMENT = ConfigKey.builder("replacement", ConfigType.STRING)
            .required()
            .importance(Importance.HIGH)
            .documentation("Replacement string.")
            .build();

    /** This transform's configuration. */
    public static final ConfigSpec CONFIG_SPEC =
            ConfigSpec.builder().define(REGEX).define(REPLACEMENT).build();

    private Pattern regex;
    private String replacement;

    /** Creates an unconfigured transform; the runtime calls {@link #configure} next. */
    public RegexRouter() {}

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
     * Compiles the regex and checks the replacement against it.
     *
     * @param config parsed against {@link #CONFIG_SPEC}
     * @throws io.kanal.config.InvalidConfigValueException when the replacement refers to a missing group
     */
    @Override
    public void configure(ParsedConfig config) {
        regex = Pattern.compile(config.get(REGEX));
        replacement = config.get(REPLACEMENT);
        checkReplacement(config.get(REGEX), replacement);
    }

    /**
     * Replays the replacement against a pattern with the same groups that matches the empty string, so that a
     * reference to a missing group, a malformed {@code ${name}} or a trailing backslash fails now, naming the key.
     */
    private static void checkReplacement(String regex, String replacement) {
        Pattern probe;
        try {
            probe = Pattern.compile("(?:" + regex + ")?");
        } catch (PatternSyntaxException unprobeable) {
            // A regex that cannot be wrapped (one ending in an (?x) comment) is simply not checked early.
            return;
        }
        try {
            probe.matcher("").replaceFirst(replacement);
        } catch (IllegalArgumentException | IndexOutOfBoundsException broken) {
            throw ConfigRules.invalid(
                    REPLACEMENT.name(),
                    replacement,
                    "must be a valid replacement for the regex (" + broken.getMessage() + ")");
        }
    }

    /**
     * Renames the topic when it matches.
     *
     * @param record the record
     * @return a copy with the new topic, or the record itself when the topic does not match
     */
    @Override
    public R apply(R record) {
        String topic = record.topic();
        if (topic == null) {
            return record;
        }
        Matcher matcher = regex.matcher(topic);
        if (!matcher.matches()) {
            return record;
        }
        // replaceFirst searches again from the start, which can pick a shorter alternative than matches() did;
        // Connect does the same, and topics must come out identical.
        String renamed = matcher.replaceFirst(replacement);
        return record.newRecord(
                renamed,
                record.kafkaPartition(),
                record.keySchema(),
                record.key(),
                record.valueSchema(),
                record.value(),
                record.timestamp(),
                record.headers());
    }

    /**
     * The rule.
     *
     * @return for example {@code RegexRouter{regex=(.*)-raw, replacement=$1}}
     */
    @Override
    public String toString() {
        return "RegexRouter{regex=" + regex + ", replacement=" + replacement + "}";
    }
}
