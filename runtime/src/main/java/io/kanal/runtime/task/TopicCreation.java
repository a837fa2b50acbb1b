package io.kanal.runtime.task;

import io.kanal.client.admin.NewTopic;
import io.kanal.config.ConfigProblem;
import io.kanal.config.ConfigValidationException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Source topic creation as Kafka Connect defines it (KIP-158): when the worker's {@code topic.creation.enable} is on
 * (the default) and the connector sets {@code topic.creation.default.replication.factor} and {@code
 * topic.creation.default.partitions}, a topic a source task writes to for the first time is created with the settings
 * of the first group of {@code topic.creation.groups} whose {@code include} patterns match it and whose {@code
 * exclude} patterns do not, or else of the {@code default} group. A group's {@code replication.factor} and {@code
 * partitions} default to the default group's (-1 means the broker's default); its other {@code
 * topic.creation.<group>.*} keys are topic configs.
 *
 * <p>Immutable and thread-safe.
 */
public final class TopicCreation {

    /** The worker key that turns topic creation off for every connector. */
    public static final String ENABLE = "topic.creation.enable";

    private static final String PREFIX = "topic.creation.";
    private static final Set<String> GROUP_KEYS = Set.of("include", "exclude", "replication.factor", "partitions");

    /**
     * One group of topic settings.
     *
     * @param name the group
     * @param include patterns a topic must match (whole name); the default group matches everything
     * @param exclude patterns a topic must not match
     * @param partitions the partition count, -1 for the broker's
     * @param replicationFactor the replication factor, -1 for the broker's
     * @param configs the topic configs
     */
    public record Group(
            String name,
            List<Pattern> include,
            List<Pattern> exclude,
            int partitions,
            short replicationFactor,
            Map<String, String> configs) {
        /** Copies the lists and map. */
        public Group {
            include = List.copyOf(include);
            exclude = List.copyOf(exclude);
            configs = Map.copyOf(configs);
        }

        boolean matches(String topic) {
            boolean included = name.equals("default")
                    || include.stream().anyMatch(p -> p.matcher(topic).matches());
            return included && exclude.stream().noneMatch(p -> p.matcher(topic).matches());
        }
    }

    private final List<Group> groups;

    private TopicCreation(List<Group> groups) {
        this.groups = List.copyOf(groups);
    }

    /**
     * Reads the settings.
     *
     * @param workerConfig the worker's configuration ({@value #ENABLE})
     * @param connectorConfig the connector's configuration
     * @return the settings, or empty when topic creation is off for this connector
     * @throws ConfigValidationException naming each wrong key
     */
    public static Optional<TopicCreation> from(Map<String, String> workerConfig, Map<String, String> connectorConfig) {
        if (!Boolean.parseBoolean(workerConfig.getOrDefault(ENABLE, "true").trim())) {
            return Optional.empty();
        }
        if (!connectorConfig.containsKey(PREFIX + "default.replication.factor")
                && !connectorConfig.containsKey(PREFIX + "default.partitions")) {
            return Optional.empty();
        }
        List<ConfigProblem> problems = new ArrayList<>();
        int defaultPartitions = count(connectorConfig, PREFIX + "default.partitions", null, problems);
        int defaultRf = count(connectorConfig, PREFIX + "default.replication.factor", null, problems);
        List<Group> groups = new ArrayList<>();
        for (String name : list(connectorConfig.get(PREFIX + "groups"))) {
            if (name.equals("default")) {
                continue;
            }
            String prefix = PREFIX + name + ".";
            groups.add(new Group(
                    name,
                    patterns(connectorConfig, prefix + "include", problems),
                    patterns(connectorConfig, prefix + "exclude", problems),
                    count(connectorConfig, prefix + "partitions", defaultPartitions, problems),
                    (short) count(connectorConfig, prefix + "replication.factor", defaultRf, problems),
                    topicConfigs(connectorConfig, prefix)));
        }
        groups.add(new Group(
                "default",
                List.of(),
                List.of(),
                defaultPartitions,
                (short) defaultRf,
                topicConfigs(connectorConfig, PREFIX + "default.")));
        if (!problems.isEmpty()) {
            throw new ConfigValidationException(problems);
        }
        return Optional.of(new TopicCreation(groups));
    }

    /**
     * The topic to create for a name: the settings of its group.
     *
     * @param topic the topic's name
     * @return the topic to create
     */
    public NewTopic newTopic(String topic) {
        for (Group group : groups) {
            if (group.matches(topic)) {
                return new NewTopic(topic, group.partitions(), group.replicationFactor(), group.configs());
            }
        }
        throw new IllegalStateException("the default group matches every topic");
    }

    /**
     * The groups, the default one last.
     *
     * @return the groups
     */
    public List<Group> groups() {
        return groups;
    }

    private static List<String> list(String raw) {
        List<String> out = new ArrayList<>();
        if (raw != null) {
            for (String item : raw.split(",")) {
                if (!item.isBlank()) {
                    out.add(item.trim());
                }
            }
        }
        return out;
    }

    private static List<Pattern> patterns(Map<String, String> config, String key, List<ConfigProblem> problems) {
        List<Pattern> out = new ArrayList<>();
        for (String regex : list(config.get(key))) {
            try {
                out.add(Pattern.compile(regex));
            } catch (PatternSyntaxException e) {
                problems.add(ConfigProblem.invalidValue(key, regex, "must be a list of regular expressions"));
            }
        }
        return out;
    }

    private static int count(Map<String, String> config, String key, Integer fallback, List<ConfigProblem> problems) {
        String raw = config.get(key);
        if (raw == null || raw.isBlank()) {
            if (fallback == null) {
                problems.add(ConfigProblem.missing(key));
                return -1;
            }
            return fallback;
        }
        try {
            int value = Integer.parseInt(raw.trim());
            if (value == 0 || value < -1 || value > Short.MAX_VALUE) {
                problems.add(ConfigProblem.invalidValue(key, raw, "must be a positive number or -1 (broker default)"));
            }
            return value;
        } catch (NumberFormatException e) {
            problems.add(ConfigProblem.invalidValue(key, raw, "must be a positive number or -1 (broker default)"));
            return -1;
        }
    }

    private static Map<String, String> topicConfigs(Map<String, String> config, String prefix) {
        Map<String, String> out = new LinkedHashMap<>();
        config.forEach((k, v) -> {
            if (k.startsWith(prefix)) {
                String key = k.substring(prefix.length());
                if (!GROUP_KEYS.contains(key)) {
                    out.put(key, v);
                }
            }
        });
        return out;
    }
}
