package io.kanal.testkit;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Describes a {@link KafkaCluster}. Defaults suit tests: one node, a PLAINTEXT client listener, small serial-GC JVMs,
 * logs under {@code target/testkit/<name>}. Not thread-safe.
 */
public final class KafkaClusterBuilder {
    /**
     * JVM options of every broker by default: a small heap and the serial collector start fast on a small machine,
     * and C1-only compilation keeps the JIT from competing with three starting brokers for two cores (measured: 3 nodes
     * ready in about 4.6 s instead of 6.8 s; no change for 1 node). The throughput cost does not matter to tests.
     */
    public static final List<String> DEFAULT_JVM_OPTIONS = List.of(
            "-Xms128m",
            "-Xmx512m",
            "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1",
            "-XX:-UsePerfData",
            "-XX:+ExitOnOutOfMemoryError",
            "-Djava.awt.headless=true");

    /**
     * JVM options for brokers whose throughput matters, such as the perf tools' {@code --dev} cluster: Kafka's own
     * heap and collector defaults ({@code kafka-server-start.sh}), with the full JIT. Slower to start.
     */
    public static final List<String> THROUGHPUT_JVM_OPTIONS = List.of(
            "-Xms1g",
            "-Xmx1g",
            "-XX:+UseG1GC",
            "-XX:MaxGCPauseMillis=20",
            "-XX:InitiatingHeapOccupancyPercent=35",
            "-XX:+ExplicitGCInvokesConcurrent",
            "-XX:+ExitOnOutOfMemoryError",
            "-Djava.awt.headless=true");

    /** Default time {@link KafkaCluster#start()} waits for readiness. */
    public static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(90);

    /** Default time a clean stop may take before a node is killed. */
    public static final Duration DEFAULT_STOP_TIMEOUT = Duration.ofSeconds(30);

    private String name;
    private int nodes = 1;
    private final Map<String, String> brokerConfig = new LinkedHashMap<>();
    private ListenerSecurity clientListener = ListenerSecurity.PLAINTEXT;
    private boolean authorizer;
    private List<String> jvmOptions = DEFAULT_JVM_OPTIONS;
    private Path logDirectory;
    private Duration startTimeout = DEFAULT_START_TIMEOUT;
    private Duration stopTimeout = DEFAULT_STOP_TIMEOUT;

    KafkaClusterBuilder() {}

    /**
     * Names the cluster (default: {@code kafka-} and a random suffix). The name picks the log directory, so give
     * concurrent clusters distinct names.
     *
     * @param name letters, digits, {@code .}, {@code _} and {@code -}
     * @return this builder
     */
    public KafkaClusterBuilder name(String name) {
        this.name = Objects.requireNonNull(name, "name");
        return this;
    }

    /**
     * Sets the number of combined broker+controller nodes (default 1). Use 3 for fault tests: an RF=3 topic with
     * {@code min.insync.replicas=2} then survives the loss of any one node.
     *
     * @param nodes 1 to {@value ClusterSpec#MAX_NODES}
     * @return this builder
     */
    public KafkaClusterBuilder nodes(int nodes) {
        this.nodes = nodes;
        return this;
    }

    /**
     * Sets one broker property on every node, over the testkit's defaults.
     *
     * @param key the property name, e.g. {@code auto.create.topics.enable}
     * @param value its value
     * @return this builder
     */
    public KafkaClusterBuilder brokerConfig(String key, String value) {
        brokerConfig.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
        return this;
    }

    /**
     * Sets several broker properties on every node, over the testkit's defaults.
     *
     * @param config the properties
     * @return this builder
     */
    public KafkaClusterBuilder brokerConfig(Map<String, String> config) {
        config.forEach(this::brokerConfig);
        return this;
    }

    /**
     * Sets the security protocol of the client listener (default PLAINTEXT, the only one supported so far).
     *
     * @param protocol the protocol
     * @return this builder
     */
    public KafkaClusterBuilder clientListener(ListenerSecurity protocol) {
        this.clientListener = Objects.requireNonNull(protocol, "protocol");
        return this;
    }

    /**
     * Runs the cluster with Kafka's KRaft authorizer ({@code StandardAuthorizer}) and no access without an ACL
     * ({@code allow.everyone.if.no.acl.found=false}). The super users are the brokers and controllers themselves
     * ({@code User:ANONYMOUS}: their {@code INTERNAL} and {@code CONTROLLER} listeners are PLAINTEXT) and
     * {@link KafkaCluster#SUPER_USER}, for the test's own set-up and ACLs. Every other principal, {@link
     * KafkaCluster#SASL_USERNAME} included, needs ACLs: create them with the admin client's {@code createAcls}, logged
     * in with {@link KafkaCluster#clientPropertiesAs}. Needs a SASL client listener ({@link #toSpec} and {@link #build}
     * fail without one): on a PLAINTEXT or SSL one every client is {@code User:ANONYMOUS}, a super user, and no ACL
     * would be checked. Broker properties set with {@link #brokerConfig} still win.
     *
     * @return this builder
     */
    public KafkaClusterBuilder authorizer() {
        authorizer = true;
        brokerConfig.putIfAbsent("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
        brokerConfig.putIfAbsent("allow.everyone.if.no.acl.found", "false");
        brokerConfig.putIfAbsent("super.users", "User:ANONYMOUS;User:" + KafkaCluster.SUPER_USER);
        return this;
    }

    /**
     * Replaces the broker JVMs' options (default {@link #DEFAULT_JVM_OPTIONS}).
     *
     * @param options JVM options such as {@code -Xmx1g}
     * @return this builder
     */
    public KafkaClusterBuilder jvmOptions(List<String> options) {
        this.jvmOptions = List.copyOf(options);
        return this;
    }

    /**
     * Sets where node logs go (default {@code target/testkit/<name>}, relative to the working directory).
     *
     * @param directory the directory; created when missing
     * @return this builder
     */
    public KafkaClusterBuilder logDirectory(Path directory) {
        this.logDirectory = Objects.requireNonNull(directory, "directory");
        return this;
    }

    /**
     * Sets how long starts wait for readiness (default {@link #DEFAULT_START_TIMEOUT}).
     *
     * @param timeout the timeout
     * @return this builder
     */
    public KafkaClusterBuilder startTimeout(Duration timeout) {
        this.startTimeout = timeout;
        return this;
    }

    /**
     * Sets how long a clean stop may take before the node is killed (default {@link #DEFAULT_STOP_TIMEOUT}).
     *
     * @param timeout the timeout
     * @return this builder
     */
    public KafkaClusterBuilder stopTimeout(Duration timeout) {
        this.stopTimeout = timeout;
        return this;
    }

    /**
     * The spec described so far.
     *
     * @return a validated spec
     * @throws IllegalArgumentException when a value is out of range
     * @throws IllegalStateException when {@link #authorizer()} is set without a SASL client listener
     * @throws UnsupportedOperationException when the client listener's protocol is not supported yet
     */
    public ClusterSpec toSpec() {
        if (authorizer
                && clientListener != ListenerSecurity.SASL_PLAINTEXT
                && clientListener != ListenerSecurity.SASL_SSL) {
            throw new IllegalStateException("authorizer() needs a SASL client listener (clientListener(SASL_PLAINTEXT)"
                    + " or SASL_SSL), not " + clientListener + ": on it every client would be User:ANONYMOUS, a super"
                    + " user of the brokers' own PLAINTEXT listeners, and no ACL would be checked");
        }
        String clusterName = name != null
                ? name
                : "kafka-"
                        + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        Path logs = logDirectory != null ? logDirectory : Path.of("target", "testkit", clusterName);
        return new ClusterSpec(
                clusterName, nodes, brokerConfig, clientListener, jvmOptions, logs, startTimeout, stopTimeout);
    }

    /**
     * Creates the cluster without starting it.
     *
     * @return the cluster; call {@link KafkaCluster#start()}
     * @throws IllegalStateException when {@link #authorizer()} is set without a SASL client listener
     */
    public KafkaCluster build() {
        return new KafkaCluster(toSpec());
    }
}
