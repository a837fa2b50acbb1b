package io.kanal.runtime.api;

import java.util.List;
import java.util.Objects;

/**
 * The values of {@code GET /connector-plugins/{plugin}/config} and {@code PUT .../config/validate}, shaped as Connect's
 * {@code ConfigKeyInfo}, {@code ConfigValueInfo}, {@code ConfigInfo} and {@code ConfigInfos}. Component names in snake
 * case are Connect's JSON field names; unlike {@link ApiModel}, a {@code null} component is one Connect shows as
 * {@code null} (the REST layer keeps it). All are immutable.
 */
public final class ConfigInfoModel {

    private ConfigInfoModel() {}

    /**
     * One key's definition, as Connect's {@code ConfigKeyInfo}.
     *
     * @param name the key
     * @param type Connect's type name: {@code STRING}, {@code INT}, {@code PASSWORD}, ...
     * @param required whether the key has no default
     * @param defaultValue the default as a user would type it; null when there is none
     * @param importance {@code HIGH}, {@code MEDIUM} or {@code LOW}
     * @param documentation what the key does
     * @param group the group; null when the key has none
     * @param orderInGroup the position in its group
     * @param width {@code NONE}, {@code SHORT}, {@code MEDIUM} or {@code LONG}
     * @param displayName the label a UI shows
     * @param dependents keys whose relevance depends on this one
     */
    public record ConfigKeyInfo(
            String name,
            String type,
            boolean required,
            String defaultValue,
            String importance,
            String documentation,
            String group,
            int orderInGroup,
            String width,
            String displayName,
            List<String> dependents) {
        /**
         * Checks the name and copies the dependents.
         *
         * @param name the key
         * @param type the type
         * @param required whether it is required
         * @param defaultValue the default
         * @param importance the importance
         * @param documentation the documentation
         * @param group the group
         * @param orderInGroup the order
         * @param width the width
         * @param displayName the display name
         * @param dependents the dependents
         */
        public ConfigKeyInfo {
            Objects.requireNonNull(name, "name");
            dependents = List.copyOf(dependents);
        }
    }

    /**
     * One key's validated value, as Connect's {@code ConfigValueInfo}.
     *
     * @param name the key
     * @param value the value as it may be shown (passwords hidden); null when unset and without default
     * @param recommendedValues values worth suggesting
     * @param errors what is wrong with the value
     * @param visible whether the key is relevant given the other values
     */
    public record ConfigValueInfo(
            String name, String value, List<String> recommendedValues, List<String> errors, boolean visible) {
        /**
         * Copies the lists.
         *
         * @param name the key
         * @param value the value
         * @param recommendedValues the recommendations
         * @param errors the errors
         * @param visible the visibility
         */
        public ConfigValueInfo {
            Objects.requireNonNull(name, "name");
            recommendedValues = List.copyOf(recommendedValues);
            errors = List.copyOf(errors);
        }
    }

    /**
     * One entry of {@code configs}: a key's definition and its value.
     *
     * @param definition the definition; null for a value no definition covers
     * @param value the value
     */
    public record ConfigInfo(ConfigKeyInfo definition, ConfigValueInfo value) {}

    /**
     * The answer of {@code config/validate}, as Connect's {@code ConfigInfos}.
     *
     * @param name the connector class, as the config named it
     * @param errorCount the number of error messages over all keys
     * @param groups the groups, the framework's first
     * @param configs one entry per key
     */
    public record ConfigInfos(String name, int errorCount, List<String> groups, List<ConfigInfo> configs) {
        /**
         * Copies the lists.
         *
         * @param name the connector class
         * @param errorCount the error count
         * @param groups the groups
         * @param configs the entries
         */
        public ConfigInfos {
            groups = List.copyOf(groups);
            configs = List.copyOf(configs);
        }
    }
}
