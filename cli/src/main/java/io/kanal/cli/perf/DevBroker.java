package io.kanal.cli.perf;

import io.kanal.testkit.DevCluster;
import io.kanal.testkit.DevClusterOptions;
import io.kanal.testkit.KafkaCluster;
import io.kanal.testkit.KafkaClusterBuilder;
import java.io.PrintStream;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code --dev} cluster of the perf commands: one local Kafka node started through the testkit with Kafka's
 * production JVM settings (throughput matters here), stopped and deleted on {@link #close()}.
 */
public final class DevBroker implements AutoCloseable {
    private final KafkaCluster cluster;

    private DevBroker(KafkaCluster cluster) {
        this.cluster = cluster;
    }

    /**
     * Starts the node and waits until it is ready.
     *
     * @param out where to say so
     * @return the running broker
     */
    public static DevBroker start(PrintStream out) {
        out.println("Starting a local single-node Kafka cluster (--dev) ...");
        KafkaCluster cluster = DevCluster.start(new DevClusterOptions(
                "kanal-perf", 1, Map.of(), Optional.empty(), KafkaClusterBuilder.THROUGHPUT_JVM_OPTIONS));
        out.printf(
                "Kafka %s ready at %s in %d ms.%n",
                cluster.kafkaVersion(),
                cluster.bootstrapServers(),
                cluster.startupTime().toMillis());
        return new DevBroker(cluster);
    }

    /**
     * Where the broker listens.
     *
     * @return {@code host:port}
     */
    public String bootstrapServers() {
        return cluster.bootstrapServers();
    }

    /** Stops the broker and deletes its data. */
    @Override
    public void close() {
        cluster.close();
    }
}
