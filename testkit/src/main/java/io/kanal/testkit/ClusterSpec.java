package io.kanal.testkit;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Everything that defines a cluster before it starts. Built by {@link KafkaClusterBuilder}.
 *
 * @param name the cluster's name: names its log directory and derives its KRaft cluster id
 * @param nodes how many combined broker+controller nodes (1 to 9)
 * @param brokerConfig broker properties applied last, over the testkit's defaults, on every node
 * @param clientListener the security protocol of the listener clients use
 * @param jvmOptions the JVM options of every broker process
 * @param logDirectory where {@code <node>.log} files go; kept after {@link KafkaCluster#close()} for forensics
 * @param startTimeout how long {@link KafkaCluster#start()} and {@link KafkaNode#start()} wait for readiness
 * @param stopTimeout how long a clean stop may take before the process is killed
 */
public record ClusterSpec(
        String name,
        int nodes,
        Map<String, String> brokerConfig,
        ListenerSecurity clientListener,
        List<String> jvmOptions,
        Path logDirectory,
        Duration startTimeout,
        Duration stopTimeout) {
    /** The largest cluster the testkit starts: more would not fit the machines it runs on. */
    public static final int MAX_NODES = 9;

    /**
     * Validates and copies the values.
     *
     * @param name the cluster's name: names its log directory and derives its KRaft cluster id
     * @param nodes how many combined broker+controller nodes (1 to 9)
     * @param brokerConfig broker properties applied last, over the testkit's defaults, on every node
     * @param clientListener the security protocol of the listener clients use
     * @param jvmOptions the JVM options of every broker process
     * @param logDirectory where {@code <node>.log} files go; kept after {@link KafkaCluster#close()} for forensics
     * @param startTimeout how long {@link KafkaCluster#start()} and {@link KafkaNode#start()} wait for readiness
     * @param stopTimeout how long a clean stop may take before the process is killed
     */
    public ClusterSpec {
        Objects.requireNonNull(name, "name");
        if (!name.matches("[A-Za-z0-9._-]+")) {
            throw new IllegalArgumentException("name must match [A-Za-z0-9._-]+ (it names a directory): " + name);
        }
        if (nodes < 1 || nodes > MAX_NODES) {
            throw new IllegalArgumentException("nodes must be between 1 and " + MAX_NODES + ": " + nodes);
        }
        brokerConfig = Map.copyOf(new TreeMap<>(brokerConfig));
        Objects.requireNonNull(clientListener, "clientListener");
        if (!clientListener.supported()) {
            throw new UnsupportedOperationException("the testkit does not start " + clientListener + " listeners yet");
        }
        jvmOptions = List.copyOf(jvmOptions);
        Objects.requireNonNull(logDirectory, "logDirectory");
        requirePositive(startTimeout, "startTimeout");
        requirePositive(stopTimeout, "stopTimeout");
    }

    private static void requirePositive(Duration duration, String what) {
        Objects.requireNonNull(duration, what);
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(what + " must be positive: " + duration);
        }
    }
}
