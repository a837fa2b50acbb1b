package io.kanal.plugins.file;

import io.kanal.api.connector.SinkConnector;
import io.kanal.api.data.Schema;
import io.kanal.api.sink.SinkRecord;
import io.kanal.testkit.plugins.SinkConnectorConformance;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;

/**
 * The plugin conformance suite for {@link FileStreamSinkConnector}: string records, whose lines the test reads back.
 * At least once: records put after the last commit are written again after a restart.
 */
class FileStreamSinkConformanceTest extends SinkConnectorConformance {

    @TempDir
    Path dir;

    @Override
    protected Class<? extends SinkConnector> connectorClass() {
        return FileStreamSinkConnector.class;
    }

    @Override
    protected Map<String, String> validConfig() {
        return Map.of("file", out().toString());
    }

    @Override
    protected SinkRecord record(String topic, int partition, long offset) {
        return new SinkRecord(topic, partition, null, null, Schema.STRING_SCHEMA, "line " + offset, offset);
    }

    @Override
    protected List<Object> writtenIdentities() throws IOException {
        if (!Files.exists(out())) {
            return List.of();
        }
        return List.copyOf(Files.readAllLines(out(), StandardCharsets.UTF_8));
    }

    private Path out() {
        return dir.resolve("out.txt");
    }
}
