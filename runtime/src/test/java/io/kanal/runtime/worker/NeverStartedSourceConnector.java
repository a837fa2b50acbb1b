package io.kanal.runtime.worker;

import io.kanal.api.connector.SourceConnector;
import io.kanal.api.connector.Task;
import io.kanal.config.ParsedConfig;
import java.util.List;
import java.util.Map;

/** A source connector for tests about config specs and validation: never started, so its lifecycle does nothing. */
public abstract class NeverStartedSourceConnector extends SourceConnector {
    @Override
    public String version() {
        return "1.0";
    }

    @Override
    public void start(ParsedConfig config) {
        // Never started.
    }

    @Override
    public Class<? extends Task> taskClass() {
        throw new UnsupportedOperationException("never started");
    }

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        return List.of();
    }

    @Override
    public void stop() {
        // Never started.
    }
}
