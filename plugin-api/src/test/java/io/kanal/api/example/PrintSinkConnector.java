package io.kanal.api.example;

import io.kanal.api.connector.SinkConnector;
import io.kanal.api.connector.Task;
import io.kanal.config.ConfigSpec;
import io.kanal.config.ParsedConfig;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/** The README's sink connector: prints every record; the runtime handles topics and the consumer group. */
public class PrintSinkConnector extends SinkConnector {
    @Override
    public ConfigSpec configSpec() {
        return ConfigSpec.builder().build(); // nothing to configure
    }

    @Override
    public void start(ParsedConfig config) {}

    @Override
    public Class<? extends Task> taskClass() {
        return PrintSinkTask.class;
    }

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        return Collections.nCopies(maxTasks, Map.of()); // the group spreads the partitions over the tasks
    }

    @Override
    public void stop() {}

    @Override
    public String version() {
        return "1.0";
    }
}
