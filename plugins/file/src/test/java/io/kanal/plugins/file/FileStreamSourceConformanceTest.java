package io.kanal.plugins.file;

import io.kanal.api.connector.SourceConnector;
import io.kanal.testkit.plugins.InvalidConfig;
import io.kanal.testkit.plugins.SourceConnectorConformance;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;

/** The plugin conformance suite for {@link FileStreamSourceConnector}, reading a file the test appends lines to. */
class FileStreamSourceConformanceTest extends SourceConnectorConformance {

    @TempDir
    Path dir;

    private int lines;

    @Override
    protected Class<? extends SourceConnector> connectorClass() {
        return FileStreamSourceConnector.class;
    }

    @Override
    protected Map<String, String> validConfig() {
        return Map.of("file", dir.resolve("in.txt").toString(), "topic", "lines", "batch.size", "7");
    }

    @Override
    protected List<InvalidConfig> invalidConfigs() {
        return List.of(
                InvalidConfig.with(validConfig(), "topic", "a,b"),
                InvalidConfig.with(validConfig(), "topic", ""),
                InvalidConfig.with(validConfig(), "batch.size", "0"));
    }

    @Override
    protected void makeDataAvailable(int count) throws IOException {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < count; i++) {
            text.append("line ").append(lines++).append('\n');
        }
        Files.writeString(
                dir.resolve("in.txt"),
                text,
                StandardCharsets.UTF_8,
                StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
    }
}
