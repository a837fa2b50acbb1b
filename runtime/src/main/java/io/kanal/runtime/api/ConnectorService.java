package io.kanal.runtime.api;

import io.kanal.config.ConfigProblem;
import io.kanal.runtime.api.ApiModel.ConnectorInfo;
import io.kanal.runtime.api.ApiModel.ConnectorState;
import io.kanal.runtime.api.ApiModel.ConnectorStatus;
import io.kanal.runtime.api.ApiModel.ErrorInfo;
import io.kanal.runtime.api.ApiModel.Expanded;
import io.kanal.runtime.api.ApiModel.RecordInfo;
import io.kanal.runtime.api.ApiModel.TaskId;
import io.kanal.runtime.api.ApiModel.TaskInfo;
import io.kanal.runtime.api.ApiModel.TaskState;
import io.kanal.runtime.api.ApiModel.Written;
import io.kanal.runtime.herder.ConnectorTaskId;
import io.kanal.runtime.herder.HerderError;
import io.kanal.runtime.herder.HerderEvent;
import io.kanal.runtime.herder.HerderReply;
import io.kanal.runtime.herder.HerderView;
import io.kanal.runtime.herder.Status;
import io.kanal.runtime.herder.TargetState;
import io.kanal.runtime.isolation.PluginResolutionException;
import io.kanal.runtime.isolation.PluginType;
import io.kanal.runtime.worker.ConnectorValidator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.function.LongFunction;

/**
 * The connector operations of Connect's REST API ({@code /connectors/...}), without HTTP: reads come from the herder's
 * published view, writes go through the herder's request queue and wait for its reply.
 *
 * <p><b>Threading.</b> Stateless apart from its final fields; every method is safe from any number of threads at once
 * and blocks the caller at most for the request timeout.
 */
public final class ConnectorService {

    /** Connect's {@code DEFAULT_REST_REQUEST_TIMEOUT_MS}: how long a write waits for the herder. */
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(90);

    private final WorkerApi worker;
    private final Duration timeout;
    private final ConfigRedaction redaction;

    /**
     * Creates the service.
     *
     * @param worker the worker it drives
     * @param timeout how long a call waits for the herder before answering 500
     */
    public ConnectorService(WorkerApi worker, Duration timeout) {
        this.worker = Objects.requireNonNull(worker, "worker");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.redaction = new ConfigRedaction(worker, timeout);
    }

    /**
     * The connectors' names, sorted.
     *
     * @return the names
     */
    public List<String> list() {
        return List.copyOf(worker.view().connectors().keySet());
    }

    /**
     * Every connector with the parts {@code ?expand=} asked for.
     *
     * @param status whether to include each status
     * @param info whether to include each info
     * @return one entry per connector, by name
     */
    public Map<String, Expanded> expanded(boolean status, boolean info) {
        SortedMap<String, HerderView.ConnectorView> all = worker.view().connectors();
        Map<String, Expanded> out = new LinkedHashMap<>();
        all.forEach((name, c) -> out.put(name, new Expanded(status ? status(c) : null, info ? info(c) : null)));
        return out;
    }

    /**
     * One connector's info.
     *
     * @param name the connector's name
     * @return name, config, task ids and type
     * @throws ApiException 404 when the connector does not exist
     */
    public ConnectorInfo info(String name) {
        return info(connector(name));
    }

    /**
     * One connector's config as stored: provider placeholders stay unresolved, passwords read {@link
     * ConfigRedaction#MARKER}.
     *
     * @param name the connector's name
     * @return the config
     * @throws ApiException 404 when the connector does not exist
     */
    public Map<String, String> config(String name) {
        return redaction.redact(connector(name).config());
    }

    /**
     * One connector's status.
     *
     * @param name the connector's name
     * @return Connect's {@code ConnectorStateInfo}
     * @throws ApiException 404 when the connector does not exist
     */
    public ConnectorStatus status(String name) {
        HerderView.ConnectorView c = worker.view()
                .connector(name)
                .orElseThrow(() -> new ApiException(ApiException.NOT_FOUND, "No status found for connector " + name));
        return status(c);
    }

    /**
     * One task's status.
     *
     * @param name the connector's name
     * @param task the task number
     * @return the task's state
     * @throws ApiException 404 when the connector or task does not exist
     */
    public TaskState taskStatus(String name, int task) {
        return worker.view().connector(name).stream()
                .flatMap(c -> c.tasks().stream())
                .filter(t -> t.id().task() == task)
                .findFirst()
                .map(t -> taskState(t.id().task(), t.status()))
                .orElseThrow(() -> new ApiException(
                        ApiException.NOT_FOUND, "No status found for task " + new ConnectorTaskId(name, task)));
    }

    /**
     * One connector's task configs, from the herder.
     *
     * @param name the connector's name
     * @return one entry per task, in task order
     * @throws ApiException 404 when the connector does not exist
     */
    public List<TaskInfo> tasks(String name) {
        HerderReply reply = call(id -> new HerderEvent.GetTaskConfigs(id, name));
        if (!(reply instanceof HerderReply.TaskConfigs configs)) {
            throw unexpected(reply);
        }
        Map<String, String> connectorConfig = worker.view()
                .connector(name)
                .map(HerderView.ConnectorView::config)
                .orElse(Map.of());
        List<TaskInfo> out = new ArrayList<>();
        for (int i = 0; i < configs.tasks().size(); i++) {
            out.add(new TaskInfo(
                    new TaskId(name, i), redaction.redact(configs.tasks().get(i), connectorConfig)));
        }
        return out;
    }

    /**
     * Creates a connector ({@code POST /connectors}) or creates or replaces one ({@code PUT .../config}), after the
     * connector's own validation.
     *
     * @param name the connector's name
     * @param config its config
     * @param allowReplace false for {@code POST}: an existing connector is a 409
     * @param initialState the target state of a new connector ({@code initial_state}); null for {@code RUNNING}
     * @return the connector and whether it was created
     * @throws ApiException 400 on a missing name or an invalid config, 409 when it exists and may not be replaced
     * @throws InterruptedException when interrupted
     */
    public Written put(String name, Map<String, String> config, boolean allowReplace, String initialState)
            throws InterruptedException {
        if (name == null || name.isBlank()) {
            throw new ApiException(ApiException.BAD_REQUEST, "Connector name must not be empty");
        }
        if (name.contains("/")) {
            throw new ApiException(ApiException.BAD_REQUEST, "connector name should not contain '/'");
        }
        if (config == null) {
            throw new ApiException(ApiException.BAD_REQUEST, "Connector config must not be null");
        }
        for (Map.Entry<String, String> e : config.entrySet()) {
            if (e.getKey() == null || e.getValue() == null) {
                throw new ApiException(
                        ApiException.BAD_REQUEST,
                        "Connector config value of \"" + e.getKey() + "\" must be a string, not null");
            }
        }
        String configName = config.get("name");
        if (configName != null && !configName.equals(name)) {
            throw new ApiException(
                    ApiException.BAD_REQUEST,
                    "Connector name configuration (" + configName + ") doesn't match connector name in the URL (" + name
                            + ")");
        }
        Optional<TargetState> initial = Optional.empty();
        if (initialState != null) {
            try {
                initial = Optional.of(TargetState.valueOf(initialState.toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new ApiException(
                        ApiException.BAD_REQUEST,
                        "Invalid initial_state \"" + initialState + "\": expected RUNNING, PAUSED or STOPPED");
            }
        }
        Map<String, String> stored = worker.view()
                .connector(name)
                .map(HerderView.ConnectorView::config)
                .orElse(Map.of());
        // A password read back as the marker and written again keeps its stored value.
        Map<String, String> withName = new HashMap<>(redaction.restore(config, stored));
        withName.put("name", name);
        ConnectorValidator.Outcome outcome = worker.validate(name, withName, timeout);
        if (outcome.timedOut().isPresent()) {
            throw RequestTimeouts.timedOut(
                    outcome.timedOut().get().description(),
                    outcome.timedOut().get().began());
        }
        if (!outcome.isValid()) {
            throw new ApiException(ApiException.BAD_REQUEST, invalidConfigMessage(outcome));
        }
        Optional<TargetState> state = initial;
        HerderReply reply = call(id -> new HerderEvent.PutConnectorConfig(id, name, withName, allowReplace, state));
        if (!(reply instanceof HerderReply.ConnectorWritten written)) {
            throw unexpected(reply);
        }
        HerderView.ConnectorInfo info = written.info();
        return new Written(
                written.created(),
                new ConnectorInfo(
                        info.name(), redaction.redact(info.config()), taskIds(info.tasks()), type(info.config())));
    }

    /**
     * Patches a connector's config (KIP-477): the patch's keys replace the stored ones, a null value removes its key;
     * the result is validated and stored as {@link #put} does.
     *
     * @param name the connector's name
     * @param patch the keys to change, null values for keys to remove
     * @return the connector, never created
     * @throws ApiException 404 when the connector does not exist, 400 when the patched config is invalid
     * @throws InterruptedException when interrupted
     */
    public Written patch(String name, Map<String, String> patch) throws InterruptedException {
        if (patch == null) {
            throw new ApiException(ApiException.BAD_REQUEST, "Request body must be a JSON object of config keys");
        }
        // Merged onto the config as a client reads it: put() restores the hidden passwords only while the plugin stays
        // the same, so a patch that changes connector.class cannot carry a stored secret to a plugin that shows it.
        Map<String, String> merged =
                new HashMap<>(redaction.redact(connector(name).config()));
        patch.forEach((key, value) -> {
            if (value == null) {
                merged.remove(key);
            } else {
                merged.put(key, value);
            }
        });
        return put(name, merged, true, null);
    }

    /**
     * Resets a stopped connector's offsets (KIP-875).
     *
     * @param name the connector's name
     * @return Connect's confirmation
     * @throws ApiException 404 when the connector does not exist, 400 when it is not {@code STOPPED}
     */
    public String resetOffsets(String name) {
        expectDone(call(id -> new HerderEvent.ResetOffsets(id, name)));
        return "The offsets for this connector have been reset successfully";
    }

    /**
     * Deletes a connector.
     *
     * @param name the connector's name
     * @throws ApiException 404 when it does not exist
     */
    public void delete(String name) {
        expectDone(call(id -> new HerderEvent.DeleteConnector(id, name)));
        // As in Connect, a deleted connector's active topics go with it: a new one of that name starts with none.
        worker.activeTopics().forget(name);
    }

    /**
     * Changes a connector's target state ({@code pause}, {@code resume}, {@code stop}).
     *
     * @param name the connector's name
     * @param state the new target state: {@code RUNNING}, {@code PAUSED} or {@code STOPPED}
     * @throws ApiException 404 when it does not exist
     */
    public void changeTargetState(String name, String state) {
        TargetState target = TargetState.valueOf(state);
        expectDone(call(id -> new HerderEvent.ChangeTargetState(id, name, target)));
    }

    /**
     * Restarts a connector and, as KIP-745 says, optionally its tasks.
     *
     * @param name the connector's name
     * @param includeTasks whether tasks restart too
     * @param onlyFailed whether only failed instances restart
     * @return the statuses with {@code RESTARTING} where a restart is pending (Connect's 202), or empty when the
     *     herder restarted the connector alone (Connect's 204)
     * @throws ApiException 404 when it does not exist, 409 during a rebalance
     */
    public Optional<ConnectorStatus> restart(String name, boolean includeTasks, boolean onlyFailed) {
        HerderReply reply = call(id -> new HerderEvent.RestartConnector(id, name, includeTasks, onlyFailed));
        if (reply instanceof HerderReply.Restarting restarting) {
            return Optional.of(status(restarting.connector()));
        }
        expectDone(reply);
        return Optional.empty();
    }

    /**
     * Restarts one task.
     *
     * @param name the connector's name
     * @param task the task number
     * @throws ApiException 404 when the connector or task does not exist, 409 during a rebalance
     */
    public void restartTask(String name, int task) {
        if (task < 0) {
            throw new ApiException(ApiException.NOT_FOUND, "Unknown task " + name + "-" + task);
        }
        expectDone(call(id -> new HerderEvent.RestartTask(id, new ConnectorTaskId(name, task))));
    }

    private HerderView.ConnectorView connector(String name) {
        return worker.view().connector(name).orElseThrow(() -> ApiException.unknownConnector(name));
    }

    private ConnectorInfo info(HerderView.ConnectorView c) {
        return new ConnectorInfo(
                c.name(), redaction.redact(c.config()), taskIds(c.info().tasks()), type(c.config()));
    }

    private ConnectorStatus status(HerderView.ConnectorView c) {
        Status s = c.status();
        return new ConnectorStatus(
                c.name(),
                new ConnectorState(s.state().name(), s.workerId(), trace(s), errorInfo(s)),
                c.tasks().stream()
                        .map(t -> taskState(t.id().task(), t.status()))
                        .toList(),
                type(c.config()));
    }

    private static TaskState taskState(int task, Status s) {
        return new TaskState(task, s.state().name(), s.workerId(), trace(s), errorInfo(s));
    }

    /** Kanal's extra {@code error} field: the failure's parts that Connect folds into the trace. */
    private static ErrorInfo errorInfo(Status s) {
        return s.error()
                .map(e -> new ErrorInfo(
                        e.stage(),
                        e.exceptionClass(),
                        e.message(),
                        e.record()
                                .map(r -> new RecordInfo(r.topic(), r.partition(), r.offset()))
                                .orElse(null)))
                .orElse(null);
    }

    /** Connect shows a failure's stack trace; Kanal falls back to class and message when no trace was captured. */
    private static String trace(Status s) {
        return s.error()
                .map(e -> e.trace().isBlank() ? e.exceptionClass() + ": " + e.message() : e.trace())
                .orElse(null);
    }

    private static List<TaskId> taskIds(List<ConnectorTaskId> ids) {
        return ids.stream().map(t -> new TaskId(t.connector(), t.task())).toList();
    }

    /** The connector's type from its class, as Connect's {@code ConnectorType}; {@code unknown} if not installed. */
    private String type(Map<String, String> config) {
        String className = config.get("connector.class");
        if (className == null) {
            return "unknown";
        }
        try {
            PluginType type = worker.registry()
                    .resolveConnector(className, config.get("connector.plugin.version"))
                    .type();
            return type.restName();
        } catch (PluginResolutionException e) {
            return "unknown";
        }
    }

    /** Connect's message for an invalid config (its AbstractHerder), which points at the validate endpoint. */
    static String invalidConfigMessage(ConnectorValidator.Outcome outcome) {
        List<String> errors = new ArrayList<>();
        outcome.failure().ifPresent(errors::add);
        outcome.result().ifPresent(r -> {
            for (ConfigProblem p : r.problems()) {
                errors.add(p.key() + ": " + p.rule());
            }
        });
        outcome.frameworkErrors().forEach((key, rules) -> rules.forEach(rule -> errors.add(key + ": " + rule)));
        if (errors.isEmpty()) {
            errors.add("the connector's validation returned no result");
        }
        StringBuilder text = new StringBuilder("Connector configuration is invalid and contains the following ")
                .append(errors.size())
                .append(" error(s):");
        errors.forEach(e -> text.append('\n').append(e));
        text.append("\nYou can also find the above list of errors at the endpoint "
                + "`/connector-plugins/{connectorType}/config/validate`");
        return text.toString();
    }

    private HerderReply call(LongFunction<? extends HerderEvent.Request> request) {
        return HerderCall.call(worker, timeout, request);
    }

    private static void expectDone(HerderReply reply) {
        if (!(reply instanceof HerderReply.Done)) {
            throw unexpected(reply);
        }
    }

    private static ApiException unexpected(HerderReply reply) {
        return new ApiException(
                ApiException.INTERNAL,
                "The herder answered with an unexpected reply: "
                        + reply.getClass().getSimpleName());
    }

    /** Connect's status for each herder refusal. */
    static ApiException fromHerder(HerderError error) {
        int code =
                switch (error.kind()) {
                    case NOT_FOUND -> ApiException.NOT_FOUND;
                    case ALREADY_EXISTS, REBALANCE_IN_PROGRESS -> ApiException.CONFLICT;
                    case BAD_REQUEST -> ApiException.BAD_REQUEST;
                    case STORE_FAILED -> ApiException.INTERNAL;
                    case UNAVAILABLE -> ApiException.UNAVAILABLE;
                };
        return new ApiException(code, error.message());
    }
}
