package io.kanal.testkit.plugins;

import io.kanal.api.connector.SourceConnector;
import io.kanal.api.connector.Task;
import io.kanal.api.data.Schema;
import io.kanal.api.source.SourceRecord;
import io.kanal.api.source.SourceTask;
import io.kanal.config.ConfigKey;
import io.kanal.config.ConfigProblem;
import io.kanal.config.ConfigSpec;
import io.kanal.config.ConfigType;
import io.kanal.config.ConfigValidationResult;
import io.kanal.config.ConfigValueResult;
import io.kanal.config.ParsedConfig;
import io.kanal.config.Password;
import io.kanal.config.Validators;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A counting source for the kit's own tests, correct unless its {@code flaw} key names one misbehaviour that one
 * conformance check must catch. Records: partition {@code {"p": 0}}, offset {@code {"n": n}}, value {@code n}.
 */
final class FixtureSource {

    private FixtureSource() {}

    static final ConfigKey<String> TOPIC = ConfigKey.builder("topic", ConfigType.STRING)
            .required()
            .validator(Validators.nonEmptyString())
            .documentation("The topic.")
            .build();

    static final ConfigKey<Integer> BATCH = ConfigKey.builder("batch.size", ConfigType.INT)
            .defaultValue(5)
            .validator(Validators.atLeast(1))
            .documentation("Records per poll.")
            .build();

    static final ConfigKey<String> FLAW = ConfigKey.builder("flaw", ConfigType.STRING)
            .defaultValue("none")
            .documentation("The misbehaviour to show, or none.")
            .build();

    static final ConfigKey<Password> SECRET = ConfigKey.builder("access.secret", ConfigType.PASSWORD)
            .documentation("A secret the source would log in with.")
            .build();

    static final ConfigKey<Integer> GENERATION = ConfigKey.builder("generation", ConfigType.INT)
            .defaultValue(0)
            .documentation("How often the connector started (for the unstable-task-configs flaw).")
            .build();

    static final ConfigSpec SPEC = ConfigSpec.builder()
            .define(TOPIC)
            .define(BATCH)
            .define(FLAW)
            .define(SECRET)
            .build();

    static final ConfigSpec TASK_SPEC =
            ConfigSpec.builder().include(SPEC).define(GENERATION).build();

    /** The connector; public, as the runtime needs. */
    public static class Connector extends SourceConnector {
        private ParsedConfig config;
        private int generation;

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
            this.config = config;
            generation++;
        }

        @Override
        public Class<? extends Task> taskClass() {
            return Counter.class;
        }

        /** With the flaw {@code shows-secret}, shows the secret, as a careless toString would. */
        @Override
        public String toString() {
            if (config != null && config.get(FLAW).equals("shows-secret")) {
                return "Connector{secret="
                        + config.find(SECRET).map(Password::reveal).orElse("") + "}";
            }
            return "Connector";
        }

        @Override
        public List<Map<String, String>> taskConfigs(int maxTasks) {
            Map<String, String> task = new HashMap<>();
            task.put(TOPIC.name(), config.get(TOPIC));
            task.put(BATCH.name(), String.valueOf(config.get(BATCH)));
            task.put(FLAW.name(), config.get(FLAW));
            if (config.get(FLAW).equals("unstable-task-configs")) {
                task.put(GENERATION.name(), String.valueOf(generation));
            }
            return List.of(task);
        }

        @Override
        public void stop() {}

        /** With the flaw {@code integer-offsets}, rejects the {@code Long} the offset store gives back. */
        @Override
        public boolean alterOffsets(ParsedConfig config, Map<Map<String, ?>, Map<String, ?>> offsets) {
            if (config.get(FLAW).equals("integer-offsets")) {
                offsets.values().forEach(offset -> {
                    if (offset != null && !(offset.get("n") instanceof Integer)) {
                        throw new IllegalArgumentException("n must be an Integer");
                    }
                });
            }
            return true;
        }

        @Override
        public ConfigValidationResult validate(Map<String, String> connectorConfig) {
            ConfigValidationResult result = super.validate(connectorConfig);
            if (!"misnamed-problems".equals(connectorConfig.get(FLAW.name()))) {
                return result;
            }
            return new ConfigValidationResult(
                    result.values().stream()
                            .map(v -> new ConfigValueResult(
                                    v.name(),
                                    v.shownValue(),
                                    v.recommendedValues(),
                                    v.problems().stream()
                                            .map(p -> new ConfigProblem("somewhere", p.shownValue(), p.rule()))
                                            .toList(),
                                    v.visible()))
                            .toList(),
                    result.unknownKeys());
        }
    }

    /** A connector whose spec has a secret typed as a string and an undocumented key. */
    public static class CarelessSpec extends Connector {
        /** For the kit. */
        public CarelessSpec() {}

        @Override
        public ConfigSpec configSpec() {
            return ConfigSpec.builder()
                    .include(SPEC)
                    .define(ConfigKey.builder("api.token", ConfigType.STRING)
                            .documentation("The token.")
                            .build())
                    .define(ConfigKey.builder("mystery", ConfigType.STRING).build())
                    .build();
        }
    }

    /** The task. */
    public static class Counter extends SourceTask {
        private String topic;
        private int batch;
        private String flaw;
        private long next;
        private Thread leaked;

        /** For the kit. */
        public Counter() {}

        @Override
        public String version() {
            return "1.0";
        }

        @Override
        public ConfigSpec configSpec() {
            return TASK_SPEC;
        }

        @Override
        public void start(ParsedConfig config) {
            topic = config.get(TOPIC);
            batch = config.get(BATCH);
            flaw = config.get(FLAW);
            Map<String, Object> committed = context().offsetReader().offset(Map.of("p", 0));
            if (committed != null) {
                long n = ((Number) committed.get("n")).longValue();
                next = switch (flaw) {
                    case "repeat" -> n;
                    case "skip" -> n + 2;
                    default -> n + 1;
                };
            }
            if (flaw.equals("leak-thread")) {
                leaked = new Thread(FixtureSource::idleUntilInterrupted, "fixture-leak");
                leaked.setDaemon(true);
                leaked.start();
            }
        }

        @Override
        public List<SourceRecord> poll() throws InterruptedException {
            if (flaw.equals("deaf-poll")) {
                ignoreInterruptsFor(900);
            }
            List<SourceRecord> out = new ArrayList<>();
            for (int i = 0; i < batch; i++, next++) {
                Schema schema = flaw.equals("bad-schema") ? Schema.INT32_SCHEMA : Schema.INT64_SCHEMA;
                out.add(new SourceRecord(
                        Map.of("p", 0),
                        Map.of("n", next),
                        topic,
                        null,
                        Schema.STRING_SCHEMA,
                        "k" + next,
                        schema,
                        next));
            }
            return out;
        }

        @Override
        public void stop() {
            if (flaw.equals("slow-stop")) {
                ignoreInterruptsFor(900);
            }
        }
    }

    static void idleUntilInterrupted() {
        try {
            new java.util.concurrent.CountDownLatch(1).await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A plugin that will not be hurried: it waits out the time whatever happens to its thread. */
    static void ignoreInterruptsFor(long millis) {
        long end = System.nanoTime() + millis * 1_000_000;
        boolean interrupted = false;
        while (System.nanoTime() < end) {
            try {
                Thread.sleep(Math.max(1, (end - System.nanoTime()) / 1_000_000));
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
