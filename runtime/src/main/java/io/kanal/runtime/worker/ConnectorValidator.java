package io.kanal.runtime.worker;

import io.kanal.api.connector.Connector;
import io.kanal.api.connector.Task;
import io.kanal.api.convert.Converter;
import io.kanal.api.convert.HeaderConverter;
import io.kanal.api.transform.Predicate;
import io.kanal.api.transform.Transformation;
import io.kanal.config.ConfigProblem;
import io.kanal.config.ConfigSpec;
import io.kanal.config.ConfigValidationResult;
import io.kanal.config.ConfigValueResult;
import io.kanal.runtime.invoke.CallOutcome;
import io.kanal.runtime.invoke.Owner;
import io.kanal.runtime.invoke.Plugin;
import io.kanal.runtime.invoke.PluginInvoker;
import io.kanal.runtime.invoke.Redactor;
import io.kanal.runtime.invoke.Stage;
import io.kanal.runtime.invoke.StageError;
import io.kanal.runtime.isolation.PluginDescriptor;
import io.kanal.runtime.isolation.PluginRegistry;
import io.kanal.runtime.isolation.PluginType;
import io.kanal.runtime.task.ExactlyOnceMode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;

/**
 * Validates a connector config with the connector's own {@code validate}, as Connect does before it stores a config:
 * a fresh instance of the connector class, created and called through the invoker on a thread of its own, {@code
 * kanal-validate-<n>}. A {@code validate} that hangs costs the caller its timeout, never the herder: the call is then
 * cancelled and, if it ignores the interrupt, written off.
 * A source connector is also asked the exactly-once questions, through {@link SourceConnectorAnswers}.
 *
 * <p>Thread-safe; {@link #validate} blocks the calling thread (the command line's or a REST thread) up to the timeout.
 * At most {@link #MAX_THREADS} calls run at once; the rest wait for a thread within their timeout.
 */
public final class ConnectorValidator implements AutoCloseable {

    private final PluginRegistry registry;
    private final PluginInvoker invoker;
    private final ConnectorConfigs configs;
    private final Duration budget;
    private final AtomicLong calls = new AtomicLong();
    /** How long a plugin whose spec could not be had is answered from memory, without asking it again. */
    static final Duration SPEC_FAILURE_MEMORY = Duration.ofSeconds(60);
    /** The most validation threads at once; a plugin that hangs and ignores interrupts keeps one for good. */
    static final int MAX_THREADS = 8;

    /** A plugin's spec is fixed by its class; REST asks for it on every read of a connector's config. */
    private final Map<PluginDescriptor, ConfigSpec> specs = new ConcurrentHashMap<>();
    /**
     * Why a plugin's spec could not be had, and when (nanoTime): a plugin that hangs would otherwise cost every config
     * read the whole timeout and one more stuck thread.
     */
    private final Map<PluginDescriptor, SpecFailure> specFailures = new ConcurrentHashMap<>();

    private final LongSupplier nanoTime;
    private final ThreadPoolExecutor threads;
    private final ExactlyOnceMode exactlyOnce;
    private final Map<String, String> workerConfig;

    private record SpecFailure(String message, long at) {}

    /**
     * What validating a config gave.
     *
     * @param result the connector's answer, when it gave one
     * @param failure why there is no answer (unknown class, the connector threw, timed out), redacted
     * @param timedOut when the caller's timeout ran out: the stage the validation was in
     */
    public record Outcome(
            Optional<ConfigValidationResult> result,
            Optional<String> failure,
            Optional<Stalled> timedOut,
            Map<String, List<String>> frameworkErrors) {
        /**
         * Checks the components.
         *
         * @param result the answer
         * @param failure the failure
         * @param timedOut the stage the validation was stuck in, when it timed out
         * @param frameworkErrors errors of framework keys found with the connector's help (exactly-once checks)
         */
        public Outcome {
            Objects.requireNonNull(result, "result");
            Objects.requireNonNull(failure, "failure");
            Objects.requireNonNull(timedOut, "timedOut");
            frameworkErrors = Map.copyOf(frameworkErrors);
        }

        /**
         * An outcome without framework errors.
         *
         * @param result the answer
         * @param failure the failure
         * @param timedOut the stage the validation was stuck in, when it timed out
         */
        public Outcome(Optional<ConfigValidationResult> result, Optional<String> failure, Optional<Stalled> timedOut) {
            this(result, failure, timedOut, Map.of());
        }

        /**
         * An outcome that did not time out.
         *
         * @param result the answer
         * @param failure the failure
         */
        public Outcome(Optional<ConfigValidationResult> result, Optional<String> failure) {
            this(result, failure, Optional.empty());
        }

        /**
         * Whether the config can be stored: the connector answered and found no error.
         *
         * @return whether it is valid
         */
        public boolean isValid() {
            return frameworkErrors.isEmpty()
                    && result.map(ConfigValidationResult::isValid).orElse(false);
        }

        /**
         * One line per problem, or the failure, for the user.
         *
         * @return the explanation; empty when valid
         */
        public String explanation() {
            if (failure.isPresent()) {
                return failure.get();
            }
            StringBuilder text = new StringBuilder();
            result.ifPresent(r -> r.problems()
                    .forEach(p ->
                            text.append(p.key()).append(": ").append(p.rule()).append('\n')));
            frameworkErrors.forEach((key, rules) -> rules.forEach(
                    rule -> text.append(key).append(": ").append(rule).append('\n')));
            return text.toString().strip();
        }
    }

    /**
     * What a validation was doing when its caller stopped waiting, in Connect's words for its stages.
     *
     * @param description what the worker was doing, e.g. {@code performing multi-property validation for the
     *     connector}
     * @param began when that stage began (wall clock)
     */
    public record Stalled(String description, Instant began) {
        /**
         * Checks the components.
         *
         * @param description what the worker was doing
         * @param began when it began
         */
        public Stalled {
            Objects.requireNonNull(description, "description");
            Objects.requireNonNull(began, "began");
        }
    }

    ConnectorValidator(PluginRegistry registry, PluginInvoker invoker, ConnectorConfigs configs, Duration budget) {
        this(registry, invoker, configs, budget, System::nanoTime, ExactlyOnceMode.DISABLED);
    }

    ConnectorValidator(
            PluginRegistry registry,
            PluginInvoker invoker,
            ConnectorConfigs configs,
            Duration budget,
            ExactlyOnceMode exactlyOnce) {
        this(registry, invoker, configs, budget, System::nanoTime, exactlyOnce);
    }

    ConnectorValidator(
            PluginRegistry registry,
            PluginInvoker invoker,
            ConnectorConfigs configs,
            Duration budget,
            LongSupplier nanoTime) {
        this(registry, invoker, configs, budget, nanoTime, ExactlyOnceMode.DISABLED);
    }

    ConnectorValidator(
            PluginRegistry registry,
            PluginInvoker invoker,
            ConnectorConfigs configs,
            Duration budget,
            LongSupplier nanoTime,
            ExactlyOnceMode exactlyOnce) {
        this(registry, invoker, configs, budget, nanoTime, exactlyOnce, Map.of());
    }

    ConnectorValidator(
            PluginRegistry registry,
            PluginInvoker invoker,
            ConnectorConfigs configs,
            Duration budget,
            LongSupplier nanoTime,
            ExactlyOnceMode exactlyOnce,
            Map<String, String> workerConfig) {
        this.exactlyOnce = exactlyOnce;
        this.workerConfig = Map.copyOf(workerConfig);
        this.registry = registry;
        this.invoker = invoker;
        this.configs = configs;
        this.budget = budget;
        this.nanoTime = nanoTime;
        // Bounded: calls beyond MAX_THREADS wait in the queue (the "waiting for a validation thread" stage) and are
        // dropped from it when their caller gives up, instead of each stuck plugin costing one more thread.
        this.threads = new ThreadPoolExecutor(
                MAX_THREADS, MAX_THREADS, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "kanal-validate-" + calls.get());
                    t.setDaemon(true);
                    return t;
                });
        this.threads.allowCoreThreadTimeOut(true);
    }

    /**
     * Validates a connector config.
     *
     * @param name the connector's name
     * @param rawConfig the config as it will be stored (provider references unresolved)
     * @param timeout how long to wait for the connector
     * @return the outcome
     * @throws InterruptedException when interrupted while waiting
     */
    public Outcome validate(String name, Map<String, String> rawConfig, Duration timeout) throws InterruptedException {
        // An owner of its own: cancelling a stuck validation must not touch the running connector's calls.
        Owner owner = Owner.connector("validate:" + name + "#" + calls.incrementAndGet());
        CompletableFuture<Outcome> outcome = new CompletableFuture<>();
        AtomicReference<Stalled> stage =
                new AtomicReference<>(new Stalled("waiting for a validation thread", Instant.now()));
        Future<?> task = threads.submit(() -> outcome.complete(run(owner, name, rawConfig, stage)));
        try {
            return outcome.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            Stalled stalled = stage.get();
            task.cancel(false); // still queued: never runs
            threads.purge();
            invoker.cancel(owner, budget);
            return new Outcome(
                    Optional.empty(),
                    Optional.of("validate did not return within " + timeout.toMillis() + " ms; the call was cancelled"),
                    Optional.of(stalled));
        } catch (ExecutionException e) {
            return failed("validation failed: " + e.getCause());
        } finally {
            invoker.retire(owner);
        }
    }

    /**
     * The config spec a plugin declares, from a fresh instance created and asked through the invoker on a thread of
     * its own, then remembered for the plugin. A failure is remembered for {@link #SPEC_FAILURE_MEMORY}: within it the
     * plugin is not asked again and the call fails at once.
     *
     * @param plugin the plugin
     * @param timeout how long to wait for the plugin
     * @return the spec
     * @throws IllegalStateException when the plugin cannot be created, fails or does not answer in time
     * @throws InterruptedException when interrupted while waiting
     */
    public ConfigSpec spec(PluginDescriptor plugin, Duration timeout) throws InterruptedException {
        ConfigSpec known = specs.get(plugin);
        if (known != null) {
            return known;
        }
        SpecFailure failed = specFailures.get(plugin);
        if (failed != null) {
            if (nanoTime.getAsLong() - failed.at() < SPEC_FAILURE_MEMORY.toNanos()) {
                throw new IllegalStateException(failed.message() + " (remembered; not asked again for "
                        + SPEC_FAILURE_MEMORY.toSeconds() + " s)");
            }
            specFailures.remove(plugin, failed);
        }
        Owner owner = Owner.connector("spec:" + plugin.className() + "#" + calls.incrementAndGet());
        CompletableFuture<ConfigSpec> spec = new CompletableFuture<>();
        Future<?> task = threads.submit(() -> {
            try {
                spec.complete(loadSpec(owner, plugin, plugin.type().pluginInterface()));
            } catch (RuntimeException e) {
                spec.completeExceptionally(e);
            }
        });
        try {
            ConfigSpec loaded = spec.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            specs.put(plugin, loaded);
            return loaded;
        } catch (TimeoutException e) {
            task.cancel(false); // still queued: never runs
            threads.purge();
            invoker.cancel(owner, budget);
            throw remember(
                    plugin,
                    "configSpec of " + plugin.className() + " did not return within " + timeout.toMillis() + " ms",
                    null);
        } catch (ExecutionException e) {
            throw remember(plugin, e.getCause().getMessage(), e.getCause());
        } finally {
            invoker.retire(owner);
        }
    }

    private IllegalStateException remember(PluginDescriptor plugin, String message, Throwable cause) {
        specFailures.put(plugin, new SpecFailure(message, nanoTime.getAsLong()));
        return new IllegalStateException(message, cause);
    }

    private <P> ConfigSpec loadSpec(Owner owner, PluginDescriptor plugin, Class<P> type) {
        CallOutcome<Plugin<P>> created = PluginInstances.create(invoker, owner, plugin, type, budget);
        if (!(created instanceof CallOutcome.Completed<Plugin<P>> instance)) {
            throw new IllegalStateException(describe(created, Stage.INSTANTIATE, Redactor.NONE));
        }
        CallOutcome<ConfigSpec> spec =
                invoker.call(instance.value(), Stage.CONFIG_SPEC, budget, ConnectorValidator::declaredSpec);
        if (spec instanceof CallOutcome.Completed<ConfigSpec> done && done.value() != null) {
            return done.value();
        }
        throw new IllegalStateException(describe(spec, Stage.CONFIG_SPEC, Redactor.NONE));
    }

    /**
     * The spec a plugin instance declares, whatever its kind.
     *
     * @param plugin a connector, task, converter, header converter, transformation or predicate
     * @return its spec
     * @throws IllegalArgumentException for a plugin kind that declares no spec (a config provider)
     */
    public static ConfigSpec declaredSpec(Object plugin) {
        if (plugin instanceof Connector c) {
            return c.configSpec();
        } else if (plugin instanceof Converter c) {
            return c.configSpec();
        } else if (plugin instanceof HeaderConverter c) {
            return c.configSpec();
        } else if (plugin instanceof Transformation<?> t) {
            return t.configSpec();
        } else if (plugin instanceof Predicate<?> p) {
            return p.configSpec();
        } else if (plugin instanceof Task t) {
            return t.configSpec();
        }
        throw new IllegalArgumentException(plugin.getClass().getName() + " declares no config spec");
    }

    private Outcome run(Owner owner, String name, Map<String, String> rawConfig, AtomicReference<Stalled> stage) {
        Redactor redactor = Redactor.NONE;
        try {
            stage.set(new Stalled("resolving config provider references for the connector", Instant.now()));
            ConnectorConfigs.Resolved resolved = configs.resolveForValidation(name, rawConfig);
            redactor = resolved.redactor();
            Map<String, String> config = resolved.values();
            PluginDescriptor descriptor = registry.resolveConnector(
                    config.getOrDefault("connector.class", ""), config.get("connector.plugin.version"));
            ConfigSpec known = specs.get(descriptor);
            if (known != null) {
                // A PASSWORD key need not be named like one: its value may be a stored secret restored for the marker.
                redactor = redactor.with(ConnectorConfigs.passwordValues(known, config));
            }
            stage.set(new Stalled("instantiating the connector for validation", Instant.now()));
            CallOutcome<Plugin<Connector>> created =
                    PluginInstances.create(invoker, owner, descriptor, Connector.class, budget);
            if (!(created instanceof CallOutcome.Completed<Plugin<Connector>> instance)) {
                return failed(describe(created, Stage.INSTANTIATE, redactor));
            }
            // Connect's name for the connector's own validate().
            stage.set(new Stalled("performing multi-property validation for the connector", Instant.now()));
            CallOutcome<ConfigValidationResult> validated =
                    invoker.call(instance.value(), Stage.VALIDATE, budget, c -> c.validate(config));
            if (validated instanceof CallOutcome.Completed<ConfigValidationResult> done && done.value() != null) {
                Map<String, List<String>> frameworkErrors = Map.of();
                if (descriptor.type() == PluginType.SOURCE) {
                    stage.set(new Stalled("validating the connector's exactly-once support", Instant.now()));
                    frameworkErrors = ExactlyOnceValidation.check(
                            exactlyOnce,
                            config,
                            done.value().isValid()
                                    ? new SourceConnectorAnswers(
                                            invoker, budget, owner, instance.value(), config, redactor)
                                    : SourceConnectorAnswers
                                            .UNASKED); // its own errors first: its answers need a config it accepts
                    frameworkErrors = redactedErrors(frameworkErrors, redactor);
                }
                return new Outcome(
                        Optional.of(redacted(done.value(), redactor)),
                        Optional.empty(),
                        Optional.empty(),
                        frameworkErrors);
            }
            return failed(describe(validated, Stage.VALIDATE, redactor));
        } catch (RuntimeException e) { // an unknown class, a bad provider reference: typed, with the closest names
            return failed(redactor.redact(e.getMessage()));
        }
    }

    /**
     * The connector's answer with the resolved config's secrets masked: the connector saw resolved values, so its
     * shown values and messages ({@code Invalid value '<value>' ...}) may hold what a provider reference resolved to.
     */
    private static ConfigValidationResult redacted(ConfigValidationResult result, Redactor redactor) {
        if (redactor == Redactor.NONE) {
            return result;
        }
        return new ConfigValidationResult(
                result.values().stream()
                        .map(v -> new ConfigValueResult(
                                v.name(),
                                v.shownValue().map(redactor::redact),
                                v.recommendedValues(),
                                v.problems().stream()
                                        .map(p -> new ConfigProblem(
                                                p.key(),
                                                p.shownValue().map(redactor::redact),
                                                redactor.redact(p.rule())))
                                        .toList(),
                                v.visible()))
                        .toList(),
                result.unknownKeys());
    }

    private static Map<String, List<String>> redactedErrors(Map<String, List<String>> errors, Redactor redactor) {
        Map<String, List<String>> out = new java.util.LinkedHashMap<>();
        errors.forEach((k, v) -> out.put(k, v.stream().map(redactor::redact).toList()));
        return out;
    }

    private static String describe(CallOutcome<?> outcome, Stage stage, Redactor redactor) {
        if (outcome instanceof CallOutcome.Failed<?> failed) {
            return StageError.of(failed, redactor).summary();
        }
        return stage.label() + " returned no result";
    }

    private static Outcome failed(String why) {
        return new Outcome(Optional.empty(), Optional.of(why));
    }

    /** Gives up the validation threads (a stuck one is daemon and written off). */
    @Override
    public void close() {
        threads.shutdownNow();
    }
}
