package io.kanal.runtime.invoke;

import io.kanal.api.connector.SourceConnector;
import io.kanal.api.connector.Task;
import io.kanal.api.errors.PluginException;
import io.kanal.api.sink.OffsetAndMetadata;
import io.kanal.api.sink.SinkRecord;
import io.kanal.api.sink.SinkTask;
import io.kanal.api.sink.TopicPartition;
import io.kanal.api.source.SourceRecord;
import io.kanal.api.source.SourceTask;
import io.kanal.config.ConfigSpec;
import io.kanal.config.ConfigValidationResult;
import io.kanal.config.ParsedConfig;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A connector and two tasks, written against the plugin API, that misbehave in whichever method the test names: the
 * hostile plugins of RUNTIME.md §7. {@link #call(Stage)} calls the method that a stage names, as the runtime would.
 */
final class HostilePlugins {

    /** What a plugin method does. */
    interface Act {
        void in(Stage stage) throws InterruptedException;
    }

    private final HostileConnector connector;
    private final HostileSourceTask sourceTask;
    private final HostileSinkTask sinkTask;

    /** Plugins that do {@code act} in the method of {@code hostileStage} and nothing in the others. */
    HostilePlugins(Stage hostileStage, Act act) {
        Act only = stage -> {
            if (stage == hostileStage) {
                act.in(stage);
            }
        };
        this.connector = new HostileConnector(only);
        this.sourceTask = new HostileSourceTask(only);
        this.sinkTask = new HostileSinkTask(only);
    }

    /** The stages the issue names: "blocks forever in each of start, taskConfigs, validate, poll, put, flush and stop". */
    static List<Stage> namedStages() {
        return List.of(Stage.START, Stage.TASK_CONFIGS, Stage.VALIDATE, Stage.POLL, Stage.PUT, Stage.FLUSH, Stage.STOP);
    }

    /** The plugin code the runtime runs for {@code stage}. */
    PluginCall<Object> call(Stage stage) {
        return switch (stage) {
            case START ->
                () -> {
                    connector.start(null);
                    return null;
                };
            case TASK_CONFIGS -> () -> connector.taskConfigs(2);
            case VALIDATE -> () -> connector.validate(Map.of());
            case POLL -> sourceTask::poll;
            case PUT ->
                () -> {
                    sinkTask.put(List.of());
                    return null;
                };
            case FLUSH ->
                () -> {
                    sinkTask.flush(Map.of());
                    return null;
                };
            case STOP ->
                () -> {
                    connector.stop();
                    return null;
                };
            default -> throw new IllegalArgumentException("no hostile method for " + stage);
        };
    }

    /** Blocks until interrupted; counts down {@code entered} first. */
    static Act blockForever(CountDownLatch entered) {
        CountDownLatch never = new CountDownLatch(1);
        return stage -> {
            entered.countDown();
            never.await();
        };
    }

    /** Blocks until {@code gate} opens, swallowing every interrupt (and counting them). */
    static Act ignoreInterrupts(CountDownLatch entered, CountDownLatch gate, AtomicInteger swallowed) {
        return stage -> {
            entered.countDown();
            while (true) {
                try {
                    gate.await();
                    return;
                } catch (InterruptedException e) {
                    swallowed.incrementAndGet(); // the hostile part: carry on as if nothing happened
                }
            }
        };
    }

    /** Recurses until the stack overflows. */
    static Act overflowStack() {
        return stage -> recurse(0);
    }

    private static int recurse(int depth) {
        return recurse(depth + 1) + 1;
    }

    /** Methods that cannot throw InterruptedException wrap it, as plugins do. */
    private static void run(Act act, Stage stage) {
        try {
            act.in(stage);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PluginException("interrupted during " + stage.label(), e);
        }
    }

    private static final ConfigSpec SPEC = ConfigSpec.builder().build();

    static final class HostileConnector extends SourceConnector {
        private final Act act;

        HostileConnector(Act act) {
            this.act = act;
        }

        @Override
        public String version() {
            return "6.6.6";
        }

        @Override
        public ConfigSpec configSpec() {
            return SPEC;
        }

        @Override
        public void start(ParsedConfig config) {
            run(act, Stage.START);
        }

        @Override
        public Class<? extends Task> taskClass() {
            return HostileSourceTask.class;
        }

        @Override
        public List<Map<String, String>> taskConfigs(int maxTasks) {
            run(act, Stage.TASK_CONFIGS);
            return List.of(Map.of());
        }

        @Override
        public ConfigValidationResult validate(Map<String, String> connectorConfig) {
            run(act, Stage.VALIDATE);
            return super.validate(connectorConfig);
        }

        @Override
        public void stop() {
            run(act, Stage.STOP);
        }
    }

    static final class HostileSourceTask extends SourceTask {
        private final Act act;

        HostileSourceTask(Act act) {
            this.act = act;
        }

        @Override
        public String version() {
            return "6.6.6";
        }

        @Override
        public ConfigSpec configSpec() {
            return SPEC;
        }

        @Override
        public void start(ParsedConfig config) {
            run(act, Stage.START);
        }

        @Override
        public List<SourceRecord> poll() throws InterruptedException {
            act.in(Stage.POLL);
            return List.of();
        }

        @Override
        public void stop() {
            run(act, Stage.STOP);
        }
    }

    static final class HostileSinkTask extends SinkTask {
        private final Act act;

        HostileSinkTask(Act act) {
            this.act = act;
        }

        @Override
        public String version() {
            return "6.6.6";
        }

        @Override
        public ConfigSpec configSpec() {
            return SPEC;
        }

        @Override
        public void start(ParsedConfig config) {
            run(act, Stage.START);
        }

        @Override
        public void put(Collection<SinkRecord> records) {
            run(act, Stage.PUT);
        }

        @Override
        public void flush(Map<TopicPartition, OffsetAndMetadata> currentOffsets) {
            run(act, Stage.FLUSH);
        }

        @Override
        public void stop() {
            run(act, Stage.STOP);
        }
    }
}
