package io.kanal.bridge.config;

import io.kanal.config.ConfigDefinitionException;
import io.kanal.config.ConfigKey;
import io.kanal.config.ConfigSpec;
import io.kanal.config.ConfigType;
import io.kanal.config.Importance;
import io.kanal.config.InvalidConfigValueException;
import io.kanal.config.Validator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.kafka.common.config.ConfigDef;

/**
 * Translates a Connect {@code ConfigDef} into a Kanal {@link ConfigSpec} with the same keys in the same order: type
 * (PASSWORD stays secret, CLASS and LIST keep their meaning), default ({@code NO_DEFAULT_VALUE} makes the key
 * required, a null default optional), importance, documentation, group and order in group, dependents, and Connect's
 * validator and recommender, which stay in force (see {@link ConnectValidator}, {@link ConnectRecommender}). Connect's
 * width, display name and internal flag have no place in Kanal's model and are dropped; dependents that the
 * definition does not define are dropped too, since Kanal's spec requires them to be defined (Connect only skips them).
 *
 * <p>Immutable and thread-safe.
 */
public final class ConfigDefTranslator {

    private final Supplier<ClassLoader> loader;

    /**
     * @param loader the plugin's class loader, which loads the values of CLASS keys (Connect loads them through the
     *     context class loader, which the worker sets to the plugin's)
     */
    public ConfigDefTranslator(ClassLoader loader) {
        Objects.requireNonNull(loader, "loader");
        this.loader = () -> loader;
    }

    /**
     * @param definition Connect's definition
     * @return Kanal's spec with the same keys in the same order
     * @throws ConfigDefinitionException when a key cannot be expressed in Kanal's model (a default Kanal's type does
     *     not take); the message names the key
     */
    public ConfigSpec toSpec(ConfigDef definition) {
        Map<String, ConfigDef.ConfigKey> keys = definition.configKeys();
        ConfigSpec.Builder spec = ConfigSpec.builder();
        for (ConfigDef.ConfigKey key : keys.values()) {
            spec.define(toKey(key, keys.keySet()));
        }
        return spec.build();
    }

    /**
     * @param key one key of Connect's definition
     * @param defined the names the definition defines; dependents not among them are dropped
     * @return Kanal's key
     * @throws ConfigDefinitionException when the key cannot be expressed in Kanal's model
     */
    public ConfigKey<?> toKey(ConfigDef.ConfigKey key, Set<String> defined) {
        return typed(key, ConfigValues.kanalType(key.type), defined);
    }

    private <T> ConfigKey<T> typed(ConfigDef.ConfigKey key, ConfigType<T> type, Set<String> defined) {
        ConfigKey.Builder<T> builder = ConfigKey.builder(key.name, type)
                .documentation(key.documentation == null ? "" : key.documentation)
                .importance(importance(key.importance))
                .group(key.group == null ? "" : key.group, key.orderInGroup)
                .dependents(dependents(key.dependents, defined));
        if (ConfigDef.NO_DEFAULT_VALUE.equals(key.defaultValue)) {
            builder.required();
        } else if (key.defaultValue != null) {
            try {
                builder.defaultValue(ConfigValues.toKanal(key.name, type, key.defaultValue));
            } catch (InvalidConfigValueException e) {
                throw new ConfigDefinitionException("the default of Connect key '" + key.name
                        + "' does not fit Kanal's " + type.name() + " type: " + e.getMessage());
            }
        }
        Validator<? super T> validator = validator(key);
        if (validator != null) {
            builder.validator(validator);
        }
        if (key.recommender != null) {
            builder.recommender(new ConnectRecommender(key.name, key.type, key.recommender, loader));
        }
        return builder.build();
    }

    private Validator<Object> validator(ConfigDef.ConfigKey key) {
        if (key.validator == null && key.type != ConfigDef.Type.CLASS) {
            return null;
        }
        return new ConnectValidator<>(key.name, key.validator, loader);
    }

    private static String[] dependents(List<String> dependents, Set<String> defined) {
        if (dependents == null) {
            return new String[0];
        }
        return dependents.stream().filter(defined::contains).distinct().toArray(String[]::new);
    }

    private static Importance importance(ConfigDef.Importance importance) {
        if (importance == null) {
            return Importance.MEDIUM;
        }
        return switch (importance) {
            case HIGH -> Importance.HIGH;
            case MEDIUM -> Importance.MEDIUM;
            case LOW -> Importance.LOW;
        };
    }
}
