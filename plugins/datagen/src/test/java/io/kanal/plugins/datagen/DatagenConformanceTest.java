package io.kanal.plugins.datagen;

import io.kanal.api.connector.SourceConnector;
import io.kanal.testkit.plugins.InvalidConfig;
import io.kanal.testkit.plugins.SourceConnectorConformance;
import java.util.List;
import java.util.Map;

/**
 * The plugin conformance suite for {@link DatagenConnector}: an endless, seeded sequence, so there is no data to
 * make appear, and a restarted task must continue exactly where the committed {@code seq} left off.
 */
class DatagenConformanceTest extends SourceConnectorConformance {

    @Override
    protected Class<? extends SourceConnector> connectorClass() {
        return DatagenConnector.class;
    }

    @Override
    protected Map<String, String> validConfig() {
        return Map.of("topic", "orders", "seed", "42", "batch.size", "7");
    }

    @Override
    protected List<InvalidConfig> invalidConfigs() {
        return List.of(
                InvalidConfig.with(validConfig(), "topic", ""),
                InvalidConfig.with(validConfig(), "schema", "pets"),
                InvalidConfig.with(validConfig(), "batch.size", "0"),
                InvalidConfig.with(validConfig(), "records.per.task", "-2"),
                InvalidConfig.with(validConfig(), "rate.per.task", "-1"));
    }

    @Override
    protected void makeDataAvailable(int count) {
        // The generator has no end (records.per.task is -1): there is always data.
    }
}
