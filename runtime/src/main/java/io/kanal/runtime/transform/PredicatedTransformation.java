package io.kanal.runtime.transform;

import io.kanal.api.connector.ConnectRecord;
import io.kanal.api.transform.Predicate;
import io.kanal.api.transform.Transformation;
import io.kanal.config.ConfigKey;
import io.kanal.config.ConfigSpec;
import io.kanal.config.ConfigType;
import io.kanal.config.Importance;
import io.kanal.config.ParsedConfig;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A transform that applies only to the records its predicate accepts: Kafka Connect's {@code
 * transforms.<name>.predicate} and {@code transforms.<name>.negate}. A record goes through the transform when
 * {@code negate ^ predicate.test(record)}; otherwise it passes unchanged. Without a predicate every record goes
 * through, as in Connect.
 *
 * <p>The two keys are implicit: every transform accepts them, and they are removed from the transform's own
 * configuration before it sees it ({@link Condition#strip(Map)}), so they mask any key of the same name that the
 * transform defines, as Connect does. {@code negate} without {@code predicate} is a configuration error.
 *
 * <p>Threading: as thread-safe as the transform and predicate it wraps; it holds no state of its own.
 *
 * @param <R> the record type
 */
public final class PredicatedTransformation<R extends ConnectRecord<R>> implements Transformation<R> {

    /** The implicit key naming the predicate (an alias listed in the connector's {@code predicates}). */
    public static final ConfigKey<String> PREDICATE = ConfigKey.builder("predicate", ConfigType.STRING)
            .importance(Importance.MEDIUM)
            .documentation("The alias of a predicate used to determine whether to apply this transformation.")
            .build();

    /** The implicit key that inverts the predicate. */
    public static final ConfigKey<Boolean> NEGATE = ConfigKey.builder("negate", ConfigType.BOOLEAN)
            .defaultValue(false)
            .importance(Importance.MEDIUM)
            .documentation("Whether the configured predicate should be negated.")
            .build();

    /** The implicit keys every transform accepts. */
    public static final ConfigSpec CONDITION_SPEC =
            ConfigSpec.builder().define(PREDICATE).define(NEGATE).build();

    private final Transformation<R> transformation;
    private final Predicate<R> predicate;
    private final boolean negate;

    /**
     * Wraps a transform.
     *
     * @param transformation the transform, configured
     * @param predicate the predicate, configured; {@code null} to apply to every record
     * @param negate whether to apply to the records the predicate rejects instead
     * @throws IllegalArgumentException when {@code negate} is set without a predicate
     */
    public PredicatedTransformation(Transformation<R> transformation, Predicate<R> predicate, boolean negate) {
        this.transformation = Objects.requireNonNull(transformation, "transformation");
        if (predicate == null && negate) {
            throw new IllegalArgumentException("negate needs a predicate");
        }
        this.predicate = predicate;
        this.negate = negate;
    }

    /**
     * The wrapped transform's keys (the implicit ones are in {@link #CONDITION_SPEC}).
     *
     * @return the transform's spec
     */
    @Override
    public ConfigSpec configSpec() {
        return transformation.configSpec();
    }

    /**
     * Configures the wrapped transform.
     *
     * @param config parsed against the transform's spec
     */
    @Override
    public void configure(ParsedConfig config) {
        transformation.configure(config);
    }

    /**
     * Applies the transform when the condition holds.
     *
     * @param record the record
     * @return the transformed record (possibly {@code null}, dropped), or the record itself when the condition fails
     */
    @Override
    public R apply(R record) {
        if (predicate == null || negate ^ predicate.test(record)) {
            return transformation.apply(record);
        }
        return record;
    }

    /**
     * The wrapped transform.
     *
     * @return the transform
     */
    public Transformation<R> transformation() {
        return transformation;
    }

    /**
     * The predicate.
     *
     * @return the predicate, or {@code null} when every record is transformed
     */
    public Predicate<R> predicate() {
        return predicate;
    }

    /**
     * Whether the predicate is inverted.
     *
     * @return {@code negate}
     */
    public boolean negate() {
        return negate;
    }

    /** Closes the transform and the predicate, both even when the first fails. */
    @Override
    public void close() {
        try {
            transformation.close();
        } finally {
            if (predicate != null) {
                predicate.close();
            }
        }
    }

    /**
     * The transform, predicate and negation.
     *
     * @return for example {@code PredicatedTransformation{Filter, predicate=RecordIsTombstone{}, negate=false}}
     */
    @Override
    public String toString() {
        return "PredicatedTransformation{" + transformation + ", predicate=" + predicate + ", negate=" + negate + "}";
    }

    /**
     * The condition part of one transform's configuration ({@code transforms.<name>.*} with the prefix removed).
     *
     * @param predicateAlias the predicate's alias, or {@code null} when the transform always applies
     * @param negate whether to invert the predicate
     */
    public record Condition(String predicateAlias, boolean negate) {

        /** The condition of a transform without {@code predicate}: always apply. */
        public static final Condition ALWAYS = new Condition(null, false);

        /**
         * Checks that {@code negate} has a predicate.
         *
         * @param predicateAlias the predicate's alias, or {@code null} when the transform always applies
         * @param negate whether to invert the predicate
         */
        public Condition {
            if (predicateAlias == null && negate) {
                throw new IllegalArgumentException("negate needs a predicate");
            }
        }

        /**
         * Reads the implicit keys of one transform, as Connect does: {@code predicate} is a trimmed, non-empty
         * string, {@code negate} a boolean; {@code negate} present without {@code predicate} fails even when it is
         * {@code false}.
         *
         * @param prefix the transform's key prefix, for example {@code transforms.dropTombstones.}, used in messages
         * @param props the transform's configuration with the prefix removed
         * @return the condition
         * @throws io.kanal.config.ConfigException naming the prefixed key when a value is invalid
         */
        public static Condition parse(String prefix, Map<String, ?> props) {
            Object rawPredicate = props.get(PREDICATE.name());
            Object rawNegate = props.get(NEGATE.name());
            if (rawNegate != null && rawPredicate == null) {
                throw ConfigRules.invalid(
                        prefix + NEGATE.name(),
                        NEGATE.type().show(rawNegate),
                        "was provided but there is no config '" + prefix + PREDICATE.name()
                                + "' defining a predicate to be negated");
            }
            if (rawPredicate == null) {
                return ALWAYS;
            }
            String alias = PREDICATE.type().parse(prefix + PREDICATE.name(), rawPredicate);
            if (alias.isEmpty()) {
                throw ConfigRules.invalid(prefix + PREDICATE.name(), alias, "must name a predicate alias");
            }
            boolean negate = rawNegate != null && NEGATE.type().parse(prefix + NEGATE.name(), rawNegate);
            return new Condition(alias, negate);
        }

        /**
         * A transform's configuration without the implicit keys, which is what the transform itself receives.
         *
         * @param props the transform's configuration with the prefix removed
         * @return a copy without {@code predicate} and {@code negate}
         */
        public static Map<String, Object> strip(Map<String, ?> props) {
            Map<String, Object> own = new LinkedHashMap<>(props);
            own.remove(PREDICATE.name());
            own.remove(NEGATE.name());
            return own;
        }
    }
}
