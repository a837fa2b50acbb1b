package io.kanal.testkit;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@link DevCluster} starts: parsed from its command line, or built in code.
 *
 * @param name the cluster's name (names its log directory)
 * @param nodes how many nodes
 * @param brokerConfig broker properties over the testkit's defaults
 * @param logDirectory where node logs go; empty for {@code target/testkit/<name>}
 * @param jvmOptions the brokers' JVM options, e.g. {@link KafkaClusterBuilder#DEFAULT_JVM_OPTIONS} (fast start-up)
 *     or {@link KafkaClusterBuilder#THROUGHPUT_JVM_OPTIONS} (for performance runs)
 */
public record DevClusterOptions(
        String name,
        int nodes,
        Map<String, String> brokerConfig,
        Optional<Path> logDirectory,
        List<String> jvmOptions) {
    /** The usage text of the command line. */
    public static final String USAGE = String.join(
            "\n",
            "usage: DevCluster [--nodes N] [--name NAME] [--log-dir DIR] [--broker-config KEY=VALUE]... [--throughput] [--jvm-option OPT]...",
            "  Runs a local Apache Kafka KRaft cluster on loopback ports until Ctrl-C or SIGTERM.",
            "  --nodes N                   combined broker+controller nodes (default 1)",
            "  --name NAME                 cluster name (default dev)",
            "  --log-dir DIR               node logs (default target/testkit/NAME)",
            "  --broker-config KEY=VALUE   a broker property for every node; repeatable",
            "  --throughput                brokers with Kafka's production JVM settings (1 GiB heap, G1, full JIT)",
            "                              instead of the fast-starting test settings: use for performance runs",
            "  --jvm-option OPTION         a broker JVM option; repeatable; replaces the default options");

    /**
     * Validates and copies the values.
     *
     * @param name the cluster's name (names its log directory)
     * @param nodes how many nodes
     * @param brokerConfig broker properties over the testkit's defaults
     * @param logDirectory where node logs go; empty for {@code target/testkit/<name>}
     * @param jvmOptions the brokers' JVM options, e.g. {@link KafkaClusterBuilder#DEFAULT_JVM_OPTIONS} (fast start-up)
     *     or {@link KafkaClusterBuilder#THROUGHPUT_JVM_OPTIONS} (for performance runs)
     */
    public DevClusterOptions {
        Objects.requireNonNull(name, "name");
        brokerConfig = Map.copyOf(brokerConfig);
        Objects.requireNonNull(logDirectory, "logDirectory");
        jvmOptions = List.copyOf(jvmOptions);
    }

    /**
     * One node named {@code dev}, default settings.
     *
     * @return the defaults
     */
    public static DevClusterOptions defaults() {
        return new DevClusterOptions("dev", 1, Map.of(), Optional.empty(), KafkaClusterBuilder.DEFAULT_JVM_OPTIONS);
    }

    /**
     * Parses the command line.
     *
     * @param args the arguments, see {@link #USAGE}
     * @return the options
     * @throws IllegalArgumentException when an argument is unknown, misses its value or is malformed
     */
    public static DevClusterOptions parse(List<String> args) {
        String name = "dev";
        int nodes = 1;
        Map<String, String> config = new LinkedHashMap<>();
        Optional<Path> logs = Optional.empty();
        List<String> jvm = KafkaClusterBuilder.DEFAULT_JVM_OPTIONS;
        List<String> explicitJvm = new ArrayList<>();
        int i = 0;
        while (i < args.size()) {
            String flag = args.get(i);
            if (flag.equals("--throughput")) {
                jvm = KafkaClusterBuilder.THROUGHPUT_JVM_OPTIONS;
                i++;
                continue;
            }
            if (i + 1 >= args.size()) {
                throw new IllegalArgumentException(flag + " needs a value");
            }
            String value = args.get(i + 1);
            switch (flag) {
                case "--nodes" -> nodes = parseNodes(value);
                case "--name" -> name = value;
                case "--log-dir" -> logs = Optional.of(Path.of(value));
                case "--jvm-option" -> explicitJvm.add(value);
                case "--broker-config" -> {
                    int equals = value.indexOf('=');
                    if (equals <= 0) {
                        throw new IllegalArgumentException("--broker-config needs KEY=VALUE: " + value);
                    }
                    config.put(value.substring(0, equals), value.substring(equals + 1));
                }
                default -> throw new IllegalArgumentException("unknown argument: " + flag);
            }
            i += 2;
        }
        return new DevClusterOptions(name, nodes, config, logs, explicitJvm.isEmpty() ? jvm : explicitJvm);
    }

    /**
     * The cluster these options describe, not started yet.
     *
     * @return a builder
     */
    public KafkaClusterBuilder toBuilder() {
        KafkaClusterBuilder builder = KafkaCluster.builder()
                .name(name)
                .nodes(nodes)
                .brokerConfig(brokerConfig)
                .jvmOptions(jvmOptions);
        logDirectory.ifPresent(builder::logDirectory);
        return builder;
    }

    private static int parseNodes(String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--nodes needs a number: " + value, e);
        }
    }
}
