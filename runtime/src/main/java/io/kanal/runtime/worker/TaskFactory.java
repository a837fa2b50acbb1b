package io.kanal.runtime.worker;

import io.kanal.api.sink.SinkRecord;
import io.kanal.api.sink.SinkTask;
import io.kanal.api.source.OffsetReader;
import io.kanal.api.source.SourceRecord;
import io.kanal.api.source.SourceTask;
import io.kanal.client.admin.AdminClient;
import io.kanal.client.consumer.Consumer;
import io.kanal.client.producer.Producer;
import io.kanal.config.ConfigProblem;
import io.kanal.config.ConfigValidationException;
import io.kanal.runtime.invoke.Owner;
import io.kanal.runtime.invoke.Plugin;
import io.kanal.runtime.invoke.PluginInvoker;
import io.kanal.runtime.invoke.Redactor;
import io.kanal.runtime.store.kafka.KafkaStoreSettings;
import io.kanal.runtime.task.ActiveTopics;
import io.kanal.runtime.task.DeadLetterWriter;
import io.kanal.runtime.task.ErrorPolicy;
import io.kanal.runtime.task.ErrorSettings;
import io.kanal.runtime.task.ExactlyOnceMode;
import io.kanal.runtime.task.SinkPipeline;
import io.kanal.runtime.task.SourceOffsetStore;
import io.kanal.runtime.task.SourcePipeline;
import io.kanal.runtime.task.SourceTopics;
import io.kanal.runtime.task.SourceTransactions;
import io.kanal.runtime.task.StopSignal;
import io.kanal.runtime.task.TaskConverters;
import io.kanal.runtime.task.TaskMetrics;
import io.kanal.runtime.task.TaskPipeline;
import io.kanal.runtime.task.TaskRunner;
import io.kanal.runtime.task.TopicCreation;
import io.kanal.runtime.task.TransactionBoundaries;
import io.kanal.runtime.task.TransactionSettings;
import io.kanal.runtime.task.TransformChain;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Assembles a task: its clients from {@link WorkerResources}, its error policy and dead letter queue from the
 * connector's {@code errors.*} keys, its pipeline and its {@link TaskRunner}. The plugins (task, converters,
 * transforms) come already instantiated and configured by the isolation layer, as {@link Plugin} handles.
 *
 * <p>Thread-safe; called by the worker for each task it starts.
 */
public final class TaskFactory {

    /** {@code offset.flush.interval.ms}, worker level. */
    public static final String OFFSET_FLUSH_INTERVAL_MS = "offset.flush.interval.ms";
    /** {@code offset.flush.timeout.ms}, worker level. */
    public static final String OFFSET_FLUSH_TIMEOUT_MS = "offset.flush.timeout.ms";
    /**
     * Kanal only, worker level: how long one plugin call may run before the watchdog reports it as stuck in the
     * status (the call goes on; the herder never waits for it).
     */
    public static final String CALL_BUDGET_MS = "kanal.plugin.call.budget.ms";
    /** {@code task.shutdown.graceful.timeout.ms}, worker level. */
    public static final String SHUTDOWN_TIMEOUT_MS = "task.shutdown.graceful.timeout.ms";

    /** The producer's {@code transaction.timeout.ms}: also how long one transaction step may take. */
    static final String TRANSACTION_TIMEOUT_MS = "transaction.timeout.ms";
    /** Kafka's producer default of {@value #TRANSACTION_TIMEOUT_MS}. */
    private static final long DEFAULT_TRANSACTION_TIMEOUT_MS = 60_000;

    private final PluginInvoker invoker;
    private final WorkerResources clients;
    private final Map<String, String> workerConfig;
    private final Duration callBudget;
    private final ActiveTopics activeTopics;
    private final ExactlyOnceMode exactlyOnce;
    private final TaskFencing zombieFencing;

    /**
     * Creates the factory with a tracker of its own for the topics its tasks use.
     *
     * @param invoker the worker's invoker
     * @param clients the worker's clients
     * @param workerConfig the worker's configuration
     */
    public TaskFactory(PluginInvoker invoker, WorkerResources clients, Map<String, String> workerConfig) {
        this(invoker, clients, workerConfig, ActiveTopics.from(workerConfig));
    }

    /**
     * Creates the factory.
     *
     * @param invoker the worker's invoker
     * @param clients the worker's clients
     * @param workerConfig the worker's configuration
     * @param activeTopics where tasks record the topics they use
     */
    public TaskFactory(
            PluginInvoker invoker,
            WorkerResources clients,
            Map<String, String> workerConfig,
            ActiveTopics activeTopics) {
        this.invoker = invoker;
        this.clients = clients;
        this.workerConfig = Map.copyOf(workerConfig);
        this.callBudget = callBudget(workerConfig);
        this.activeTopics = activeTopics;
        this.exactlyOnce = ExactlyOnceMode.fromWorkerConfig(workerConfig);
        this.zombieFencing = TaskFencing.NONE;
    }

    /**
     * Creates the factory of a worker whose exactly-once source tasks wait for the leader's round of zombie fencing.
     *
     * @param invoker the worker's invoker
     * @param clients the worker's clients
     * @param workerConfig the worker's configuration
     * @param activeTopics where tasks record the topics they use
     * @param zombieFencing asked when an exactly-once source task is built for the steps its thread runs before and
     *     after it takes its transactional id; a step throws to fail the task
     */
    public TaskFactory(
            PluginInvoker invoker,
            WorkerResources clients,
            Map<String, String> workerConfig,
            ActiveTopics activeTopics,
            TaskFencing zombieFencing) {
        this.invoker = invoker;
        this.clients = clients;
        this.workerConfig = Map.copyOf(workerConfig);
        this.callBudget = callBudget(workerConfig);
        this.activeTopics = activeTopics;
        this.exactlyOnce = ExactlyOnceMode.fromWorkerConfig(workerConfig);
        this.zombieFencing = Objects.requireNonNull(zombieFencing, "zombieFencing");
    }

    /**
     * The plugin call budget a worker config sets ({@value #CALL_BUDGET_MS}, default 30 s).
     *
     * @param workerConfig the worker's config
     * @return the budget
     */
    public static Duration callBudget(Map<String, String> workerConfig) {
        String v = workerConfig.get(CALL_BUDGET_MS);
        return Duration.ofMillis(v == null ? 30_000 : Long.parseLong(v.trim()));
    }

    /**
     * How long one step of a transaction (initialisation, commit, abort) may be retried while it times out: the
     * producer's own {@value #TRANSACTION_TIMEOUT_MS} (worker {@code producer.*} or connector {@code
     * producer.override.*}, Kafka's 60 s default otherwise). Waiting longer is pointless: by then the coordinator has
     * aborted the transaction. A stopping task does not retry at all ({@link SourceTransactions}).
     *
     * @param producerSettings the task producer's settings
     * @return the timeout
     */
    static Duration transactionStepTimeout(Map<String, Object> producerSettings) {
        Object v = producerSettings.get(TRANSACTION_TIMEOUT_MS);
        return Duration.ofMillis(
                v == null
                        ? DEFAULT_TRANSACTION_TIMEOUT_MS
                        : Long.parseLong(String.valueOf(v).trim()));
    }

    private long workerLong(String key, long defaultValue) {
        String v = workerConfig.get(key);
        return v == null ? defaultValue : Long.parseLong(v.trim());
    }

    /**
     * Builds a source task.
     *
     * @param owner the task
     * @param task the task plugin
     * @param connectorConfig the connector's configuration
     * @param taskConfig the task's configuration
     * @param converters its converters
     * @param transforms its transforms
     * @param offsets where its offsets go
     * @param offsetReader reads its committed offsets
     * @param redactor masks the connector's secrets
     * @param listener told of the task's state
     * @return the runner, not started
     */
    public TaskRunner source(
            Owner owner,
            Plugin<SourceTask> task,
            Map<String, String> connectorConfig,
            Map<String, String> taskConfig,
            TaskConverters converters,
            List<TransformChain.Step<SourceRecord>> transforms,
            SourceOffsetStore offsets,
            OffsetReader offsetReader,
            Redactor redactor,
            TaskRunner.Listener listener) {
        return source(
                owner,
                task,
                connectorConfig,
                taskConfig,
                converters,
                transforms,
                offsets,
                offsetReader,
                redactor,
                listener,
                () -> {});
    }

    /**
     * Builds a source task that holds its connector's offsets stores until it ends.
     *
     * @param owner the task
     * @param task the task plugin
     * @param connectorConfig the connector's configuration
     * @param taskConfig the task's configuration
     * @param converters its converters
     * @param transforms its transforms
     * @param offsets where its offsets go
     * @param offsetReader reads its committed offsets
     * @param redactor masks the connector's secrets
     * @param listener told of the task's state
     * @param offsetsHold closed after the task's clients when the task ends (or its build fails): its hold on the
     *     connector's offsets stores
     * @return the runner, not started
     */
    public TaskRunner source(
            Owner owner,
            Plugin<SourceTask> task,
            Map<String, String> connectorConfig,
            Map<String, String> taskConfig,
            TaskConverters converters,
            List<TransformChain.Step<SourceRecord>> transforms,
            SourceOffsetStore offsets,
            OffsetReader offsetReader,
            Redactor redactor,
            TaskRunner.Listener listener,
            AutoCloseable offsetsHold) {
        ErrorSettings errors = ErrorSettings.parse(connectorConfig);
        return closingOnFailure(closeables -> {
            closeables.add(offsetsHold); // closed after the task's producer, which goes to the head of the list
            StopSignal stop = new StopSignal();
            DeadLetterWriter dlq = null;
            if (!errors.sourceDlqTopic().isEmpty()) {
                dlq = deadLetters(owner, connectorConfig, errors, errors.sourceDlqTopic(), closeables);
            }
            SourceTransactions transactions = null;
            Producer<byte[], byte[]> producer;
            if (exactlyOnce.transactionalTasks()) {
                TransactionSettings tx =
                        TransactionSettings.parse(connectorConfig, workerLong(OFFSET_FLUSH_INTERVAL_MS, 60_000));
                producer = clients.transactionalProducer(owner, connectorConfig, transactionalId(owner));
                closeables.add(0, producer);
                // KIP-618: the transaction writes the offsets to the primary store's topic, on the producer's
                // cluster (the connector's own topic, or the worker's); a store with a secondary copies them after
                // the commit
                String offsetsTopic = offsets.transactionTopic().orElseGet(() -> workerConfig
                        .getOrDefault(KafkaStoreSettings.OFFSET_TOPIC, "")
                        .trim());
                if (offsetsTopic.isEmpty()) {
                    throw new IllegalStateException("exactly-once source tasks write their offsets to the worker's "
                            + KafkaStoreSettings.OFFSET_TOPIC + ", which is not set");
                }
                TaskFencing.Steps fencingSteps = zombieFencing.forTask(owner);
                transactions = new SourceTransactions(
                        producer,
                        new TransactionBoundaries(tx.boundary(), tx.intervalMs(), monotonicMs()),
                        new TransactionalOffsetRecords(
                                owner.connector(), offsetsTopic, offsets::beforeCommit, offsets::committed),
                        transactionStepTimeout(clients.producerSettings(owner, connectorConfig)),
                        TaskFactory::monotonicMs,
                        fencingSteps.beforeInit(),
                        fencingSteps.afterInit(),
                        stop);
            } else {
                producer = clients.producer(owner, connectorConfig);
                closeables.add(0, producer);
            }
            SourceTopics topics = null;
            Optional<TopicCreation> creation = TopicCreation.from(workerConfig, connectorConfig);
            if (creation.isPresent()) {
                AdminClient admin = clients.admin(owner, connectorConfig);
                closeables.add(admin);
                topics = new SourceTopics(creation.get(), admin, Duration.ofSeconds(30), redactor);
            }
            ErrorPolicy policy = ErrorPolicy.create(owner, errors, redactor, dlq, stop);
            SourcePipeline pipeline = new SourcePipeline(
                    owner,
                    invoker,
                    task,
                    taskConfig,
                    offsetReader,
                    converters,
                    new TransformChain<>(invoker, callBudget, redactor, transforms),
                    producer,
                    topics,
                    offsets,
                    policy,
                    redactor,
                    stop,
                    activeTopics.recorder(owner.connector()),
                    new SourcePipeline.Settings(
                            callBudget,
                            callBudget,
                            workerLong(OFFSET_FLUSH_INTERVAL_MS, 60_000),
                            workerLong(OFFSET_FLUSH_TIMEOUT_MS, 5_000)),
                    TaskFactory::monotonicMs,
                    transactions);
            pipeline.metrics()
                    .client(new TaskMetrics.Client(
                            "kafka.producer",
                            clientId(clients.producerSettings(owner, connectorConfig)),
                            producer.metrics()));
            return runner(owner, pipeline, closeables, stop, redactor, listener);
        });
    }

    /**
     * The transactional id of an exactly-once source task, as Connect names it: {@code <group.id>-<connector>-<task>}.
     *
     * @param owner the task
     * @return the id
     */
    String transactionalId(Owner owner) {
        return workerConfig.getOrDefault("group.id", "") + "-" + owner.connector() + "-" + owner.task();
    }

    /** The client id a client was created with (Connect's default unless an allowed override changed it). */
    private static String clientId(Map<String, Object> settings) {
        return String.valueOf(settings.getOrDefault("client.id", ""));
    }

    /**
     * Builds a sink task.
     *
     * @param owner the task
     * @param task the task plugin
     * @param connectorConfig the connector's configuration ({@code topics} or {@code topics.regex})
     * @param taskConfig the task's configuration
     * @param converters its converters
     * @param transforms its transforms
     * @param redactor masks the connector's secrets
     * @param listener told of the task's state
     * @return the runner, not started
     */
    public TaskRunner sink(
            Owner owner,
            Plugin<SinkTask> task,
            Map<String, String> connectorConfig,
            Map<String, String> taskConfig,
            TaskConverters converters,
            List<TransformChain.Step<SinkRecord>> transforms,
            Redactor redactor,
            TaskRunner.Listener listener) {
        ErrorSettings errors = ErrorSettings.parse(connectorConfig);
        return closingOnFailure(closeables -> {
            StopSignal stop = new StopSignal();
            DeadLetterWriter dlq = null;
            SinkPipeline.Subscription subscription = subscription(connectorConfig);
            if (!errors.dlqTopic().isEmpty()) {
                checkDeadLetterTopic(errors.dlqTopic(), subscription);
                dlq = deadLetters(owner, connectorConfig, errors, errors.dlqTopic(), closeables);
            }
            Consumer<byte[], byte[]> consumer = clients.consumer(owner, connectorConfig);
            closeables.add(0, consumer);
            ErrorPolicy policy = ErrorPolicy.create(owner, errors, redactor, dlq, stop);
            SinkPipeline pipeline = new SinkPipeline(
                    owner,
                    invoker,
                    task,
                    taskConfig,
                    converters,
                    new TransformChain<>(invoker, callBudget, redactor, transforms),
                    consumer,
                    subscription,
                    policy,
                    redactor,
                    activeTopics.recorder(owner.connector()),
                    new SinkPipeline.Settings(
                            Duration.ofMillis(500),
                            callBudget,
                            workerLong(OFFSET_FLUSH_INTERVAL_MS, 60_000),
                            workerLong(OFFSET_FLUSH_TIMEOUT_MS, 5_000)),
                    TaskFactory::monotonicMs);
            pipeline.metrics()
                    .client(new TaskMetrics.Client(
                            "kafka.consumer",
                            clientId(clients.consumerSettings(owner, connectorConfig)),
                            consumer.metrics()));
            return runner(owner, pipeline, closeables, stop, redactor, listener);
        });
    }

    /**
     * Runs a build that registers the clients it creates; if it throws, closes them (what closing throws is added to
     * the build's failure) so that a failed build leaks no client.
     */
    private static TaskRunner closingOnFailure(Function<List<AutoCloseable>, TaskRunner> build) {
        List<AutoCloseable> closeables = new ArrayList<>();
        try {
            return build.apply(closeables);
        } catch (RuntimeException failure) {
            for (AutoCloseable c : closeables) {
                try {
                    c.close();
                } catch (Exception e) {
                    failure.addSuppressed(e);
                }
            }
            throw failure;
        }
    }

    /** The runner around a built pipeline: the same for sources and sinks. */
    private TaskRunner runner(
            Owner owner,
            TaskPipeline pipeline,
            List<AutoCloseable> closeables,
            StopSignal stop,
            Redactor redactor,
            TaskRunner.Listener listener) {
        return new TaskRunner(
                owner,
                invoker,
                pipeline,
                closeables,
                stop,
                Duration.ofMillis(workerLong(SHUTDOWN_TIMEOUT_MS, 5_000)),
                redactor,
                listener);
    }

    /** The pipelines' clock for offset flushes: monotonic milliseconds, never the wall clock. */
    private static long monotonicMs() {
        return System.nanoTime() / 1_000_000L;
    }

    /**
     * A sink's subscription from {@code topics} / {@code topics.regex}.
     *
     * @param connectorConfig the connector's configuration
     * @return the subscription
     * @throws IllegalArgumentException unless exactly one is set
     */
    public static SinkPipeline.Subscription subscription(Map<String, String> connectorConfig) {
        String topics = connectorConfig.getOrDefault(SinkTask.TOPICS_CONFIG, "").trim();
        String regex =
                connectorConfig.getOrDefault(SinkTask.TOPICS_REGEX_CONFIG, "").trim();
        List<String> list = new ArrayList<>();
        for (String t : topics.split(",")) {
            if (!t.isBlank()) {
                list.add(t.trim());
            }
        }
        return new SinkPipeline.Subscription(list, regex.isEmpty() ? null : Pattern.compile(regex));
    }

    /** As Connect: a sink's dead letter queue must not be one of the topics it consumes (a loop). */
    static void checkDeadLetterTopic(String dlq, SinkPipeline.Subscription subscription) {
        boolean consumed = subscription.topics().contains(dlq)
                || (subscription.pattern() != null
                        && subscription.pattern().matcher(dlq).matches());
        if (consumed) {
            throw new ConfigValidationException(List.of(ConfigProblem.invalidValue(
                    ErrorSettings.DLQ_TOPIC.name(), dlq, "must not be a topic the connector consumes")));
        }
    }

    private DeadLetterWriter deadLetters(
            Owner owner,
            Map<String, String> connectorConfig,
            ErrorSettings errors,
            String topic,
            List<AutoCloseable> closeables) {
        try (AdminClient admin = clients.admin(owner, connectorConfig)) {
            DeadLetterWriter.ensureTopic(admin, topic, errors.dlqReplicationFactor(), Duration.ofSeconds(30));
        }
        Producer<byte[], byte[]> producer = clients.deadLetterProducer(owner, connectorConfig);
        closeables.add(producer);
        return new DeadLetterWriter(producer, topic, owner, errors.dlqContextHeaders());
    }
}
