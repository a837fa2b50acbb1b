package io.kanal.config;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Resolves {@code ${env:NAME}} from environment variables. Takes no path. Accepts Connect's {@value
 * #ALLOWLIST_PATTERN} parameter: only variables whose whole name matches it can be resolved, the others stay
 * unresolved. Immutable and thread-safe: the environment is copied when the provider is created.
 */
public final class EnvConfigProvider implements ConfigProvider {

    /** The name this provider is conventionally registered under. */
    public static final String NAME = "env";

    /** The provider parameter restricting the variables, as Connect's {@code EnvVarConfigProvider} names it. */
    public static final String ALLOWLIST_PATTERN = "allowlist.pattern";

    private static final Pattern ANY = Pattern.compile(".*");

    private final Map<String, String> environment;
    private final Pattern allowlist;

    /** A provider over the process environment. */
    public EnvConfigProvider() {
        this(System.getenv());
    }

    /**
     * A provider over a given environment, so tests need not change the process's.
     *
     * @param environment variable names to values
     */
    public EnvConfigProvider(Map<String, String> environment) {
        this(environment, ANY);
    }

    /**
     * A provider over the variables of an environment whose names match a pattern.
     *
     * @param environment variable names to values
     * @param allowlist the pattern a whole variable name must match
     */
    public EnvConfigProvider(Map<String, String> environment, Pattern allowlist) {
        Objects.requireNonNull(environment, "environment");
        this.allowlist = Objects.requireNonNull(allowlist, "allowlist");
        Map<String, String> allowed = new HashMap<>();
        environment.forEach((name, value) -> {
            if (allowlist.matcher(name).matches()) {
                allowed.put(name, value);
            }
        });
        this.environment = Map.copyOf(allowed);
    }

    /**
     * Creates the provider over the process environment from Connect-style parameters ({@code
     * config.providers.<name>.param.*} with the prefix removed). Unknown parameters are ignored, as in Connect.
     *
     * @param params the parameters; {@value #ALLOWLIST_PATTERN} defaults to every variable
     * @return the provider
     * @throws InvalidConfigValueException when the pattern is not a regular expression
     */
    public static EnvConfigProvider fromParams(Map<String, String> params) {
        return new EnvConfigProvider(System.getenv(), allowlist(params.get(ALLOWLIST_PATTERN)));
    }

    /**
     * Parses an {@value #ALLOWLIST_PATTERN} value.
     *
     * @param value the regular expression; {@code null} allows every variable
     * @return the pattern
     * @throws InvalidConfigValueException when the value is not a regular expression
     */
    public static Pattern allowlist(String value) {
        if (value == null) {
            return ANY;
        }
        try {
            return Pattern.compile(value);
        } catch (PatternSyntaxException e) {
            throw new InvalidConfigValueException(
                    ALLOWLIST_PATTERN, value, "must be a regular expression: " + e.getDescription());
        }
    }

    /**
     * Looks environment variables up.
     *
     * @param path must be empty
     * @param keys variable names
     * @return the variables that are set
     * @throws ConfigProviderException when a path is given
     */
    @Override
    public Map<String, String> resolve(String path, Set<String> keys) {
        if (!path.isEmpty()) {
            throw new ConfigProviderException(
                    "the env config provider takes no path: write ${env:NAME}, not ${env:" + path + ":NAME}");
        }
        Map<String, String> found = new HashMap<>();
        for (String key : keys) {
            String value = environment.get(key);
            if (value != null) {
                found.put(key, value);
            }
        }
        return found;
    }

    /**
     * Names the provider without listing the environment.
     *
     * @return a description with the number of variables it can resolve and the allowlist, if one was given
     */
    @Override
    public String toString() {
        String restriction = allowlist == ANY ? "" : ", " + ALLOWLIST_PATTERN + "=" + allowlist;
        return "EnvConfigProvider[" + environment.size() + " variables" + restriction + "]";
    }
}
