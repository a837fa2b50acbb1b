package io.kanal.testkit.internal;

import io.kanal.testkit.ClusterSpec;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Writes the {@code server.properties} of one combined broker+controller node.
 *
 * <p>The quorum is static ({@code controller.quorum.voters}): every node is a voter, which both Kafka 4.0 and later
 * releases format and start without {@code --standalone} or {@code --initial-controllers}, and which gives a 3-node
 * cluster a quorum that survives the loss of any one node. Internal topics are sized to the cluster (replication
 * factor {@code min(nodes, 3)}, min ISR {@code min(nodes, 2)}, one partition per node) so that they can be created on
 * one node and stay available when one of three is down. Group rebalances start without delay, and brokers are
 * fenced a few seconds after they die, so fault tests do not wait for production timeouts.
 */
public final class NodeConfig {
    private NodeConfig() {}

    /**
     * The properties of one node; the spec's broker config wins over every default.
     *
     * @param spec the cluster spec
     * @param all the ports of every node in the cluster
     * @param self the ports of the node to configure
     * @param dataDirectory the node's log directory
     * @return the properties, sorted by key
     */
    public static Map<String, String> serverProperties(
            ClusterSpec spec, List<NodePorts> all, NodePorts self, Path dataDirectory) {
        int nodes = all.size();
        Map<String, String> config = new TreeMap<>();
        config.put("process.roles", "broker,controller");
        config.put("node.id", Integer.toString(self.nodeId()));
        config.put("controller.quorum.voters", voters(all));
        config.put("listeners", listeners(self));
        config.put(
                "advertised.listeners",
                "CLIENT://" + self.clientAddress() + ",INTERNAL://" + NodePorts.HOST + ":" + self.internal());
        config.put(
                "listener.security.protocol.map",
                "CLIENT:" + spec.clientListener().name() + ",INTERNAL:PLAINTEXT,CONTROLLER:PLAINTEXT");
        config.put("inter.broker.listener.name", "INTERNAL");
        config.put("controller.listener.names", "CONTROLLER");
        config.put("log.dirs", dataDirectory.toAbsolutePath().toString());

        String replication = Integer.toString(Math.min(nodes, 3));
        String minIsr = Integer.toString(Math.min(nodes, 2));
        String partitions = Integer.toString(nodes);
        config.put("offsets.topic.replication.factor", replication);
        config.put("offsets.topic.num.partitions", partitions);
        config.put("transaction.state.log.replication.factor", replication);
        config.put("transaction.state.log.min.isr", minIsr);
        config.put("transaction.state.log.num.partitions", partitions);
        config.put("share.coordinator.state.topic.replication.factor", replication);
        config.put("share.coordinator.state.topic.min.isr", minIsr);
        config.put("share.coordinator.state.topic.num.partitions", partitions);

        config.put("group.initial.rebalance.delay.ms", "0");
        config.put("num.partitions", "1");
        config.put("broker.heartbeat.interval.ms", "500");
        config.put("broker.session.timeout.ms", "4000");
        // The cleaner's dedupe buffer defaults to 128 MiB of heap; the broker JVMs are small.
        config.put("log.cleaner.dedupe.buffer.size", Integer.toString(8 * 1024 * 1024));
        config.putAll(SaslBrokerConfig.serverProperties(spec));
        config.putAll(spec.brokerConfig());
        return config;
    }

    /**
     * Renders properties in {@code java.util.Properties} text form, one {@code key=value} per line.
     *
     * @param config the properties
     * @return the file content
     */
    public static String render(Map<String, String> config) {
        return config.entrySet().stream()
                .map(entry -> escape(entry.getKey()) + "=" + escape(entry.getValue()))
                .collect(Collectors.joining("\n", "", "\n"));
    }

    /**
     * A log4j2 configuration that writes everything at INFO to standard output, which the testkit redirects to the
     * node's log file.
     *
     * @return the content of a log4j2 properties file
     */
    public static String log4j2Config() {
        return String.join(
                "\n",
                "status = warn",
                "appender.out.type = Console",
                "appender.out.name = STDOUT",
                "appender.out.layout.type = PatternLayout",
                "appender.out.layout.pattern = [%d] %p %m (%c)%n",
                "rootLogger.level = INFO",
                "rootLogger.appenderRef.out.ref = STDOUT",
                "logger.request.name = kafka.request.logger",
                "logger.request.level = WARN",
                "");
    }

    private static String voters(List<NodePorts> all) {
        return all.stream()
                .map(p -> p.nodeId() + "@" + NodePorts.HOST + ":" + p.controller())
                .collect(Collectors.joining(","));
    }

    private static String listeners(NodePorts self) {
        return "CLIENT://" + self.clientAddress() + ",INTERNAL://" + NodePorts.HOST + ":" + self.internal()
                + ",CONTROLLER://" + NodePorts.HOST + ":" + self.controller();
    }

    private static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '=', ':', '#', '!', ' ' -> out.append('\\').append(c);
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
