package io.kanal.testkit.plugins;

import io.kanal.api.connector.SinkConnector;
import io.kanal.api.connector.Task;
import io.kanal.api.data.Struct;
import io.kanal.api.errors.PluginException;
import io.kanal.api.sink.OffsetAndMetadata;
import io.kanal.api.sink.SinkRecord;
import io.kanal.api.sink.SinkTask;
import io.kanal.api.sink.TopicPartition;
import io.kanal.config.ConfigKey;
import io.kanal.config.ConfigSpec;
import io.kanal.config.ConfigType;
import io.kanal.config.ParsedConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * A sink for the kit's own tests that appends each record's {@code id} as a line to a file; correct unless its
 * {@code flaw} key names one misbehaviour that one conformance check must catch.
 */
final class FixtureSink {

    private FixtureSink() {}

    static final ConfigKey<String> FILE = ConfigKey.builder("file", ConfigType.STRING)
            .required()
            .documentation("The file the ids are appended to.")
            .build();

    static final ConfigKey<String> FLAW = ConfigKey.builder("flaw", ConfigType.STRING)
            .defaultValue("none")
            .documentation("The misbehaviour to show, or none.")
            .build();

    static final ConfigSpec SPEC =
            ConfigSpec.builder().define(FILE).define(FLAW).build();

    /** The ids in a file the sink wrote. */
    static List<Object> read(Path file) throws IOException {
        if (!Files.exists(file)) {
            return List.of();
        }
        return Files.readAllLines(file).stream()
                .map(line -> (Object) Long.valueOf(line))
                .toList();
    }

    /** The connector. */
    public static class Connector extends SinkConnector {
        private Map<String, String> task;

        /** For the kit. */
        public Connector() {}

        @Override
        public String version() {
            return "1.0";
        }

        @Override
        public ConfigSpec configSpec() {
            return SPEC;
        }

        @Override
        public void start(ParsedConfig config) {
            task = Map.of(FILE.name(), config.get(FILE), FLAW.name(), config.get(FLAW));
        }

        @Override
        public Class<? extends Task> taskClass() {
            return Writer.class;
        }

        @Override
        public List<Map<String, String>> taskConfigs(int maxTasks) {
            return List.of(task);
        }

        @Override
        public void stop() {}
    }

    /** The task. */
    public static class Writer extends SinkTask {
        private Path file;
        private String flaw;
        private final List<String> held = new ArrayList<>();

        /** For the kit. */
        public Writer() {}

        @Override
        public String version() {
            return "1.0";
        }

        @Override
        public ConfigSpec configSpec() {
            return SPEC;
        }

        @Override
        public void start(ParsedConfig config) {
            file = Path.of(config.get(FILE));
            flaw = config.get(FLAW);
            if (flaw.equals("leak-thread")) {
                Thread leaked = new Thread(FixtureSource::idleUntilInterrupted, "fixture-leak");
                leaked.setDaemon(true);
                leaked.start();
            }
        }

        @Override
        public void put(Collection<SinkRecord> records) {
            if (records.isEmpty() && flaw.equals("write-on-empty-put")) {
                append(List.of("-1"));
                return;
            }
            List<String> lines = new ArrayList<>();
            for (SinkRecord record : records) {
                String id = String.valueOf(((Struct) record.value()).get("id"));
                lines.add(id);
                if (flaw.equals("duplicate")) {
                    lines.add(id);
                }
            }
            if (flaw.equals("commit-unwritten")) {
                held.addAll(lines); // written only at stop, yet preCommit commits them
            } else {
                append(lines);
            }
        }

        @Override
        public Map<TopicPartition, OffsetAndMetadata> preCommit(Map<TopicPartition, OffsetAndMetadata> current) {
            return current;
        }

        @Override
        public void stop() {
            append(held);
            if (flaw.equals("slow-stop")) {
                FixtureSource.ignoreInterruptsFor(900);
            }
        }

        private void append(List<String> lines) {
            try {
                Files.write(file, lines, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            } catch (IOException e) {
                throw new PluginException("cannot write " + file, new UncheckedIOException(e));
            }
        }
    }
}
