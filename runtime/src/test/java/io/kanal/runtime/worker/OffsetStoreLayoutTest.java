package io.kanal.runtime.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class OffsetStoreLayoutTest {

    private static final Map<String, String> WORKER =
            Map.of("bootstrap.servers", "a:9092,b:9092", "offset.storage.topic", "connect-offsets");
    private static final String SAME = " b:9092 , a:9092";
    private static final String OTHER = "c:9092";

    private static Optional<OffsetStoreLayout.ConnectorTopic> layout(
            Map<String, String> connector, String producer, boolean exactlyOnce) {
        return OffsetStoreLayout.of(WORKER, connector, producer, exactlyOnce, true)
                .connectorTopic();
    }

    @Test
    void exactlyOnceOnTheWorkersClusterWithoutItsOwnTopicUsesTheWorkersStoreAlone() {
        assertThat(layout(Map.of(), SAME, true)).isEmpty();
        assertThat(layout(Map.of("offsets.storage.topic", "connect-offsets"), SAME, true))
                .isEmpty();
    }

    @Test
    void exactlyOnceOnAnotherClusterUsesATopicNamedLikeTheWorkersThere() {
        assertThat(layout(Map.of(), OTHER, true))
                .contains(new OffsetStoreLayout.ConnectorTopic("connect-offsets", OTHER));
    }

    @Test
    void itsOwnTopicIsThePrimaryOnTheProducersCluster() {
        Map<String, String> own = Map.of("offsets.storage.topic", " own ");
        assertThat(layout(own, SAME, true)).contains(new OffsetStoreLayout.ConnectorTopic("own", SAME));
        assertThat(layout(own, OTHER, true)).contains(new OffsetStoreLayout.ConnectorTopic("own", OTHER));
        // regular tasks, as Connect: only when the connector names a topic
        assertThat(layout(own, SAME, false)).contains(new OffsetStoreLayout.ConnectorTopic("own", SAME));
        assertThat(layout(own, OTHER, false)).contains(new OffsetStoreLayout.ConnectorTopic("own", OTHER));
    }

    @Test
    void regularTasksWithoutTheirOwnTopicUseTheWorkersStoreEvenOnAnotherCluster() {
        assertThat(layout(Map.of(), OTHER, false)).isEmpty();
        assertThat(layout(Map.of("offsets.storage.topic", " "), OTHER, false)).isEmpty();
    }

    @Test
    void aWorkerThatDoesNotPermitConnectorTopicsUsesItsOwnStore() {
        assertThat(OffsetStoreLayout.of(WORKER, Map.of("offsets.storage.topic", "own"), OTHER, true, false))
                .isEqualTo(OffsetStoreLayout.WORKER_ONLY);
    }
}
