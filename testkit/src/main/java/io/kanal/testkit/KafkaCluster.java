package io.kanal.testkit;

import io.kanal.testkit.internal.BrokerClasspath;
import io.kanal.testkit.internal.LogFiles;
import io.kanal.testkit.internal.NodeConfig;
import io.kanal.testkit.internal.NodePorts;
import io.kanal.testkit.internal.ReadinessProbe;
import io.kanal.testkit.internal.SaslBrokerConfig;
import io.kanal.testkit.internal.TlsListener;
import io.kanal.testkit.tls.TestCertificateAuthority;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A cluster of real Apache Kafka KRaft nodes, each a child JVM on loopback ports, for tests and for local development.
 *
 * <pre>{@code
 * try (KafkaCluster cluster = KafkaCluster.builder().nodes(3).build().start()) {
 *     producerConfig.putAll(cluster.clientProperties());
 *     cluster.node(1).kill();
 *     cluster.node(1).start();
 * }
 * }</pre>
 *
 * <p>Every node is a combined broker and controller, and every node is a voter of the static KRaft quorum: one node is
 * a self-contained cluster, three nodes keep both a controller majority and an ISR of two when any one is lost. The
 * broker version is the one the build resolved ({@code kafka.broker.version}); nothing is downloaded at run time.
 *
 * <p>Ready means: every node answers ApiVersions and Metadata on its internal listener, and each one lists every
 * node as a registered, unfenced broker. Nodes start in parallel.
 *
 * <p>Hygiene: data lives in a temporary directory deleted by {@link #close()}; logs go to
 * {@code <logDirectory>/node-<id>.log} and stay. A shutdown hook closes the cluster if the JVM exits first, and
 * each broker halts by itself when this JVM dies without running hooks (see
 * {@link io.kanal.testkit.internal.NodeMain}).
 *
 * <p>Thread safety: all methods may be called from any thread. {@link #close()} is idempotent.
 */
public final class KafkaCluster implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaCluster.class);

    /**
     * The SASL user of a SASL client listener, known to PLAIN, SCRAM-SHA-256 and SCRAM-SHA-512 (OAUTHBEARER takes any
     * unsecured token).
     */
    public static final String SASL_USERNAME = SaslBrokerConfig.USERNAME;

    /** The password of {@link #SASL_USERNAME}. */
    public static final String SASL_PASSWORD = SaslBrokerConfig.PASSWORD;

    /**
     * The super user of a cluster started with {@link KafkaClusterBuilder#authorizer()}; log in as it with {@code
     * clientPropertiesAs(SUPER_USER)}.
     */
    public static final String SUPER_USER = "kanal-admin";

    private static final int PROBE_TIMEOUT_MILLIS = 2_000;
    private static final long PROBE_INTERVAL_MILLIS = 50;

    private final ClusterSpec spec;
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Object closeLock = new Object();
    private boolean closeDone; // guarded by closeLock
    private final ReadinessProbe probe = new ReadinessProbe(PROBE_TIMEOUT_MILLIS);
    private final Thread shutdownHook;
    private volatile BrokerClasspath classpath;
    private volatile Path workDirectory;
    private volatile List<KafkaNode> nodes = List.of();
    private volatile Duration startupTime = Duration.ZERO;
    private volatile TlsListener tls;

    KafkaCluster(ClusterSpec spec) {
        this.spec = spec;
        this.shutdownHook = new Thread(this::closeOnExit, "kanal-testkit-shutdown-" + spec.name());
    }

    /**
     * Starts describing a cluster.
     *
     * @return a builder with test-friendly defaults: one node, PLAINTEXT
     */
    public static KafkaClusterBuilder builder() {
        return new KafkaClusterBuilder();
    }

    /**
     * Starts every node in parallel and waits until the cluster is ready.
     *
     * @return this cluster, started
     * @throws IllegalStateException when called twice or after {@link #close()}
     * @throws KafkaClusterException when a node fails or the cluster is not ready within the start timeout; the
     *     cluster is closed then
     */
    public KafkaCluster start() {
        checkOpen();
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException("cluster " + spec.name() + " was started already");
        }
        long startNanos = System.nanoTime();
        try {
            classpath = BrokerClasspath.load();
            workDirectory = Files.createTempDirectory("kanal-testkit-" + spec.name() + "-");
            Runtime.getRuntime().addShutdownHook(shutdownHook);
            if (TlsListener.needed(spec.clientListener())) {
                tls = TlsListener.create(Files.createDirectories(workDirectory.resolve("tls")));
            }
            nodes = createNodes(NodePorts.allocate(spec.nodes()));
            nodes.forEach(KafkaNode::launch);
            awaitReady(nodes, deadline());
        } catch (IOException e) {
            close();
            throw new UncheckedIOException("cannot prepare cluster " + spec.name(), e);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        startupTime = Duration.ofNanos(System.nanoTime() - startNanos);
        LOG.info(
                "[{}] {} node(s) of Apache Kafka {} ready in {} ms at {}",
                spec.name(),
                spec.nodes(),
                classpath.kafkaVersion(),
                startupTime.toMillis(),
                bootstrapServers());
        return this;
    }

    /**
     * The bootstrap address of the client listeners of every node.
     *
     * @return {@code host:port,host:port,...}
     */
    public String bootstrapServers() {
        checkStarted();
        return nodes.stream().map(KafkaNode::bootstrapServer).collect(Collectors.joining(","));
    }

    /**
     * Everything a Kafka client needs to connect: {@code bootstrap.servers}, {@code security.protocol} and, on a SASL
     * listener, {@code sasl.mechanism} PLAIN with a {@code sasl.jaas.config} for {@link #SASL_USERNAME}. Pass these to
     * clients rather than building connection settings by hand, and tests keep working when the listener changes.
     *
     * @return client properties, in insertion order
     */
    public Map<String, String> clientProperties() {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("bootstrap.servers", bootstrapServers());
        properties.put("security.protocol", spec.clientListener().name());
        TlsListener material = tls;
        if (material != null) {
            properties.putAll(material.clientProperties());
        }
        if (SaslBrokerConfig.enabled(spec)) {
            properties.put("sasl.mechanism", "PLAIN");
            properties.put(
                    "sasl.jaas.config",
                    "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"" + SASL_USERNAME
                            + "\" password=\"" + SASL_PASSWORD + "\";");
        }
        return properties;
    }

    /**
     * {@link #clientProperties()} that log in as any principal: SASL OAUTHBEARER with an unsecured token whose subject
     * is the user, which the testkit's brokers accept without a credential (for tests only). With
     * {@link KafkaClusterBuilder#authorizer()}, {@code User:<user>} then has exactly the ACLs the test gives it.
     *
     * @param user the user name, e.g. {@link #SUPER_USER}
     * @return client properties, in insertion order
     * @throws IllegalStateException unless the client listener uses SASL
     */
    public Map<String, String> clientPropertiesAs(String user) {
        if (!SaslBrokerConfig.enabled(spec)) {
            throw new IllegalStateException("cluster " + spec.name() + " has a " + spec.clientListener()
                    + " client listener: logging in as a user needs SASL_PLAINTEXT or SASL_SSL");
        }
        if (user == null || user.isEmpty() || user.contains("\"") || user.contains("\\")) {
            throw new IllegalArgumentException("user must be non-empty, without quotes or backslashes: " + user);
        }
        Map<String, String> properties = clientProperties();
        properties.put("sasl.mechanism", "OAUTHBEARER");
        properties.put(
                "sasl.jaas.config",
                "org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required"
                        + " unsecuredLoginStringClaim_sub=\"" + user + "\";");
        return properties;
    }

    /**
     * The certificate authority that signed the brokers' and the clients' certificates, created when the cluster
     * started, for tests that need more certificates or other store formats.
     *
     * @return the authority, empty unless the client listener uses TLS
     */
    public Optional<TestCertificateAuthority> certificateAuthority() {
        TlsListener material = tls;
        return material == null ? Optional.empty() : Optional.of(material.authority());
    }

    /**
     * One node by id.
     *
     * @param id the node id, from 0 to {@code nodes - 1}
     * @return the node
     * @throws IllegalStateException before {@link #start()}
     */
    public KafkaNode node(int id) {
        checkStarted();
        if (id < 0 || id >= nodes.size()) {
            throw new IndexOutOfBoundsException("node " + id + " of a " + nodes.size() + "-node cluster");
        }
        return nodes.get(id);
    }

    /**
     * Every node, in id order.
     *
     * @return the nodes
     */
    public List<KafkaNode> nodes() {
        checkStarted();
        return nodes;
    }

    /**
     * The cluster's name.
     *
     * @return the name
     */
    public String name() {
        return spec.name();
    }

    /**
     * The definition this cluster was built from.
     *
     * @return the spec
     */
    public ClusterSpec spec() {
        return spec;
    }

    /**
     * The Apache Kafka release the nodes run.
     *
     * @return a version such as {@code 4.4.0}
     */
    public String kafkaVersion() {
        checkStarted();
        return classpath.kafkaVersion();
    }

    /**
     * How long the last {@link #start()} took until the cluster was ready.
     *
     * @return the duration, zero before the cluster is started
     */
    public Duration startupTime() {
        return startupTime;
    }

    /**
     * The last lines of every node's log, under a header per node: what a failed test prints.
     *
     * @param lines lines per node
     * @return the excerpt, empty when no node has logged anything
     */
    public String logTails(int lines) {
        return formatTails(nodes, lines);
    }

    /**
     * Kills every node and deletes the temporary directory; logs are kept. Idempotent and safe to call from any thread;
     * a concurrent caller returns once the cluster is closed.
     *
     * <p>Kill, not a clean stop, on purpose: the data is deleted next, and a whole KRaft cluster stopping cleanly at
     * once waits for its last nodes' controlled shutdown to time out after the quorum is gone (about 6 s for three
     * nodes, measured), for nothing. Tests of clean shutdown use {@link KafkaNode#stop()}.
     */
    @Override
    public void close() {
        closed.set(true); // first, so that a start() in progress gives up
        synchronized (closeLock) {
            if (closeDone) {
                return;
            }
            closeDone = true;
            closeNow();
        }
    }

    private void closeNow() {
        nodes.forEach(KafkaNode::kill);
        Path directory = workDirectory;
        if (directory != null) {
            LogFiles.deleteRecursively(directory);
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException | IllegalArgumentException e) {
            // The JVM is shutting down (this may be the hook itself), or the hook was never registered.
        }
        LOG.info("[{}] closed", spec.name());
    }

    @Override
    public String toString() {
        return "KafkaCluster[" + spec.name() + ", " + spec.nodes() + " node(s)]";
    }

    void awaitReadyAfterRestart(KafkaNode restarted) {
        List<KafkaNode> running = nodes.stream().filter(KafkaNode::isRunning).toList();
        if (!running.contains(restarted)) {
            throw failure("node " + restarted.id() + " exited right after its start", List.of(restarted), null);
        }
        awaitReady(running, deadline());
    }

    void checkOpen() {
        if (closed.get()) {
            throw new IllegalStateException("cluster " + spec.name() + " is closed");
        }
    }

    BrokerClasspath classpath() {
        return classpath;
    }

    Path workDirectory() {
        return workDirectory;
    }

    /**
     * The KRaft cluster id: fixed for a given cluster name, so that a node's storage and its peers always agree,
     * and different clusters never do.
     */
    String clusterId() {
        UUID uuid = UUID.nameUUIDFromBytes(("kanal-testkit:" + spec.name()).getBytes(StandardCharsets.UTF_8));
        byte[] bytes = new byte[16];
        for (int i = 0; i < 8; i++) {
            bytes[i] = (byte) (uuid.getMostSignificantBits() >>> (56 - 8 * i));
            bytes[8 + i] = (byte) (uuid.getLeastSignificantBits() >>> (56 - 8 * i));
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private List<KafkaNode> createNodes(List<NodePorts> ports) throws IOException {
        List<KafkaNode> created = new ArrayList<>();
        for (NodePorts self : ports) {
            Path nodeDirectory = Files.createDirectories(workDirectory.resolve("node-" + self.nodeId()));
            Map<String, String> config = NodeConfig.serverProperties(spec, ports, self, nodeDirectory.resolve("data"));
            if (tls != null) {
                tls.brokerProperties().forEach(config::putIfAbsent); // the spec's broker config wins
            }
            Files.writeString(nodeDirectory.resolve("server.properties"), NodeConfig.render(config));
            List<String> formatArguments = SaslBrokerConfig.formatArguments(spec);
            if (!formatArguments.isEmpty()) {
                Files.write(
                        nodeDirectory.resolve("server.properties" + SaslBrokerConfig.FORMAT_ARGUMENTS_SUFFIX),
                        formatArguments);
            }
            Files.writeString(nodeDirectory.resolve("log4j2.properties"), NodeConfig.log4j2Config());
            Path logFile = spec.logDirectory().resolve("node-" + self.nodeId() + ".log");
            created.add(new KafkaNode(this, self, nodeDirectory, logFile));
        }
        return List.copyOf(created);
    }

    private long deadline() {
        return System.nanoTime() + spec.startTimeout().toNanos();
    }

    private void awaitReady(List<KafkaNode> askers, long deadlineNanos) {
        Set<Integer> expected = askers.stream().map(KafkaNode::id).collect(Collectors.toCollection(TreeSet::new));
        List<KafkaNode> pending = new ArrayList<>(askers);
        Exception lastProblem = null;
        while (!pending.isEmpty()) {
            checkOpen();
            KafkaNode node = pending.get(0);
            if (!node.isRunning()) {
                throw failure("node " + node.id() + " exited before the cluster was ready", askers, null);
            }
            try {
                Set<Integer> alive = probe.aliveBrokers(node.ports().internalSocketAddress());
                if (alive.containsAll(expected)) {
                    pending.remove(0);
                    continue;
                }
                lastProblem = new IllegalStateException("node " + node.id() + " sees brokers " + alive);
            } catch (IOException e) {
                lastProblem = e;
            }
            if (System.nanoTime() - deadlineNanos > 0) {
                throw failure(
                        "cluster not ready within " + spec.startTimeout() + " (waiting for brokers " + expected + ")",
                        askers,
                        lastProblem);
            }
            pause();
        }
    }

    private void pause() {
        try {
            TimeUnit.MILLISECONDS.sleep(PROBE_INTERVAL_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for cluster " + spec.name(), e);
        }
    }

    private KafkaClusterException failure(String what, Collection<KafkaNode> concerned, Exception cause) {
        return new KafkaClusterException(
                "[" + spec.name() + "] " + what + "\n" + formatTails(List.copyOf(concerned), 40), cause);
    }

    private static String formatTails(List<KafkaNode> of, int lines) {
        StringBuilder out = new StringBuilder();
        for (KafkaNode node : of) {
            List<String> tail = node.logTail(lines);
            if (tail.isEmpty()) {
                continue;
            }
            out.append("----- last ")
                    .append(tail.size())
                    .append(" lines of ")
                    .append(node.logFile())
                    .append(" -----\n");
            tail.forEach(line -> out.append(line).append('\n'));
        }
        return out.toString();
    }

    private void closeOnExit() {
        if (!closed.get()) {
            LOG.info("[{}] JVM exiting: closing the cluster", spec.name());
            close();
        }
    }

    private void checkStarted() {
        if (!started.get()) {
            throw new IllegalStateException("cluster " + spec.name() + " is not started");
        }
    }
}
