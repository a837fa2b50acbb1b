package io.kanal.plugins.datagen;

import static org.assertj.core.api.Assertions.assertThat;

import io.kanal.api.connector.SourceConnector;
import io.kanal.api.source.ConnectorTransactionBoundaries;
import io.kanal.api.source.ExactlyOnceSupport;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class DatagenConnectorTest {

    @Test
    void oneTaskPerIndexCarryingEveryKeyWithItsDefault() {
        DatagenConnector connector = new DatagenConnector();
        connector.start(connector.configSpec().parse(Map.of("topic", "gen", "tasks.max", "2")));

        List<Map<String, String>> configs = connector.taskConfigs(2);

        assertThat(configs).hasSize(2);
        assertThat(configs.get(1))
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "topic", "gen",
                        "seed", "0",
                        "records.per.task", "-1",
                        "rate.per.task", "0.0",
                        "schema", "orders",
                        "batch.size", "1000",
                        "transaction.records", "0",
                        "transaction.abort.every", "0",
                        "task.id", "1"));
        assertThat(connector.taskClass()).isEqualTo(DatagenTask.class);
    }

    @Test
    void declaresExactlyOnceSupportButLeavesTransactionBoundariesToTheWorker() {
        DatagenConnector connector = new DatagenConnector();
        var config = connector.configSpec().parse(Map.of("topic", "gen"));
        assertThat(connector.exactlyOnceSupport(config)).contains(ExactlyOnceSupport.SUPPORTED);
        assertThat(connector.canDefineTransactionBoundaries(config))
                .isEqualTo(ConnectorTransactionBoundaries.UNSUPPORTED);
    }

    @Test
    void definesTransactionBoundariesOnlyWithTransactionRecordsSet() {
        DatagenConnector connector = new DatagenConnector();
        var config = connector.configSpec().parse(Map.of("topic", "gen", "transaction.records", "100"));
        assertThat(connector.canDefineTransactionBoundaries(config))
                .isEqualTo(ConnectorTransactionBoundaries.SUPPORTED);
        assertThat(connector.exactlyOnceSupport(config)).contains(ExactlyOnceSupport.SUPPORTED);
    }

    @Test
    void everyMthBlockOfSequenceNumbersIsAborted() {
        // Blocks of 10: 0-9 commits, 10-19 commits, 20-29 aborts (k = 2, k + 1 = 3), 30-49 commit, 50-59 aborts.
        assertThat(DatagenConnector.abortedSeq(19, 10, 3)).isFalse();
        assertThat(DatagenConnector.abortedSeq(20, 10, 3)).isTrue();
        assertThat(DatagenConnector.abortedSeq(29, 10, 3)).isTrue();
        assertThat(DatagenConnector.abortedSeq(30, 10, 3)).isFalse();
        assertThat(DatagenConnector.abortedSeq(55, 10, 3)).isTrue();
        assertThat(DatagenConnector.abortedSeq(29, 10, 0)).as("0: never").isFalse();
    }

    @Test
    void isListedInTheServiceManifestAndReportsTheProjectVersion() {
        // The runtime discovers source connectors from the manifest of SourceConnector, as Connect does.
        assertThat(ServiceLoader.load(SourceConnector.class).stream()
                        .map(p -> p.type().getName()))
                .containsExactly(DatagenConnector.class.getName());
        assertThat(new DatagenConnector().version())
                .matches("\\d+\\.\\d+\\.\\d+.*")
                .isEqualTo(new DatagenTask().version());
    }
}
