package io.kanal.config;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The definition of one configuration key: its name, type, default, rule and documentation. A key is also the
 * typed handle for reading its value: {@code parsed.get(LINGER_MS)} returns a {@code Duration} with no cast and no
 * string lookup.
 *
 * <p>A key is in exactly one of three states: {@linkplain #required() required} (no default; parsing fails when
 * absent), defaulted ({@link #defaultValue()} present), or optional (neither; {@link ParsedConfig#find(ConfigKey)}
 * returns empty when absent). Build keys with {@link #builder(String, ConfigType)}.
 *
 * @param name the key, for example {@code linger.ms}
 * @param type how values are parsed
 * @param defaultValue the value used when the key is absent; empty for required and optional keys
 * @param required whether the key must be supplied
 * @param validator the rule parsed values must satisfy; {@link Validators#any()} when there is none
 * @param documentation what the key does, in one or more sentences
 * @param importance how much a user should care
 * @param group the documentation group, for example {@code Security}; empty when ungrouped
 * @param orderInGroup the position within the group, for ordering in user interfaces
 * @param dependents names of keys whose relevance depends on this key's value
 * @param recommender suggests values and decides visibility
 * @param <T> the value type
 */
public record ConfigKey<T>(
        String name,
        ConfigType<T> type,
        Optional<T> defaultValue,
        boolean required,
        Validator<? super T> validator,
        String documentation,
        Importance importance,
        String group,
        int orderInGroup,
        List<String> dependents,
        Recommender recommender) {

    /**
     * Checks that the definition is consistent. A default that breaks the key's own rule is a programming error and is
     * reported here, when the key is built, not when a user leaves the key out.
     *
     * @param name the key, for example {@code linger.ms}
     * @param type how values are parsed
     * @param defaultValue the value used when the key is absent; empty for required and optional keys
     * @param required whether the key must be supplied
     * @param validator the rule parsed values must satisfy; {@link Validators#any()} when there is none
     * @param documentation what the key does, in one or more sentences
     * @param importance how much a user should care
     * @param group the documentation group, for example {@code Security}; empty when ungrouped
     * @param orderInGroup the position within the group, for ordering in user interfaces
     * @param dependents names of keys whose relevance depends on this key's value
     * @param recommender suggests values and decides visibility
     */
    public ConfigKey {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(defaultValue, "defaultValue");
        Objects.requireNonNull(validator, "validator");
        Objects.requireNonNull(documentation, "documentation");
        Objects.requireNonNull(importance, "importance");
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(recommender, "recommender");
        dependents = List.copyOf(dependents);
        if (name.isBlank()) {
            throw new ConfigDefinitionException("a configuration key needs a name");
        }
        if (required && defaultValue.isPresent()) {
            throw new ConfigDefinitionException("key '" + name + "' is required, so it cannot have a default");
        }
        if (defaultValue.isPresent()) {
            Optional<String> broken = validator.violation(defaultValue.get());
            if (broken.isPresent()) {
                throw new ConfigDefinitionException("the default of key '" + name + "' is invalid: "
                        + InvalidConfigValueException.render(name, type.format(defaultValue.get()), broken.get()));
            }
        }
    }

    /**
     * Starts defining a key. Without {@link Builder#defaultValue(Object)} or {@link Builder#required()}, the key is
     * optional.
     *
     * @param name the key
     * @param type its type
     * @param <T> the value type
     * @return a builder
     */
    public static <T> Builder<T> builder(String name, ConfigType<T> type) {
        return new Builder<>(name, type);
    }

    /**
     * The default as a user would type it, for documentation.
     *
     * @return the formatted default, {@value Password#HIDDEN} for a password default; empty when there is none
     */
    public Optional<String> formattedDefault() {
        return defaultValue.map(type::format);
    }

    /**
     * A builder that starts from this key, to derive a variant (another default, a stricter rule).
     *
     * @return a builder holding this key's settings
     */
    public Builder<T> toBuilder() {
        Builder<T> builder = new Builder<>(name, type);
        builder.defaultValue = defaultValue;
        builder.required = required;
        builder.validator = validator;
        builder.documentation = documentation;
        builder.importance = importance;
        builder.group = group;
        builder.orderInGroup = orderInGroup;
        builder.dependents = dependents;
        builder.recommender = recommender;
        return builder;
    }

    /**
     * Fluent builder for {@link ConfigKey}. Not thread-safe; build keys once, in a static initializer.
     *
     * @param <T> the value type
     */
    public static final class Builder<T> {
        private final String name;
        private final ConfigType<T> type;
        private Optional<T> defaultValue = Optional.empty();
        private boolean required;
        private Validator<? super T> validator = Validators.any();
        private String documentation = "";
        private Importance importance = Importance.MEDIUM;
        private String group = "";
        private int orderInGroup;
        private List<String> dependents = List.of();
        private Recommender recommender = Recommender.NONE;

        private Builder(String name, ConfigType<T> type) {
            this.name = name;
            this.type = type;
        }

        /**
         * Sets the value used when the key is absent.
         *
         * @param value the default, typed
         * @return this builder
         */
        public Builder<T> defaultValue(T value) {
            this.defaultValue = Optional.of(value);
            this.required = false;
            return this;
        }

        /**
         * Makes the key mandatory, with no default.
         *
         * @return this builder
         */
        public Builder<T> required() {
            this.required = true;
            this.defaultValue = Optional.empty();
            return this;
        }

        /**
         * Sets the rule values must satisfy; compose several with {@link Validator#and(Validator)}.
         *
         * @param validator the rule
         * @return this builder
         */
        public Builder<T> validator(Validator<? super T> validator) {
            this.validator = validator;
            return this;
        }

        /**
         * Sets the documentation.
         *
         * @param documentation what the key does
         * @return this builder
         */
        public Builder<T> documentation(String documentation) {
            this.documentation = documentation;
            return this;
        }

        /**
         * Sets the importance; {@link Importance#MEDIUM} when not set.
         *
         * @param importance the importance
         * @return this builder
         */
        public Builder<T> importance(Importance importance) {
            this.importance = importance;
            return this;
        }

        /**
         * Places the key in a documentation group.
         *
         * @param group the group name
         * @param orderInGroup the key's position within the group
         * @return this builder
         */
        public Builder<T> group(String group, int orderInGroup) {
            this.group = group;
            this.orderInGroup = orderInGroup;
            return this;
        }

        /**
         * Names the keys whose relevance depends on this one.
         *
         * @param dependents key names, which must be defined in the same spec
         * @return this builder
         */
        public Builder<T> dependents(String... dependents) {
            this.dependents = List.of(dependents);
            return this;
        }

        /**
         * Sets the recommender.
         *
         * @param recommender suggests values and decides visibility
         * @return this builder
         */
        public Builder<T> recommender(Recommender recommender) {
            this.recommender = recommender;
            return this;
        }

        /**
         * Builds the key.
         *
         * @return the key
         * @throws ConfigDefinitionException when the definition is inconsistent
         */
        public ConfigKey<T> build() {
            return new ConfigKey<>(
                    name,
                    type,
                    defaultValue,
                    required,
                    validator,
                    documentation,
                    importance,
                    group,
                    orderInGroup,
                    dependents,
                    recommender);
        }
    }
}
