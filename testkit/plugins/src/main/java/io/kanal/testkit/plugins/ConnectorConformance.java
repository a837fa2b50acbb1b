package io.kanal.testkit.plugins;

import static org.assertj.core.api.Assertions.assertThat;

import io.kanal.api.connector.Connector;
import io.kanal.api.connector.Task;
import io.kanal.config.ConfigKey;
import io.kanal.config.ConfigProblem;
import io.kanal.config.ConfigSpec;
import io.kanal.config.ConfigValidationResult;
import java.lang.reflect.InvocationTargetException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The checks every connector owes its users, whatever it connects: a complete, documented config spec; validation
 * that names the offending keys; a connector that starts, stops and starts again with the same task configs. Extend
 * {@link SourceConnectorConformance} or {@link SinkConnectorConformance}, which add the task checks.
 *
 * <p>Each test method builds its own connector and task instances, as the runtime does. A subclass prepares what
 * the plugin talks to (a file, a database table, an HTTP endpoint) in its own {@code @BeforeEach}/{@code @BeforeAll};
 * each test expects a fresh, empty source or destination.
 *
 * <p>Threading: JUnit calls the tests on its thread; the kit calls the plugin on threads of its own ({@link
 * PluginThread}), one per connector and one per task, as the runtime does.
 *
 * @param <C> the kind of connector
 */
public abstract class ConnectorConformance<C extends Connector> {

    /** The connector name the kit configures. */
    protected static final String CONNECTOR_NAME = "conformance";

    /** Keys the runtime puts into task configs, which no task spec declares. */
    static final Set<String> RUNTIME_TASK_KEYS = Set.of("task.class");

    /** For subclasses. */
    protected ConnectorConformance() {}

    /**
     * The connector class under test; the kit creates instances through its public no-argument constructor, as the
     * runtime does.
     *
     * @return the class
     */
    protected abstract Class<? extends C> connectorClass();

    /**
     * A valid configuration of the connector's own keys only: the kit adds the runtime's ({@code name}, {@code
     * connector.class}, {@code tasks.max}, and {@code topics} for a sink). Every key must be declared by the
     * connector's spec.
     *
     * @return the configuration
     */
    protected abstract Map<String, String> validConfig();

    /**
     * Configurations the connector's {@code validate} must reject, each with the keys its problems must name. The kit
     * adds those the spec implies: each required key left out, each number or boolean key set to a word.
     *
     * @return the invalid configurations; empty by default
     */
    protected List<InvalidConfig> invalidConfigs() {
        return List.of();
    }

    /**
     * The {@code tasks.max} the kit configures; the task checks run the first task config.
     *
     * @return 1 by default
     */
    protected int maxTasks() {
        return 1;
    }

    /**
     * How long the calls the runtime needs to be prompt may take: {@code stop()}, a {@code poll()} with nothing to
     * return, a call after the task's thread was interrupted.
     *
     * @return 5 s by default
     */
    protected Duration promptness() {
        return Duration.ofSeconds(5);
    }

    /**
     * How long any other single call may take ({@code start}, a {@code put} of the test's records, ...), and how long
     * the kit waits for data to arrive, so that a plugin that hangs fails its test rather than the build.
     *
     * @return 30 s by default
     */
    protected Duration callTimeout() {
        return Duration.ofSeconds(30);
    }

    /**
     * How long after the task and the connector stopped every thread they started must have ended.
     *
     * @return 10 s by default
     */
    protected Duration threadsEndWithin() {
        return Duration.ofSeconds(10);
    }

    /**
     * Keys whose names look like secrets ({@code ...password}, {@code ...token}, {@code ...secret}) but that hold
     * none, so need not be typed PASSWORD.
     *
     * @return none by default
     */
    protected Set<String> keysNamedLikeSecretsThatAreNot() {
        return Set.of();
    }

    /**
     * Whether a thread that appeared during the test may outlive the task: a thread of a library's global state that
     * no instance owns (a JDBC driver's shared cleaner, say), never one the plugin started.
     *
     * @param thread a thread still alive after the task and the connector stopped
     * @return {@code false} by default: every new thread must end
     */
    protected boolean mayOutliveTask(Thread thread) {
        return false;
    }

    /**
     * The runtime's keys for this connector, added to {@link #validConfig()} wherever the runtime would add them.
     *
     * @return {@code name}, {@code connector.class}, {@code tasks.max}
     */
    protected Map<String, String> runtimeConfig() {
        Map<String, String> runtime = new LinkedHashMap<>();
        runtime.put("name", CONNECTOR_NAME);
        runtime.put("connector.class", connectorClass().getName());
        runtime.put("tasks.max", String.valueOf(maxTasks()));
        return runtime;
    }

    /**
     * The whole configuration the runtime hands the connector.
     *
     * @return {@link #runtimeConfig()} with {@link #validConfig()}
     */
    protected final Map<String, String> connectorConfig() {
        return withRuntimeKeys(validConfig());
    }

    final Map<String, String> withRuntimeKeys(Map<String, String> own) {
        Map<String, String> all = new LinkedHashMap<>(runtimeConfig());
        all.putAll(own);
        return all;
    }

    /**
     * A new connector instance, as the runtime creates one.
     *
     * @return the instance
     */
    protected final C newConnector() {
        return instantiate(connectorClass());
    }

    static <T> T instantiate(Class<? extends T> type) {
        try {
            return type.getConstructor().newInstance();
        } catch (NoSuchMethodException | IllegalAccessException e) {
            throw new AssertionError(
                    type.getName() + " needs a public no-argument constructor: the runtime creates it" + " through one",
                    e);
        } catch (InstantiationException | InvocationTargetException e) {
            throw new AssertionError("creating " + type.getName() + " failed", e.getCause() == null ? e : e.getCause());
        }
    }

    /** The connector's context; a source connector's reads these committed offsets. */
    abstract KitContexts.Connector connectorContext(CommittedOffsets offsets);

    final ConnectorDriver<C> connectorDriver(CommittedOffsets offsets) {
        return new ConnectorDriver<>(newConnector(), connectorContext(offsets), connectorConfig(), maxTasks(), this);
    }

    /** Every key of the connector's spec is documented, typed and ranked; secrets are PASSWORD; the valid config uses only declared keys. */
    @Test
    public void configSpecIsCompleteAndDocumented() {
        C connector = newConnector();
        ConfigSpec spec = connector.configSpec();
        assertThat(spec).as("configSpec() of " + connectorClass().getName()).isNotNull();
        SpecChecks.assertComplete(connectorClass().getSimpleName(), spec, keysNamedLikeSecretsThatAreNot());
        SpecChecks.assertDeclares(connectorClass().getSimpleName(), spec, validConfig(), Set.of());
    }

    /** Each task's spec is complete and documented too, and declares every key of the config the connector hands it. */
    @Test
    public void taskConfigSpecIsCompleteAndDocumented() {
        try (ConnectorDriver<C> driver = connectorDriver(new CommittedOffsets())) {
            List<Map<String, String>> configs = driver.start();
            Class<? extends Task> taskClass = driver.connector().taskClass();
            for (Map<String, String> config : configs) {
                Task task = instantiate(taskClass);
                ConfigSpec spec = task.configSpec();
                assertThat(spec).as("configSpec() of " + taskClass.getName()).isNotNull();
                SpecChecks.assertComplete(taskClass.getSimpleName(), spec, keysNamedLikeSecretsThatAreNot());
                // The runtime's own keys may pass through to tasks, as Connect connectors commonly hand out their
                // whole configuration; the task's spec need not declare them.
                Set<String> runtimeKeys = new HashSet<>(RUNTIME_TASK_KEYS);
                runtimeKeys.addAll(runtimeConfig().keySet());
                SpecChecks.assertDeclares(taskClass.getSimpleName(), spec, config, runtimeKeys);
                assertThat(spec.validate(config).problems())
                        .as("the task config the connector hands out parses against the task's spec")
                        .isEmpty();
            }
            driver.stop();
        }
    }

    /**
     * {@code validate} of a never-started instance (as REST calls it) accepts the valid config and shows no secret;
     * it answers (rather than throws) for a config with none of the connector's keys, as a form in a UI sends.
     */
    @Test
    public void validateAcceptsTheValidConfig() {
        ConfigValidationResult result = validate(connectorConfig());
        assertThat(result.problems()).as("problems with the valid config").isEmpty();
        SpecChecks.assertNoSecretShown(result, newConnector().configSpec(), connectorConfig());
        validate(runtimeConfig());
    }

    /** The connector and its task report a version (the runtime shows it in {@code GET /connector-plugins}). */
    @Test
    public void versionIsReported() {
        C connector = newConnector();
        assertThat(connector.version())
                .as("version() of " + connectorClass().getName())
                .isNotBlank()
                .isNotEqualToIgnoringCase("unknown");
        Task task = instantiate(connector.taskClass());
        assertThat(task.version())
                .as("version() of " + task.getClass().getName())
                .isNotBlank();
    }

    /**
     * {@code validate} rejects each invalid config with a problem on each key the config names: those the subclass
     * lists and those the spec implies.
     *
     * @return one test per invalid config
     */
    @TestFactory
    public Stream<DynamicTest> validateRejectsBadConfigsNamingTheKeys() {
        Map<Map<String, String>, InvalidConfig> configs = new LinkedHashMap<>();
        for (InvalidConfig invalid : invalidConfigs()) {
            configs.put(invalid.config(), invalid);
        }
        for (InvalidConfig implied : SpecChecks.implied(newConnector().configSpec(), validConfig())) {
            configs.putIfAbsent(implied.config(), implied);
        }
        if (configs.isEmpty()) {
            // Nothing is required or typed and the test lists no invalid config: then nothing may be rejected either,
            // so that a validator the test forgot to exercise shows up here rather than going unchecked.
            return Stream.of(
                    DynamicTest.dynamicTest("no key rejects an arbitrary word", this::assertNothingRejectsAWord));
        }
        return configs.values().stream()
                .map(invalid -> DynamicTest.dynamicTest(invalid.toString(), () -> assertRejected(invalid)));
    }

    private void assertNothingRejectsAWord() {
        for (ConfigKey<?> spec : newConnector().configSpec().keys()) {
            String key = spec.name();
            Map<String, String> config = new LinkedHashMap<>(validConfig());
            config.put(key, "an-arbitrary-word");
            assertThat(validate(withRuntimeKeys(config)).problems())
                    .as("validate() of a config with '" + key + "' set to a word, in a connector whose test lists no"
                            + " invalid config: list the configs it rejects in invalidConfigs()")
                    .isEmpty();
        }
    }

    private void assertRejected(InvalidConfig invalid) {
        Map<String, String> config = withRuntimeKeys(invalid.config());
        ConfigValidationResult result = validate(config);
        Set<String> named = result.problems().stream().map(ConfigProblem::key).collect(Collectors.toSet());
        assertThat(result.isValid())
                .as("validate() rejects a config " + invalid.description())
                .isFalse();
        assertThat(named)
                .as("the keys named by the problems of a config " + invalid.description() + " (problems: "
                        + result.problems().stream().map(ConfigProblem::message).toList() + ")")
                .containsAll(invalid.namedKeys());
        SpecChecks.assertNoSecretShown(result, newConnector().configSpec(), config);
    }

    /** Validates on a thread of its own with a bound: a validate that hangs would block a REST call. */
    private ConfigValidationResult validate(Map<String, String> config) {
        C connector = newConnector();
        try (PluginThread thread = new PluginThread("kanal-validate-" + CONNECTOR_NAME)) {
            ConfigValidationResult result = thread.call("validate()", callTimeout(), () -> connector.validate(config));
            assertThat(result).as("validate() answers").isNotNull();
            return result;
        }
    }

    /**
     * The connector starts, hands out between 1 and {@code tasks.max} task configs, stops, starts again (as {@code
     * reconfigure} does) and hands out the same task configs: the runtime restarts tasks whenever they change.
     */
    @Test
    public void connectorStartsStopsAndStartsAgain() {
        try (ConnectorDriver<C> driver = connectorDriver(new CommittedOffsets())) {
            List<Map<String, String>> first = driver.start();
            assertThat(first).as("taskConfigs(" + maxTasks() + ")").isNotEmpty().hasSizeLessThanOrEqualTo(maxTasks());
            assertThat(driver.taskConfigs(3))
                    .as("taskConfigs(3): at least one task, at most 3")
                    .isNotEmpty()
                    .hasSizeLessThanOrEqualTo(3);
            driver.stop();
            assertNoSecretIn(String.valueOf(driver.connector()), "the started connector's toString()");
            List<Map<String, String>> second = driver.start();
            assertThat(second)
                    .as("task configs after a restart with the same config")
                    .isEqualTo(first);
            driver.stop();
            assertThat(driver.raised()).as("errors the connector raised").isEmpty();
        }
    }

    /**
     * Fails when {@code text} holds the value of a PASSWORD key of the valid config.
     *
     * @param text what a plugin shows (its {@code toString()}, a message)
     * @param where what the text is, for the failure
     */
    final void assertNoSecretIn(String text, String where) {
        ConfigSpec spec = newConnector().configSpec();
        for (Map.Entry<String, String> entry : validConfig().entrySet()) {
            boolean secret =
                    spec.key(entry.getKey()).map(key -> key.type().isSecret()).orElse(false);
            if (secret && entry.getValue().length() >= 3 && text.contains(entry.getValue())) {
                throw new AssertionError(where + " shows the value of PASSWORD key '" + entry.getKey() + "'");
            }
        }
    }

    static <T> List<T> concat(List<? extends T> a, List<? extends T> b) {
        List<T> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
