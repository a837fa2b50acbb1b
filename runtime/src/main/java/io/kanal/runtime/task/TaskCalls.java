package io.kanal.runtime.task;

import io.kanal.api.connector.Task;
import io.kanal.config.ConfigSpec;
import io.kanal.config.ConfigValidationException;
import io.kanal.config.ParsedConfig;
import io.kanal.runtime.invoke.CallOutcome;
import io.kanal.runtime.invoke.Plugin;
import io.kanal.runtime.invoke.PluginInvoker;
import io.kanal.runtime.invoke.Redactor;
import io.kanal.runtime.invoke.Stage;
import io.kanal.runtime.invoke.StageError;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The initialize, start and stop calls every task gets, through the invoker. Stateless; called on the task thread. */
final class TaskCalls {

    private static final Logger LOG = LoggerFactory.getLogger(TaskCalls.class);

    private TaskCalls() {}

    /**
     * Calls {@code initialize}; a failure fails the task. The caller passes the call because source and sink tasks
     * take different contexts.
     */
    static <T extends Task> void initialize(
            PluginInvoker invoker, Plugin<T> task, Consumer<T> initialize, Duration budget, Redactor redactor) {
        BatchCalls.checked(
                invoker.call(task, Stage.INITIALIZE, budget, t -> {
                    initialize.accept(t);
                    return null;
                }),
                redactor);
    }

    /** Parses the task's configuration against its spec and calls {@code start}. */
    static <T extends Task> void start(
            PluginInvoker invoker, Plugin<T> task, Map<String, String> config, Duration budget, Redactor redactor) {
        ConfigSpec spec = BatchCalls.checked(invoker.call(task, Stage.CONFIG_SPEC, budget, Task::configSpec), redactor);
        ParsedConfig parsed;
        try {
            parsed = spec == null ? ConfigSpec.builder().build().parse(config) : spec.parse(config);
        } catch (ConfigValidationException e) {
            throw new TaskFailedException(StageError.of(Stage.START, e, redactor), e);
        }
        BatchCalls.checked(
                invoker.call(task, Stage.START, budget, t -> {
                    t.start(parsed);
                    return null;
                }),
                redactor);
    }

    /** Calls {@code stop}; a failure is logged. */
    static <T extends Task> void stop(PluginInvoker invoker, Plugin<T> task, Duration budget, Redactor redactor) {
        CallOutcome<Void> outcome = invoker.call(task, Stage.STOP, budget, t -> {
            t.stop();
            return null;
        });
        if (outcome instanceof CallOutcome.Failed<Void> failed) {
            LOG.warn("[{}] {}", task.owner(), StageError.of(failed, redactor).summary());
        }
    }
}
