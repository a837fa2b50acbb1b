package io.kanal.bridge.config;

import io.kanal.config.ConfigProblem;
import io.kanal.config.ConfigValidationResult;
import io.kanal.config.ConfigValueResult;
import io.kanal.config.Password;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigValue;

/**
 * Translates what a Connect connector's {@code validate} returns ({@code Config}: one {@code ConfigValue} per key,
 * with its value, recommended values, error messages and visibility) into Kanal's {@link ConfigValidationResult}, so
 * that {@code /config/validate} shows a Connect connector's keys as Apache's worker does: the value and the
 * recommendations written as Apache's REST layer writes them ({@code ConfigDef.convertToString} with the key's type),
 * passwords hidden, the keys in the definition's order.
 *
 * <p>Connect's error messages are free text; Kanal's problems are (key, shown value, rule). Connect's two standard
 * messages are recognised ("Missing required configuration ..." becomes a missing key; "Invalid value V for
 * configuration K: rule" keeps the rule, the value shown by Kanal, redacted), any other message becomes the rule as it
 * is.
 *
 * <p>Stateless and thread-safe.
 */
public final class ValidationResultTranslator {

    private static final String MISSING = "Missing required configuration ";
    private static final String INVALID_VALUE = "Invalid value ";

    private ValidationResultTranslator() {}

    /**
     * @param definition the connector's {@code config()}, for the keys' types; keys it does not define are shown with
     *     {@code toString()}, as Apache shows them
     * @param result what the connector's {@code validate} returned
     * @param submitted the configuration validated, for the keys no one defines
     * @return Kanal's result, one value per Connect value: the definition's keys in its order, then the others in
     *     Connect's order
     */
    public static ConfigValidationResult toKanal(ConfigDef definition, Config result, Map<String, String> submitted) {
        Map<String, ConfigDef.ConfigKey> keys = definition == null ? Map.of() : definition.configKeys();
        // Connect's validate returns its values in hash order: the definition's order reads as its documentation.
        Map<String, ConfigValue> byName = new LinkedHashMap<>();
        for (String name : keys.keySet()) {
            byName.put(name, null);
        }
        for (ConfigValue value : result.configValues()) {
            byName.put(value.name(), value);
        }
        List<ConfigValueResult> values = new ArrayList<>(byName.size());
        Set<String> reported = new HashSet<>();
        for (ConfigValue value : byName.values()) {
            if (value == null) {
                continue;
            }
            ConfigDef.ConfigKey key = keys.get(value.name());
            values.add(toKanal(value, key == null ? null : key.type, submitted.get(value.name())));
            reported.add(value.name());
        }
        Set<String> unknown = new TreeSet<>();
        for (String name : submitted.keySet()) {
            if (!keys.containsKey(name) && !reported.contains(name)) {
                unknown.add(name);
            }
        }
        return new ConfigValidationResult(values, unknown);
    }

    /**
     * @param value one Connect result
     * @param type the key's Connect type, or null when unknown
     * @return Kanal's result for the key
     */
    public static ConfigValueResult toKanal(ConfigValue value, ConfigDef.Type type) {
        return toKanal(value, type, null);
    }

    /**
     * @param value one Connect result
     * @param type the key's Connect type, or null when unknown
     * @param submitted the value submitted for the key, or null: a problem with a key whose result carries no value
     *     names it (connectors that validate field by field, such as Debezium's, report errors on values they leave
     *     empty); never shown for a password key, nor for a key whose type is unknown
     * @return Kanal's result for the key
     */
    public static ConfigValueResult toKanal(ConfigValue value, ConfigDef.Type type, String submitted) {
        Optional<String> shown = shown(value.value(), type);
        List<String> recommended = new ArrayList<>();
        if (value.recommendedValues() != null) {
            ConfigDef.Type elementType = type == ConfigDef.Type.LIST ? ConfigDef.Type.STRING : type;
            for (Object recommendation : value.recommendedValues()) {
                Optional<String> text = shown(recommendation, elementType);
                text.ifPresent(recommended::add);
            }
        }
        List<ConfigProblem> problems = new ArrayList<>();
        if (value.errorMessages() != null) {
            Optional<String> offending = shown.isPresent() || submitted == null || type == null
                    ? shown
                    : Optional.of(type == ConfigDef.Type.PASSWORD ? Password.HIDDEN : submitted);
            for (String message : value.errorMessages()) {
                problems.add(problem(value.name(), offending, message));
            }
        }
        return new ConfigValueResult(value.name(), shown, recommended, problems, value.visible());
    }

    private static Optional<String> shown(Object value, ConfigDef.Type type) {
        if (value == null) {
            return Optional.empty();
        }
        // A connector's own validate may put a raw string into a password key's value: never show it.
        if (type == ConfigDef.Type.PASSWORD || value instanceof org.apache.kafka.common.config.types.Password) {
            return Optional.of(Password.HIDDEN);
        }
        return Optional.ofNullable(ConfigDef.convertToString(value, type));
    }

    private static ConfigProblem problem(String key, Optional<String> shown, String message) {
        String text = message == null ? "" : message;
        if (text.startsWith(MISSING) && shown.isEmpty()) {
            return ConfigProblem.missing(key);
        }
        String rule = text;
        String marker = " for configuration " + key + ": ";
        int at = text.indexOf(marker);
        if (text.startsWith(INVALID_VALUE) && at >= 0) {
            rule = text.substring(at + marker.length());
        }
        if (rule.isBlank()) {
            rule = "is invalid";
        }
        return ConfigProblem.invalidValue(key, shown.orElse(""), rule);
    }
}
