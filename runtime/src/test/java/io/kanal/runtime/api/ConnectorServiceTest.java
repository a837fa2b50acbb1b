package io.kanal.runtime.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kanal.runtime.herder.ConnectorTaskId;
import io.kanal.runtime.herder.HerderError;
import io.kanal.runtime.herder.HerderEvent;
import io.kanal.runtime.herder.HerderReply;
import io.kanal.runtime.herder.HerderView;
import io.kanal.runtime.herder.Status;
import io.kanal.runtime.herder.StatusError;
import io.kanal.runtime.herder.StatusState;
import io.kanal.runtime.herder.TargetState;
import io.kanal.runtime.isolation.PluginPath;
import io.kanal.runtime.isolation.PluginRegistry;
import io.kanal.runtime.task.ActiveTopics;
import io.kanal.runtime.worker.ConnectorValidator;
import io.kanal.runtime.worker.WorkerOffsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The services' mapping of herder replies and views to Connect's results and status codes, over a scripted worker. */
class ConnectorServiceTest {

    private final PluginRegistry registry = PluginRegistry.load(PluginPath.parse(""), PluginRegistry.Builtins.NONE);

    @AfterEach
    void close() {
        registry.close();
    }

    /** A worker whose herder answers every request with the next scripted reply. */
    private final class ScriptedWorker implements WorkerApi {
        final List<HerderEvent.Request> requests = new ArrayList<>();
        CompletableFuture<HerderReply> reply = new CompletableFuture<>();
        HerderView view = new HerderView(1, "w:8083", false, new TreeMap<>());
        ConnectorValidator.Outcome validation = new ConnectorValidator.Outcome(Optional.empty(), Optional.empty());
        final ActiveTopics topics = new ActiveTopics(true, true);
        boolean ready = true;
        PluginRegistry plugins = registry;

        @Override
        public CompletableFuture<HerderReply> request(LongFunction<? extends HerderEvent.Request> request) {
            requests.add(request.apply(requests.size() + 1L));
            return reply;
        }

        @Override
        public HerderView view() {
            return view;
        }

        @Override
        public PluginRegistry registry() {
            return plugins;
        }

        @Override
        public ConnectorValidator.Outcome validate(String name, Map<String, String> config, Duration timeout) {
            return validation;
        }

        @Override
        public boolean ready() {
            return ready;
        }

        @Override
        public ActiveTopics activeTopics() {
            return topics;
        }

        @Override
        public WorkerOffsets offsets() {
            throw new UnsupportedOperationException("not needed here");
        }

        @Override
        public String version() {
            return "9.9";
        }
    }

    private static int codeOf(Runnable call) {
        try {
            call.run();
        } catch (ApiException e) {
            return e.errorCode();
        }
        throw new AssertionError("no ApiException");
    }

    @Test
    void herderRefusalsBecomeConnectsStatusCodes() {
        ScriptedWorker worker = new ScriptedWorker();
        ConnectorService service = new ConnectorService(worker, Duration.ofSeconds(5));
        int[] expected = {404, 409, 409, 400, 500, 503};
        HerderError.Kind[] kinds = HerderError.Kind.values();
        assertThat(kinds).hasSameSizeAs(expected);
        for (int i = 0; i < kinds.length; i++) {
            worker.reply = CompletableFuture.completedFuture(new HerderReply.Failed(new HerderError(kinds[i], "no")));
            assertThat(codeOf(() -> service.delete("c"))).as(kinds[i].name()).isEqualTo(expected[i]);
        }
        assertThat(worker.requests)
                .allMatch(r ->
                        r instanceof HerderEvent.DeleteConnector d && d.name().equals("c"));
    }

    @Test
    void aHerderFailureAnswersAnIdNotTheCausesText() {
        ScriptedWorker worker = new ScriptedWorker();
        worker.reply = CompletableFuture.failedFuture(new IllegalStateException("ssl.key.password=hunter2"));
        assertThatThrownBy(() ->
                        HerderCall.call(worker, Duration.ofSeconds(5), id -> new HerderEvent.DeleteConnector(id, "c")))
                .isInstanceOfSatisfying(
                        ApiException.class, e -> assertThat(e.errorCode()).isEqualTo(500))
                .hasMessageMatching("The herder failed the request \\(id [0-9a-f-]{36}\\); see the worker log");
    }

    @Test
    void aHerderThatDoesNotAnswerIsA500RequestTimedOut() {
        ScriptedWorker worker = new ScriptedWorker();
        ConnectorService service = new ConnectorService(worker, Duration.ofMillis(50));
        assertThatThrownBy(() -> service.changeTargetState("c", "PAUSED"))
                .isInstanceOfSatisfying(
                        ApiException.class, e -> assertThat(e.errorCode()).isEqualTo(500))
                .hasMessageStartingWith("Request timed out. The worker is currently waiting for the herder thread")
                .hasMessageMatching("(?s).*, which began at \\d{4}-\\d\\d-\\d\\dT.*Z\\.");
        assertThat(worker.requests.get(0)).isEqualTo(new HerderEvent.ChangeTargetState(1, "c", TargetState.PAUSED));
    }

    @Test
    void aPluginValidateThatTimesOutIsTheSame500AsAPut() throws Exception {
        ScriptedWorker worker = new ScriptedWorker();
        String connector = io.kanal.runtime.worker.fixture.SeqSourceConnector.class.getName();
        java.time.Instant began = java.time.Instant.parse("2026-01-02T03:04:05Z");
        worker.validation = new ConnectorValidator.Outcome(
                Optional.empty(),
                Optional.of("validate did not return within 50 ms; the call was cancelled"),
                Optional.of(new ConnectorValidator.Stalled(
                        "performing multi-property validation for the connector", began)));
        try (PluginRegistry withConnector = PluginRegistry.load(
                PluginPath.parse(""), new PluginRegistry.Builtins(List.of(connector), Map.of(), "1.0"))) {
            worker.plugins = withConnector;
            PluginConfigService service = new PluginConfigService(worker, Duration.ofMillis(50));
            assertThatThrownBy(() -> service.validate("SeqSourceConnector", Map.of("connector.class", connector)))
                    .isInstanceOfSatisfying(
                            ApiException.class, e -> assertThat(e.errorCode()).isEqualTo(500))
                    .hasMessage("Request timed out. The worker is currently performing multi-property validation"
                            + " for the connector, which began at 2026-01-02T03:04:05Z.");
        }
    }

    @Test
    void aConnectorsProblemOnAFrameworkKeyItDoesNotDefineIsShownOnThatKey() throws Exception {
        ScriptedWorker worker = new ScriptedWorker();
        String connector = io.kanal.runtime.worker.fixture.SeqSourceConnector.class.getName();
        // As a Connect connector's validate() reports it: MirrorMaker's source connector on exactly.once.support.
        io.kanal.config.ConfigProblem problem = new io.kanal.config.ConfigProblem(
                "exactly.once.support", Optional.of("required"), "needs read_committed");
        worker.validation = new ConnectorValidator.Outcome(
                Optional.of(new io.kanal.config.ConfigValidationResult(
                        List.of(new io.kanal.config.ConfigValueResult(
                                "exactly.once.support", Optional.of("required"), List.of(), List.of(problem), true)),
                        java.util.Set.of())),
                Optional.empty());
        try (PluginRegistry withConnector = PluginRegistry.load(
                PluginPath.parse(""), new PluginRegistry.Builtins(List.of(connector), Map.of(), "1.0"))) {
            worker.plugins = withConnector;
            PluginConfigService service = new PluginConfigService(worker, Duration.ofSeconds(5));
            ConfigInfoModel.ConfigInfos infos = service.validate(
                    "SeqSourceConnector",
                    Map.of("connector.class", connector, "name", "c", "exactly.once.support", "required"));
            assertThat(infos.configs())
                    .filteredOn(c -> c.value().name().equals("exactly.once.support"))
                    .singleElement()
                    .satisfies(c -> assertThat(c.value().errors()).containsExactly(problem.message()));
            assertThat(infos.errorCount()).isEqualTo(1);
        }
    }

    @Test
    void aValidationThatTimesOutIsA500NamingItsStageAndIsNeverSubmitted() {
        ScriptedWorker worker = new ScriptedWorker();
        java.time.Instant began = java.time.Instant.parse("2026-01-02T03:04:05Z");
        worker.validation = new ConnectorValidator.Outcome(
                Optional.empty(),
                Optional.of("validate did not return within 50 ms; the call was cancelled"),
                Optional.of(new ConnectorValidator.Stalled(
                        "performing multi-property validation for the connector", began)));
        ConnectorService service = new ConnectorService(worker, Duration.ofMillis(50));
        assertThatThrownBy(() -> service.put("c", Map.of("connector.class", "Slow"), false, null))
                .isInstanceOfSatisfying(
                        ApiException.class, e -> assertThat(e.errorCode()).isEqualTo(500))
                .hasMessage("Request timed out. The worker is currently performing multi-property validation for the"
                        + " connector, which began at 2026-01-02T03:04:05Z.");
        assertThat(worker.requests).isEmpty();
    }

    @Test
    void anInvalidConfigIsA400PointingAtValidateAndIsNeverSubmitted() {
        ScriptedWorker worker = new ScriptedWorker();
        worker.validation = new ConnectorValidator.Outcome(Optional.empty(), Optional.of("no connector class Nope"));
        ConnectorService service = new ConnectorService(worker, Duration.ofSeconds(5));
        assertThatThrownBy(() -> service.put("c", Map.of("connector.class", "Nope"), false, null))
                .isInstanceOfSatisfying(
                        ApiException.class, e -> assertThat(e.errorCode()).isEqualTo(400))
                .hasMessage("Connector configuration is invalid and contains the following 1 error(s):\n"
                        + "no connector class Nope\n"
                        + "You can also find the above list of errors at the endpoint "
                        + "`/connector-plugins/{connectorType}/config/validate`");
        assertThat(worker.requests).isEmpty();
    }

    @Test
    void badNamesAndStatesAre400sBeforeValidation() {
        ConnectorService service = new ConnectorService(new ScriptedWorker(), Duration.ofSeconds(5));
        assertThat(codeOf(() -> put(service, null, Map.of(), null))).isEqualTo(400);
        assertThat(codeOf(() -> put(service, "a/b", Map.of(), null))).isEqualTo(400);
        assertThat(codeOf(() -> put(service, "a", Map.of("name", "b"), null))).isEqualTo(400);
        assertThat(codeOf(() -> put(service, "a", Map.of(), "SLEEPING"))).isEqualTo(400);
    }

    private static void put(ConnectorService service, String name, Map<String, String> config, String state) {
        try {
            service.put(name, config, true, state);
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void statusShowsTheTraceOnlyOfFailures() {
        ScriptedWorker worker = new ScriptedWorker();
        StatusError error = new StatusError("poll", "java.io.IOException", "disk", "", Optional.empty());
        HerderView.ConnectorView c = new HerderView.ConnectorView(
                "c",
                Map.of("connector.class", "Nope"),
                TargetState.RUNNING,
                Status.of(StatusState.RUNNING, "w:8083"),
                List.of(
                        new HerderView.TaskView(
                                new ConnectorTaskId("c", 0), Map.of(), Status.of(StatusState.RUNNING, "w:8083")),
                        new HerderView.TaskView(
                                new ConnectorTaskId("c", 1), Map.of(), Status.failed("w:8083", error))));
        worker.view = new HerderView(2, "w:8083", false, new TreeMap<>(Map.of("c", c)));
        ConnectorService service = new ConnectorService(worker, Duration.ofSeconds(5));

        ApiModel.ConnectorStatus status = service.status("c");
        assertThat(status.connector()).isEqualTo(new ApiModel.ConnectorState("RUNNING", "w:8083", null));
        assertThat(status.tasks())
                .containsExactly(
                        new ApiModel.TaskState(0, "RUNNING", "w:8083", null),
                        new ApiModel.TaskState(
                                1,
                                "FAILED",
                                "w:8083",
                                "java.io.IOException: disk",
                                new ApiModel.ErrorInfo("poll", "java.io.IOException", "disk", null)));
        assertThat(status.type()).isEqualTo("unknown");
        assertThat(service.taskStatus("c", 1).state()).isEqualTo("FAILED");
        assertThat(codeOf(() -> service.taskStatus("c", 2))).isEqualTo(404);
        assertThat(codeOf(() -> service.status("d"))).isEqualTo(404);
        assertThat(service.info("c").tasks()).containsExactly(new ApiModel.TaskId("c", 0), new ApiModel.TaskId("c", 1));
        assertThat(service.list()).containsExactly("c");
        assertThat(service.expanded(false, true).get("c").status()).isNull();
    }

    @Test
    void failedTaskStatusCarriesTheRecordOfItsError() {
        ScriptedWorker worker = new ScriptedWorker();
        StatusError error = new StatusError(
                "valueConverter",
                "io.kanal.api.errors.DataException",
                "bad json",
                "io.kanal.api.errors.DataException: bad json\n\tat x",
                Optional.of(new StatusError.RecordLocation("in", 2, 7L)));
        HerderView.ConnectorView c = new HerderView.ConnectorView(
                "c",
                Map.of("connector.class", "Nope"),
                TargetState.RUNNING,
                Status.failed("w:8083", StatusError.of("start", "E", "boom")),
                List.of(new HerderView.TaskView(
                        new ConnectorTaskId("c", 0), Map.of(), Status.failed("w:8083", error))));
        worker.view = new HerderView(2, "w:8083", false, new TreeMap<>(Map.of("c", c)));
        ConnectorService service = new ConnectorService(worker, Duration.ofSeconds(5));

        ApiModel.TaskState task = service.taskStatus("c", 0);
        assertThat(task.trace()).isEqualTo(error.trace());
        assertThat(task.error())
                .isEqualTo(new ApiModel.ErrorInfo(
                        "valueConverter",
                        "io.kanal.api.errors.DataException",
                        "bad json",
                        new ApiModel.RecordInfo("in", 2, 7L)));
        assertThat(service.status("c").connector().error())
                .isEqualTo(new ApiModel.ErrorInfo("start", "E", "boom", null));
    }
}
