package io.kanal.api.example;

import static org.assertj.core.api.Assertions.assertThat;

import io.kanal.api.data.Schema;
import io.kanal.api.sink.SinkRecord;
import io.kanal.api.source.OffsetReader;
import io.kanal.api.source.SourceRecord;
import io.kanal.api.source.SourceTaskContext;
import io.kanal.api.source.TransactionContext;
import io.kanal.api.testing.FakeContexts;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The connectors the plugin API's README shows compile, work, and are the ones the README shows. */
class ReadmeExamplesTest {

    @Test
    void theCounterResumesFromItsCommittedOffset() {
        CounterSourceConnector connector = new CounterSourceConnector();
        connector.start(connector.configSpec().parse(Map.of("topic", "numbers")));
        List<Map<String, String>> taskConfigs = connector.taskConfigs(3);
        assertThat(taskConfigs).containsExactly(Map.of("topic", "numbers"));

        CounterSourceTask task = new CounterSourceTask();
        task.initialize(sourceContext(Map.of("next", 5L)));
        task.start(task.configSpec().parse(taskConfigs.get(0)));
        List<SourceRecord> batch = task.poll();

        assertThat(batch).hasSize(10);
        assertThat(batch).extracting(SourceRecord::value).first().isEqualTo(5L);
        assertThat(batch.get(9).value()).isEqualTo(14L);
        assertThat(batch.get(9).sourceOffset()).isEqualTo(Map.of("next", 15L));
        assertThat(batch.get(0).valueSchema()).isEqualTo(Schema.INT64_SCHEMA);
        assertThat(batch.get(0).topic()).isEqualTo("numbers");
    }

    @Test
    void theCounterStartsAtZeroWithoutAnOffset() {
        CounterSourceTask task = new CounterSourceTask();
        task.initialize(sourceContext(null));
        task.start(task.configSpec().parse(Map.of("topic", "numbers")));
        assertThat(task.poll().get(0).value()).isEqualTo(0L);
    }

    @Test
    void thePrintSinkWritesEveryRecord() {
        PrintSinkConnector connector = new PrintSinkConnector();
        connector.start(connector.configSpec().parse(Map.of()));
        assertThat(connector.taskConfigs(2)).hasSize(2);

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintSinkTask task = new PrintSinkTask(new PrintStream(out, true, StandardCharsets.UTF_8));
        task.initialize(FakeContexts.sink(Map.of()));
        task.start(task.configSpec().parse(Map.of()));
        task.put(List.of(new SinkRecord("numbers", 0, null, null, Schema.STRING_SCHEMA, "one", 41)));

        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("numbers-0@41: one" + System.lineSeparator());
    }

    @Test
    void theReadmeShowsTheseClassesAsTheyAre() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        for (String name :
                List.of("CounterSourceConnector", "CounterSourceTask", "PrintSinkConnector", "PrintSinkTask")) {
            String source = Files.readString(Path.of("src/test/java/io/kanal/api/example/" + name + ".java"));
            // The README drops the package line.
            String shown =
                    source.lines().filter(line -> !line.startsWith("package ")).collect(Collectors.joining("\n"));
            assertThat(readme).as(name).contains(shown.strip());
        }
    }

    private static SourceTaskContext sourceContext(Map<String, Object> committed) {
        OffsetReader reader = new OffsetReader() {
            @Override
            public <T> Map<String, Object> offset(Map<String, T> partition) {
                return committed;
            }

            @Override
            public <T> Map<Map<String, T>, Map<String, Object>> offsets(Collection<Map<String, T>> partitions) {
                throw new UnsupportedOperationException("not used by the example");
            }
        };
        return new SourceTaskContext() {
            @Override
            public Map<String, String> configs() {
                return Map.of();
            }

            @Override
            public OffsetReader offsetReader() {
                return reader;
            }

            @Override
            public Optional<TransactionContext> transactionContext() {
                return Optional.empty();
            }
        };
    }
}
