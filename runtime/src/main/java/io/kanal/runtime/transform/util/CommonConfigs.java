package io.kanal.runtime.transform.util;

import io.kanal.config.ConfigKey;
import io.kanal.config.ConfigType;
import io.kanal.config.Importance;
import io.kanal.config.Validator;
import io.kanal.config.Validators;
import java.util.LinkedHashSet;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Configuration keys and rules that several built-in transforms share, as Kafka Connect defines them. */
public final class CommonConfigs {

    private static final Logger log = LoggerFactory.getLogger(CommonConfigs.class);

    private CommonConfigs() {}

    /**
     * A list without repeated elements, first occurrences kept in order. Connect 4 drops duplicates from its field
     * name lists ({@code ValidList.anyNonDuplicateValues}) with a warning rather than refusing them; so does Kanal.
     *
     * @param key the configuration key, for the warning
     * @param values the configured list
     * @return the list without duplicates
     */
    public static List<String> withoutDuplicates(String key, List<String> values) {
        List<String> distinct = List.copyOf(new LinkedHashSet<>(values));
        if (distinct.size() != values.size()) {
            log.warn("Configuration '{}' repeats elements in {}; using {}", key, values, distinct);
        }
        return distinct;
    }

    /** Connect's {@code replace.null.with.default}: whether a null field with a default reads as the default. */
    public static final ConfigKey<Boolean> REPLACE_NULL_WITH_DEFAULT = ConfigKey.builder(
                    "replace.null.with.default", ConfigType.BOOLEAN)
            .defaultValue(true)
            .importance(Importance.MEDIUM)
            .documentation("Whether a field that is null but has a default value reads as its default (true) or"
                    + " stays null (false).")
            .build();

    /**
     * The rule of Connect's list keys that take field names: every element must be non-blank and, unless {@code
     * emptyAllowed}, the list must have at least one.
     *
     * @param emptyAllowed whether the empty list is valid
     * @return the validator
     */
    public static Validator<List<String>> fieldNames(boolean emptyAllowed) {
        Validator<List<String>> elements = Validators.eachElement(Validators.nonEmptyString());
        return emptyAllowed ? elements : Validators.nonEmptyList().and(elements);
    }
}
