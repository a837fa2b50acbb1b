package io.kanal.testkit;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;

/**
 * A local Kafka cluster for development: Kanal's dev mode and the perf tools' {@code --dev} flag start one through
 * {@link #start(DevClusterOptions)}; people start one from the command line.
 *
 * <pre>
 * testkit/bin/kanal-dev-cluster --nodes 1
 * </pre>
 *
 * <p>The command prints {@code bootstrap.servers=host:port,...} on a line of its own once the cluster is ready,
 * then runs until Ctrl-C or SIGTERM, when it kills the brokers, deletes their data and exits. If the command itself
 * is killed with SIGKILL, the brokers notice and halt by themselves.
 */
public final class DevCluster {
    /** The prefix of the line that carries the bootstrap address, for scripts that read the output. */
    public static final String BOOTSTRAP_PREFIX = "bootstrap.servers=";

    private DevCluster() {}

    /**
     * Starts a dev cluster and waits until it is ready. The caller owns it and closes it; if it does not, the JVM's
     * exit does.
     *
     * @param options what to start
     * @return the running cluster; {@link KafkaCluster#bootstrapServers()} gives its address
     * @throws KafkaClusterException when the cluster does not become ready
     */
    public static KafkaCluster start(DevClusterOptions options) {
        return options.toBuilder().build().start();
    }

    /**
     * Starts a dev cluster of {@code nodes} nodes with default settings.
     *
     * @param nodes how many nodes
     * @return the running cluster
     * @throws KafkaClusterException when the cluster does not become ready
     */
    public static KafkaCluster start(int nodes) {
        DevClusterOptions defaults = DevClusterOptions.defaults();
        return start(new DevClusterOptions(
                defaults.name(), nodes, defaults.brokerConfig(), defaults.logDirectory(), defaults.jvmOptions()));
    }

    /**
     * Runs a dev cluster until the JVM is asked to stop.
     *
     * @param args see {@link DevClusterOptions#USAGE}
     * @throws InterruptedException when the main thread is interrupted while the cluster runs
     */
    public static void main(String[] args) throws InterruptedException {
        PrintStream out = System.out;
        List<String> arguments = Arrays.asList(args);
        if (arguments.contains("--help") || arguments.contains("-h")) {
            out.println(DevClusterOptions.USAGE);
            return;
        }
        DevClusterOptions options;
        // --client-listener PROTOCOL (SSL for TLS benchmarks) is read here, so that DevClusterOptions stays as it is.
        ListenerSecurity listener = ListenerSecurity.PLAINTEXT;
        List<String> rest = new ArrayList<>(arguments);
        int at = rest.indexOf("--client-listener");
        try {
            if (at >= 0) {
                if (at + 1 >= rest.size()) {
                    throw new IllegalArgumentException("--client-listener needs a value");
                }
                listener = ListenerSecurity.valueOf(rest.get(at + 1));
                rest.subList(at, at + 2).clear();
            }
            options = DevClusterOptions.parse(rest);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(DevClusterOptions.USAGE);
            System.exit(2);
            return;
        }
        KafkaCluster cluster =
                options.toBuilder().clientListener(listener).build().start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            cluster.close();
                            out.println("Dev cluster " + cluster.name() + " stopped.");
                            out.flush();
                            stopped.countDown();
                        },
                        "kanal-dev-cluster-stop"));
        out.printf(
                "Dev cluster %s: %d node(s) of Apache Kafka %s, ready in %d ms.%n",
                cluster.name(),
                cluster.spec().nodes(),
                cluster.kafkaVersion(),
                cluster.startupTime().toMillis());
        out.println("data.directory=" + cluster.workDirectory());
        out.println("log.directory=" + cluster.spec().logDirectory().toAbsolutePath());
        out.println(BOOTSTRAP_PREFIX + cluster.bootstrapServers());
        out.println("client.config=" + writeClientConfig(cluster));
        out.println("Press Ctrl-C to stop.");
        out.flush();
        stopped.await();
    }

    /** Writes {@link KafkaCluster#clientProperties()} as a properties file for the perf tools' client config flags. */
    private static Path writeClientConfig(KafkaCluster cluster) {
        Path file = cluster.workDirectory().resolve("client.properties");
        String text = cluster.clientProperties().entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining("\n", "", "\n"));
        try {
            return Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
