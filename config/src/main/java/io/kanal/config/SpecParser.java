package io.kanal.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * One pass over a raw map: parses every defined key, collects every problem, and keeps whatever parsed so that
 * validation can still ask recommenders about the valid part. Used once per parse and then discarded.
 */
final class SpecParser {

    private final ConfigSpec spec;
    private final Map<String, ?> originals;
    private final Map<String, Object> values = new HashMap<>();
    private final Set<String> supplied = new HashSet<>();
    private final Map<String, String> templates = new HashMap<>();
    private final Map<String, Optional<String>> shownValues = new LinkedHashMap<>();
    private final Map<String, ConfigProblem> problems = new LinkedHashMap<>();

    private SpecParser(ConfigSpec spec, Map<String, ?> originals) {
        this.spec = spec;
        this.originals = originals;
    }

    /** What a parse found: the lenient configuration plus, per key, its shown value and problem if any. */
    record Outcome(
            ParsedConfig config, Map<String, Optional<String>> shownValues, Map<String, ConfigProblem> problems) {

        List<ConfigProblem> allProblems() {
            return List.copyOf(problems.values());
        }
    }

    static Outcome parse(ConfigSpec spec, Map<String, ?> originals) {
        Objects.requireNonNull(originals, "originals");
        SpecParser parser = new SpecParser(spec, originals);
        for (ConfigKey<?> key : spec.keys()) {
            parser.parseKey(key);
        }
        ParsedConfig config = new ParsedConfig(
                spec,
                parser.values,
                parser.supplied,
                parser.templates,
                unknownKeys(spec, originals),
                rawStrings(originals));
        return new Outcome(
                config, Collections.unmodifiableMap(parser.shownValues), Collections.unmodifiableMap(parser.problems));
    }

    /**
     * Every supplied key with its value as text, secrets and provider-resolved values revealed: what a plugin that
     * passes a family of keys through (driver properties, a bridged Connect plugin) needs. Null values are absent.
     */
    static Map<String, String> rawStrings(Map<String, ?> originals) {
        Map<String, String> raw = new LinkedHashMap<>();
        originals.forEach((name, value) -> {
            if (value instanceof ResolvedValue resolved) {
                raw.put(name, resolved.reveal());
            } else if (value instanceof Password password) {
                raw.put(name, password.reveal());
            } else if (value != null) {
                raw.put(name, String.valueOf(value));
            }
        });
        return Collections.unmodifiableMap(raw);
    }

    static Set<String> unknownKeys(ConfigSpec spec, Map<String, ?> originals) {
        Set<String> unknown = new TreeSet<>();
        for (String name : originals.keySet()) {
            Objects.requireNonNull(name, "configuration keys must not be null");
            if (spec.key(name).isEmpty()) {
                unknown.add(name);
            }
        }
        return Collections.unmodifiableSet(unknown);
    }

    private <T> void parseKey(ConfigKey<T> key) {
        String name = key.name();
        // An explicit null means "not set", the way properties files and JSON nulls are usually meant.
        Object raw = originals.get(name);
        if (raw == null) {
            key.defaultValue().ifPresent(value -> values.put(name, value));
            shownValues.put(name, key.formattedDefault());
            if (key.required()) {
                problems.put(name, ConfigProblem.missing(name));
            }
            return;
        }
        supplied.add(name);
        String shown = show(key.type(), raw);
        shownValues.put(name, Optional.of(shown));
        Object input = raw;
        if (raw instanceof ResolvedValue resolved) {
            templates.put(name, resolved.template());
            input = resolved.reveal();
        }
        T value;
        try {
            value = key.type().parseOrReject(input);
        } catch (RejectedValueException rejected) {
            problems.put(name, ConfigProblem.invalidValue(name, shown, rejected.getMessage()));
            return;
        }
        Optional<String> broken = key.validator().violation(value);
        if (broken.isPresent()) {
            problems.put(name, ConfigProblem.invalidValue(name, shown, broken.get()));
            return;
        }
        values.put(name, value);
    }

    private static String show(ConfigType<?> type, Object raw) {
        if (!type.isSecret() && raw instanceof ResolvedValue resolved) {
            return resolved.template();
        }
        return type.show(raw);
    }

    static List<String> recommendations(ConfigKey<?> key, ParsedConfig partial) {
        List<String> all = new ArrayList<>(key.validator().recommendedValues());
        key.recommender().recommendedValues(partial).stream()
                .filter(candidate -> !all.contains(candidate))
                .forEach(all::add);
        return List.copyOf(all);
    }
}
