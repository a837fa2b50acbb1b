package io.kanal.plugins.jdbc.source;

import io.kanal.api.connector.ConnectorUtils;
import io.kanal.api.connector.SourceConnector;
import io.kanal.api.connector.Task;
import io.kanal.api.errors.PluginException;
import io.kanal.api.errors.RetriableException;
import io.kanal.config.ConfigProblem;
import io.kanal.config.ConfigSpec;
import io.kanal.config.ConfigValidationResult;
import io.kanal.config.ConfigValueResult;
import io.kanal.config.ParsedConfig;
import io.kanal.plugins.jdbc.PluginVersion;
import io.kanal.plugins.jdbc.connection.JdbcConnections;
import io.kanal.plugins.jdbc.connection.SqlErrors;
import io.kanal.plugins.jdbc.dialect.TableId;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies database tables (or the rows of one query) into Kafka topics, with the configuration keys, source partitions
 * and offsets of the established JDBC source connector ({@code io.confluent.connect.jdbc.JdbcSourceConnector}, a name
 * it also answers to), so that its configurations and stored offsets carry over.
 *
 * <p>On start it lists the tables through the JDBC metadata ({@code table.types}, {@code schema.pattern}, {@code
 * catalog.pattern}, {@code table.whitelist} or {@code table.blacklist}) and spreads them over at most {@code tasks.max}
 * tasks in contiguous groups, sorted by qualified name; with {@code query}, one task runs it. Tables created later are
 * picked up when the connector restarts. Each table's records go to {@code topic.prefix + table name}; a query's to
 * {@code topic.prefix}.
 *
 * <p>Threading: as for every connector, the runtime calls it on the connector's thread, one call at a time; {@link
 * #configSpec()}, {@link #validate} and {@link #version()} may come from any thread and read only constants.
 */
public class JdbcSourceConnector extends SourceConnector {

    private static final Logger LOG = LoggerFactory.getLogger(JdbcSourceConnector.class);

    /** Released by {@link #stop}; a new one per start, since {@code reconfigure} restarts the same instance. */
    private volatile CountDownLatch stopped = new CountDownLatch(1);

    private ParsedConfig config;
    private SourceSettings settings;
    private List<TableId> tables = List.of();

    /** For the runtime, which creates connectors through their public no-argument constructor. */
    public JdbcSourceConnector() {}

    @Override
    public String version() {
        return PluginVersion.VERSION;
    }

    @Override
    public ConfigSpec configSpec() {
        return JdbcSourceConfig.CONNECTOR_SPEC;
    }

    /** The spec's checks, and those across keys (a whitelist with a blacklist, a mode without its columns). */
    @Override
    public ConfigValidationResult validate(Map<String, String> connectorConfig) {
        ConfigValidationResult result = super.validate(connectorConfig);
        if (!result.isValid()) {
            return result; // the keys must parse before they can be compared
        }
        List<ConfigProblem> problems = SourceSettings.problems(configSpec().parse(connectorConfig));
        if (problems.isEmpty()) {
            return result;
        }
        List<ConfigValueResult> values = new ArrayList<>();
        for (ConfigValueResult value : result.values()) {
            List<ConfigProblem> own = new ArrayList<>(value.problems());
            problems.stream().filter(p -> p.key().equals(value.name())).forEach(own::add);
            values.add(new ConfigValueResult(
                    value.name(), value.shownValue(), value.recommendedValues(), own, value.visible()));
        }
        return new ConfigValidationResult(values, result.unknownKeys());
    }

    @Override
    public void start(ParsedConfig config) {
        this.stopped = new CountDownLatch(1);
        this.config = config;
        this.settings = SourceSettings.from(config);
        if (settings.query().isPresent()) {
            tables = List.of();
            return;
        }
        try (Connection connection = JdbcConnections.open(
                settings.connection(), wait -> !stopped.await(wait.toMillis(), TimeUnit.MILLISECONDS))) {
            tables = TableLister.tables(connection, settings);
        } catch (SQLException e) {
            String message = "cannot list the tables of "
                    + JdbcConnections.redact(settings.connection().url()) + ": " + e.getMessage();
            throw SqlErrors.isRetriable(e) ? new RetriableException(message, e) : new PluginException(message, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PluginException(
                    "interrupted while listing the tables of "
                            + JdbcConnections.redact(settings.connection().url()),
                    e);
        }
        if (tables.isEmpty()) {
            LOG.warn(
                    "{}: no table matches the configuration; the connector runs no task",
                    JdbcConnections.redact(settings.connection().url()));
        } else {
            LOG.info(
                    "{}: copying {} tables: {}",
                    JdbcConnections.redact(settings.connection().url()),
                    tables.size(),
                    tables.stream().map(TableId::qualifiedName).toList());
        }
    }

    @Override
    public Class<? extends Task> taskClass() {
        return JdbcSourceTask.class;
    }

    /**
     * One task for a query; otherwise the tables in at most {@code maxTasks} contiguous groups, one task each.
     * Each task configuration holds the connector's keys and the task's tables.
     */
    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        if (settings.query().isPresent()) {
            return List.of(taskConfig(List.of()));
        }
        if (tables.isEmpty()) {
            return List.of();
        }
        List<Map<String, String>> configs = new ArrayList<>();
        for (List<TableId> group : ConnectorUtils.groupPartitions(tables, Math.min(maxTasks, tables.size()))) {
            configs.add(taskConfig(group));
        }
        return configs;
    }

    private Map<String, String> taskConfig(List<TableId> group) {
        Map<String, String> task = new LinkedHashMap<>();
        config.originals().forEach((key, value) -> {
            if (JdbcSourceConfig.CONNECTOR_SPEC.key(key).isPresent()) {
                task.put(key, value); // only the keys the task reads; never a driver's or the runtime's
            }
        });
        task.put(JdbcSourceConfig.TABLES.name(), TableId.encode(group));
        return Map.copyOf(task);
    }

    @Override
    public void stop() {
        stopped.countDown(); // ends a connection back-off in start
    }

    /**
     * Accepts offsets of this connector's shapes ({@link SourceOffsets}): a partition with {@code table} or {@code
     * query}, and an offset of whole numbers under {@code incrementing}, {@code timestamp} and {@code
     * timestamp_nanos}; a null offset resets its partition.
     */
    @Override
    public boolean alterOffsets(ParsedConfig config, Map<Map<String, ?>, Map<String, ?>> offsets) {
        for (Map.Entry<Map<String, ?>, Map<String, ?>> entry : offsets.entrySet()) {
            Map<String, ?> partition = entry.getKey();
            if (partition == null
                    || !(partition.get(SourceOffsets.TABLE_KEY) instanceof String
                            || partition.get(SourceOffsets.QUERY_KEY) instanceof String)) {
                throw new PluginException("source partitions of " + getClass().getSimpleName() + " must hold '"
                        + SourceOffsets.TABLE_KEY + "' or '" + SourceOffsets.QUERY_KEY + "', got " + partition);
            }
            SourceOffsets.Position.fromMap(entry.getValue()); // throws, naming the key, when malformed
        }
        return true;
    }
}
