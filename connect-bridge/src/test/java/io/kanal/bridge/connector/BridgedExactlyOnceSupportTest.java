package io.kanal.bridge.connector;

import static org.assertj.core.api.Assertions.assertThat;

import io.kanal.api.source.ConnectorTransactionBoundaries;
import io.kanal.api.source.ExactlyOnceSupport;
import io.kanal.api.source.TransactionContext;
import io.kanal.config.ParsedConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.connect.mirror.MirrorSourceConnector;
import org.junit.jupiter.api.Test;

/**
 * A Connect source connector's exactly-once answers (KIP-618) through the bridge: {@code exactlyOnceSupport} and
 * {@code canDefineTransactionBoundaries} see the connector's whole config as Connect passes it, and each answer,
 * {@code null} included, reaches the worker's validation unchanged; a task gets a transaction context only when Kanal
 * gives one (the {@code connector} boundary), {@code null} otherwise, as in Connect.
 */
class BridgedExactlyOnceSupportTest {

    @Test
    void eachExactlyOnceAnswerOfAConnectConnectorReachesTheWorkerUnchanged() {
        BridgedSourceConnector connector = new BridgedSourceConnector(new Answering());
        assertThat(connector.exactlyOnceSupport(parse(connector, Map.of("eos", "SUPPORTED"))))
                .contains(ExactlyOnceSupport.SUPPORTED);
        assertThat(connector.exactlyOnceSupport(parse(connector, Map.of("eos", "UNSUPPORTED"))))
                .contains(ExactlyOnceSupport.UNSUPPORTED);
        assertThat(connector.exactlyOnceSupport(parse(connector, Map.of("eos", "null"))))
                .as("Connect's default: the connector does not say")
                .isEmpty();

        assertThat(connector.canDefineTransactionBoundaries(parse(connector, Map.of("boundaries", "SUPPORTED"))))
                .isEqualTo(ConnectorTransactionBoundaries.SUPPORTED);
        assertThat(connector.canDefineTransactionBoundaries(parse(connector, Map.of("boundaries", "UNSUPPORTED"))))
                .isEqualTo(ConnectorTransactionBoundaries.UNSUPPORTED);
        assertThat(connector.canDefineTransactionBoundaries(parse(connector, Map.of("boundaries", "null"))))
                .as("kept null, so that the worker reports it with Connect's own message")
                .isNull();
    }

    @Test
    void theConnectorSeesItsWholeConfigFrameworkKeysIncluded() {
        Answering connect = new Answering();
        BridgedSourceConnector connector = new BridgedSourceConnector(connect);
        Map<String, String> config = Map.of(
                "connector.class", Answering.class.getName(),
                "exactly.once.support", "required",
                "transaction.boundary", "connector",
                "eos", "SUPPORTED",
                "boundaries", "SUPPORTED");
        connector.exactlyOnceSupport(parse(connector, config));
        connector.canDefineTransactionBoundaries(parse(connector, config));
        assertThat(connect.asked).containsExactly(config, config);
    }

    /** Apache's MirrorSourceConnector supports exactly-once when its source consumer reads read_committed. */
    @Test
    void mirrorMakersSourceConnectorAnswersAsUnderApache() {
        BridgedSourceConnector mirror = new BridgedSourceConnector(new MirrorSourceConnector());
        Map<String, String> base = Map.of(
                "name", "mm2",
                "connector.class", MirrorSourceConnector.class.getName(),
                "source.cluster.alias", "a",
                "target.cluster.alias", "b",
                "source.cluster.bootstrap.servers", "localhost:1",
                "target.cluster.bootstrap.servers", "localhost:2");
        Map<String, String> readCommitted = new java.util.HashMap<>(base);
        readCommitted.put("source.consumer.isolation.level", "read_committed");
        assertThat(mirror.exactlyOnceSupport(parse(mirror, readCommitted))).contains(ExactlyOnceSupport.SUPPORTED);
        assertThat(mirror.exactlyOnceSupport(parse(mirror, base))).contains(ExactlyOnceSupport.UNSUPPORTED);
        assertThat(mirror.canDefineTransactionBoundaries(parse(mirror, base)))
                .as("Connect's default")
                .isEqualTo(ConnectorTransactionBoundaries.UNSUPPORTED);
    }

    @Test
    void aTaskGetsATransactionContextOnlyWhenKanalGivesOne() throws Exception {
        ContextKeeper withContext = start(Optional.of(new BridgedSourceTaskFixture.RecordingTransactions()));
        assertThat(withContext.seen).hasSize(1).first().isNotNull();

        ContextKeeper without = start(Optional.empty());
        assertThat(without.seen)
                .as("poll and interval boundaries, or exactly-once off: null, as in Connect")
                .hasSize(1)
                .containsOnlyNulls();
    }

    private static ContextKeeper start(Optional<TransactionContext> transactions) {
        ContextKeeper connect = new ContextKeeper();
        BridgedSourceTask task = new BridgedSourceTask(connect);
        BridgedSourceTaskFixture.start(task, transactions);
        task.stop();
        return connect;
    }

    private static ParsedConfig parse(BridgedSourceConnector connector, Map<String, String> config) {
        return connector.configSpec().parse(config);
    }

    /** Answers what its config says ({@code eos}, {@code boundaries}: a constant's name or {@code null}). */
    public static final class Answering extends org.apache.kafka.connect.source.SourceConnector {
        final List<Map<String, String>> asked = new ArrayList<>();

        /** As Connect requires. */
        public Answering() {}

        @Override
        public org.apache.kafka.connect.source.ExactlyOnceSupport exactlyOnceSupport(Map<String, String> props) {
            asked.add(props);
            String answer = props.get("eos");
            return answer == null || answer.equals("null")
                    ? null
                    : org.apache.kafka.connect.source.ExactlyOnceSupport.valueOf(answer);
        }

        @Override
        public org.apache.kafka.connect.source.ConnectorTransactionBoundaries canDefineTransactionBoundaries(
                Map<String, String> props) {
            asked.add(props);
            String answer = props.get("boundaries");
            return answer == null || answer.equals("null")
                    ? null
                    : org.apache.kafka.connect.source.ConnectorTransactionBoundaries.valueOf(answer);
        }

        @Override
        public void start(Map<String, String> props) {}

        @Override
        public Class<? extends org.apache.kafka.connect.connector.Task> taskClass() {
            return ContextKeeper.class;
        }

        @Override
        public List<Map<String, String>> taskConfigs(int maxTasks) {
            return List.of();
        }

        @Override
        public void stop() {}

        @Override
        public org.apache.kafka.common.config.ConfigDef config() {
            return new org.apache.kafka.common.config.ConfigDef();
        }

        @Override
        public String version() {
            return "test";
        }
    }

    /** Keeps the transaction context it finds at start. */
    public static final class ContextKeeper extends org.apache.kafka.connect.source.SourceTask {
        final List<org.apache.kafka.connect.source.TransactionContext> seen = new ArrayList<>();

        /** As Connect requires. */
        public ContextKeeper() {}

        @Override
        public String version() {
            return "test";
        }

        @Override
        public void start(Map<String, String> props) {
            seen.add(context.transactionContext());
        }

        @Override
        public List<org.apache.kafka.connect.source.SourceRecord> poll() {
            return null;
        }

        @Override
        public void stop() {}
    }
}
