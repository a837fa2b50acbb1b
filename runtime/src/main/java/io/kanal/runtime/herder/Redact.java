package io.kanal.runtime.herder;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Renders configs for {@code toString()} without their values: a config may hold passwords, and which keys are
 * passwords is known only to the plugin's config spec, so events and commands that are logged show key names only.
 * Stateless.
 */
final class Redact {

    private Redact() {}

    static String config(Map<String, String> config) {
        return "{keys " + new TreeSet<>(config.keySet()) + "}";
    }

    static String config(Optional<Map<String, String>> config) {
        return config.map(Redact::config).orElse("<deleted>");
    }

    static String configs(List<Map<String, String>> configs) {
        return configs.size() + " task config(s)";
    }
}
