package io.kanal.api.example;

import io.kanal.api.connector.SourceConnector;
import io.kanal.api.connector.Task;
import io.kanal.config.ConfigKey;
import io.kanal.config.ConfigSpec;
import io.kanal.config.ConfigType;
import io.kanal.config.ParsedConfig;
import java.util.List;
import java.util.Map;

/** The README's source connector: counts upwards into one topic. */
public class CounterSourceConnector extends SourceConnector {
    static final ConfigKey<String> TOPIC = ConfigKey.builder("topic", ConfigType.STRING)
            .required()
            .documentation("The topic to write to.")
            .build();
    static final ConfigSpec SPEC = ConfigSpec.builder().define(TOPIC).build();

    private String topic;

    @Override
    public ConfigSpec configSpec() {
        return SPEC;
    }

    @Override
    public void start(ParsedConfig config) {
        topic = config.get(TOPIC);
    }

    @Override
    public Class<? extends Task> taskClass() {
        return CounterSourceTask.class;
    }

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        return List.of(Map.of("topic", topic)); // one counter is enough
    }

    @Override
    public void stop() {}

    @Override
    public String version() {
        return "1.0";
    }
}
