package io.kanal.runtime.task;

import io.kanal.api.connector.ConnectRecord;
import io.kanal.api.transform.Predicate;
import io.kanal.api.transform.Transformation;
import io.kanal.config.ConfigProblem;
import io.kanal.config.ConfigValidationException;
import io.kanal.runtime.invoke.Plugin;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads a connector's {@code transforms} and {@code predicates} keys into the steps of a {@link TransformChain}, as
 * Kafka Connect does: {@code transforms=a,b}, {@code transforms.a.type}, {@code transforms.a.<key>} (the transform's
 * own configuration, without {@code type}, {@code predicate} and {@code negate}), {@code transforms.a.predicate}
 * naming an alias of {@code predicates}, {@code transforms.a.negate}; {@code predicates=p}, {@code
 * predicates.p.type}, {@code predicates.p.<key>}. Each transform that refers to a predicate gets its own predicate
 * instance, as in Connect.
 *
 * <p>Stateless; the factory instantiates and configures the plugins (through the invoker and the isolation layer).
 */
public final class TransformConfigs {

    private TransformConfigs() {}

    /**
     * Instantiates and configures transforms and predicates by class name.
     *
     * @param <R> the record type
     */
    public interface Plugins<R extends ConnectRecord<R>> {
        /**
         * Creates a configured transform.
         *
         * @param alias its alias
         * @param className {@code transforms.<alias>.type}
         * @param config its own keys, without the prefix
         * @return the transform
         */
        Plugin<Transformation<R>> transformation(String alias, String className, Map<String, String> config);

        /**
         * Creates a configured predicate.
         *
         * @param alias its alias
         * @param className {@code predicates.<alias>.type}
         * @param config its own keys, without the prefix
         * @return the predicate
         */
        Plugin<Predicate<R>> predicate(String alias, String className, Map<String, String> config);

        /**
         * Closes a transform or predicate this factory made for a chain that could not be completed.
         *
         * @param plugin the plugin, which nobody else holds
         */
        void discard(Plugin<? extends AutoCloseable> plugin);
    }

    /**
     * The steps a connector's configuration describes.
     *
     * @param connectorConfig the connector's configuration
     * @param plugins creates the plugins
     * @param <R> the record type
     * @return the steps, in {@code transforms} order
     * @throws ConfigValidationException naming every wrong key: a duplicate alias, a missing {@code type}, an unknown
     *     predicate alias, {@code negate} without a predicate or not a boolean
     */
    public static <R extends ConnectRecord<R>> List<TransformChain.Step<R>> steps(
            Map<String, String> connectorConfig, Plugins<R> plugins) {
        List<ConfigProblem> problems = new ArrayList<>();
        List<String> transforms = aliases(connectorConfig, "transforms", problems);
        List<String> predicates = aliases(connectorConfig, "predicates", problems);
        for (String alias : transforms) {
            requireType(connectorConfig, "transforms." + alias + ".type", problems);
            String predicate = connectorConfig.get("transforms." + alias + ".predicate");
            String negate = connectorConfig.get("transforms." + alias + ".negate");
            if (predicate != null && !predicate.isBlank() && !predicates.contains(predicate.trim())) {
                problems.add(ConfigProblem.invalidValue(
                        "transforms." + alias + ".predicate",
                        predicate,
                        "must be one of the aliases in 'predicates': " + predicates));
            }
            if (negate != null && !negate.isBlank()) {
                String n = negate.trim().toLowerCase(Locale.ROOT);
                if (!n.equals("true") && !n.equals("false")) {
                    problems.add(ConfigProblem.invalidValue(
                            "transforms." + alias + ".negate", negate, "must be true or false"));
                } else if (n.equals("true") && (predicate == null || predicate.isBlank())) {
                    problems.add(ConfigProblem.invalidValue(
                            "transforms." + alias + ".negate", negate, "needs transforms." + alias + ".predicate"));
                }
            }
        }
        for (String alias : predicates) {
            requireType(connectorConfig, "predicates." + alias + ".type", problems);
        }
        if (!problems.isEmpty()) {
            throw new ConfigValidationException(problems);
        }
        List<TransformChain.Step<R>> steps = new ArrayList<>(transforms.size());
        // Each made plugin is closed again when a later one fails: the chain that would own them never exists.
        List<Plugin<? extends AutoCloseable>> made = new ArrayList<>();
        try {
            for (String alias : transforms) {
                String prefix = "transforms." + alias + ".";
                Map<String, String> own = subset(connectorConfig, prefix, Set.of("type", "predicate", "negate"));
                Plugin<Transformation<R>> transform = plugins.transformation(
                        alias, connectorConfig.get(prefix + "type").trim(), own);
                made.add(transform);
                String predicateAlias = connectorConfig.get(prefix + "predicate");
                Plugin<Predicate<R>> predicate = null;
                if (predicateAlias != null && !predicateAlias.isBlank()) {
                    String p = predicateAlias.trim();
                    predicate = plugins.predicate(
                            p,
                            connectorConfig.get("predicates." + p + ".type").trim(),
                            subset(connectorConfig, "predicates." + p + ".", Set.of("type")));
                    made.add(predicate);
                }
                boolean negate = Boolean.parseBoolean(
                        connectorConfig.getOrDefault(prefix + "negate", "false").trim());
                steps.add(new TransformChain.Step<>(alias, transform, predicate, negate));
            }
        } catch (RuntimeException e) {
            for (int i = made.size() - 1; i >= 0; i--) {
                plugins.discard(made.get(i));
            }
            throw e;
        }
        return steps;
    }

    private static List<String> aliases(Map<String, String> config, String key, List<ConfigProblem> problems) {
        String raw = config.getOrDefault(key, "");
        Set<String> aliases = new LinkedHashSet<>();
        for (String alias : raw.split(",")) {
            String a = alias.trim();
            if (!a.isEmpty() && !aliases.add(a)) {
                problems.add(ConfigProblem.invalidValue(key, raw, "duplicate alias provided: " + a));
            }
        }
        return List.copyOf(aliases);
    }

    private static void requireType(Map<String, String> config, String key, List<ConfigProblem> problems) {
        String type = config.get(key);
        if (type == null || type.isBlank()) {
            problems.add(ConfigProblem.missing(key));
        }
    }

    private static Map<String, String> subset(Map<String, String> config, String prefix, Set<String> without) {
        Map<String, String> out = new LinkedHashMap<>();
        config.forEach((k, v) -> {
            if (k.startsWith(prefix)) {
                String key = k.substring(prefix.length());
                if (!without.contains(key)) {
                    out.put(key, v);
                }
            }
        });
        return out;
    }
}
