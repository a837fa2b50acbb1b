package io.kanal.testkit.plugins;

import io.kanal.config.ConfigKey;
import io.kanal.config.ConfigSpec;
import io.kanal.config.ConfigType;
import io.kanal.config.ConfigValidationResult;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.assertj.core.api.SoftAssertions;

/**
 * The checks on a config spec: every key documented, secrets typed as such, required keys without defaults; and the
 * invalid configurations any spec implies (a required key left out, a number that is not one).
 *
 * <p>Threading: stateless.
 */
final class SpecChecks {

    /** The last word of a key that holds a secret: {@code connection.password}, {@code auth.bearer.token}, ... */
    private static final Pattern SECRET_WORD = Pattern.compile(
            "(password|passwd|passphrase|secret|token|credentials?|apikey|api[._-]key|private[._-]key)$");

    private static final Map<ConfigType<?>, String> NOT_A_VALUE = Map.of(
            ConfigType.INT, "not-an-int",
            ConfigType.SHORT, "not-a-short",
            ConfigType.LONG, "not-a-long",
            ConfigType.DOUBLE, "not-a-double",
            ConfigType.BOOLEAN, "not-a-boolean");

    private SpecChecks() {}

    /**
     * Checks that every key of a spec is complete and documented.
     *
     * @param owner the connector or task class, for the messages
     * @param spec the spec
     * @param notSecret keys whose name looks like a secret but that hold none
     */
    static void assertComplete(String owner, ConfigSpec spec, Set<String> notSecret) {
        SoftAssertions softly = new SoftAssertions();
        for (ConfigKey<?> key : spec.keys()) {
            String where = owner + " key '" + key.name() + "'";
            softly.assertThat(key.documentation())
                    .as(where + " has documentation")
                    .isNotBlank();
            softly.assertThat(key.documentation().trim())
                    .as(where + " is documented in words, not by its own name")
                    .isNotEqualToIgnoringCase(key.name());
            softly.assertThat(key.importance()).as(where + " has an importance").isNotNull();
            softly.assertThat(key.type()).as(where + " has a type").isNotNull();
            if (key.required()) {
                softly.assertThat(key.defaultValue())
                        .as(where + " is required, so it has no default")
                        .isEmpty();
            }
            if (looksSecret(key.name()) && !notSecret.contains(key.name())) {
                softly.assertThat(key.type().isSecret())
                        .as(where + " holds a secret by its name, so it must be typed PASSWORD (hidden in REST"
                                + " answers, logs and toString); list it in keysNamedLikeSecretsThatAreNot() if it"
                                + " holds none")
                        .isTrue();
            }
        }
        softly.assertAll();
    }

    /**
     * Checks that a configuration uses only keys the spec declares.
     *
     * @param owner the connector or task, for the messages
     * @param spec the spec
     * @param config the configuration
     * @param undeclaredAllowed keys the runtime adds, which no plugin declares
     */
    static void assertDeclares(
            String owner, ConfigSpec spec, Map<String, String> config, Set<String> undeclaredAllowed) {
        Set<String> unknown = new TreeSet<>(spec.unknownKeys(config));
        unknown.removeAll(undeclaredAllowed);
        if (!unknown.isEmpty()) {
            throw new AssertionError(owner + " is configured with keys its spec does not declare (so they are not"
                    + " validated or documented): " + unknown);
        }
    }

    static boolean looksSecret(String key) {
        return SECRET_WORD.matcher(key.toLowerCase(Locale.ROOT)).find();
    }

    /**
     * The invalid configurations a spec implies: the valid one without each required key, and with each number or
     * boolean key set to something that is not one.
     *
     * @param spec the connector's spec
     * @param valid the valid configuration
     * @return the invalid configurations
     */
    static List<InvalidConfig> implied(ConfigSpec spec, Map<String, String> valid) {
        List<InvalidConfig> out = new ArrayList<>();
        for (ConfigKey<?> key : spec.keys()) {
            if (key.required()) {
                out.add(InvalidConfig.without(valid, key.name()));
            }
            String bad = NOT_A_VALUE.get(key.type());
            if (bad != null) {
                out.add(InvalidConfig.with(valid, key.name(), bad));
            }
        }
        List<String> required = spec.keys().stream()
                .filter(ConfigKey::required)
                .map(ConfigKey::name)
                .toList();
        if (!required.isEmpty()) {
            out.add(new InvalidConfig("no keys at all", Map.of(), Set.copyOf(required)));
        }
        return out;
    }

    /**
     * Checks that no supplied PASSWORD value shows in a validation result: not as a shown value, not in a message.
     *
     * @param result the result
     * @param spec the spec, which says which keys are passwords
     * @param config the configuration that was validated
     */
    static void assertNoSecretShown(ConfigValidationResult result, ConfigSpec spec, Map<String, String> config) {
        Map<String, String> secrets = new HashMap<>();
        for (ConfigKey<?> key : spec.keys()) {
            String value = config.get(key.name());
            if (key.type().isSecret() && value != null && value.length() >= 3) {
                secrets.put(key.name(), value);
            }
        }
        String shown = result.values().stream()
                        .map(v -> v.name() + "=" + v.shownValue().orElse("") + " " + v.errors())
                        .reduce("", String::concat)
                + result.problems();
        secrets.forEach((key, value) -> {
            if (shown.contains(value)) {
                throw new AssertionError("the value of PASSWORD key '" + key + "' shows in the validation result");
            }
        });
    }
}
