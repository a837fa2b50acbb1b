package io.kanal.api.example;

import io.kanal.api.sink.SinkRecord;
import io.kanal.api.sink.SinkTask;
import io.kanal.config.ConfigSpec;
import io.kanal.config.ParsedConfig;
import java.io.PrintStream;
import java.util.Collection;

/** The README's sink task: writes each record's coordinates and value to standard output. */
public class PrintSinkTask extends SinkTask {
    private final PrintStream out;

    public PrintSinkTask() { // the runtime creates tasks through their public no-argument constructor
        this(System.out);
    }

    PrintSinkTask(PrintStream out) {
        this.out = out;
    }

    @Override
    public ConfigSpec configSpec() {
        return ConfigSpec.builder().build();
    }

    @Override
    public void start(ParsedConfig config) {}

    @Override
    public void put(Collection<SinkRecord> records) {
        for (SinkRecord record : records) {
            out.println(record.topic() + "-" + record.kafkaPartition() + "@" + record.kafkaOffset() + ": "
                    + record.value());
        }
    }

    @Override
    public void stop() {}

    @Override
    public String version() {
        return "1.0";
    }
}
