package io.kanal.runtime.api;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The logger levels of Connect's {@code /admin/loggers} (KIP-495, worker scope; KIP-976, cluster scope): list the
 * loggers with a level of their own, read one, and set a namespace's level, which applies to the logger and every
 * existing descendant and remembers when each level last changed. A cluster-scope level is written through the worker
 * ({@link WorkerApi#putClusterLoggerLevel}) and applied here when the worker reads it back, on every worker, with
 * {@code last_modified} the time this worker applied it (as Connect's {@code Loggers}).
 *
 * <p><b>Threading.</b> Safe from any thread: the modification times live in a concurrent map; setting levels is
 * serialised on this service so two {@code PUT}s do not interleave their namespaces.
 */
public final class LoggerService {

    /** The levels {@code PUT} accepts, as Connect (Log4j) names them; a backend without FATAL maps it to ERROR. */
    private static final Set<String> LEVELS = Set.of("OFF", "FATAL", "ERROR", "WARN", "INFO", "DEBUG", "TRACE", "ALL");

    /**
     * One logger's level, as Connect's {@code LoggerLevel}.
     *
     * @param level the level name
     * @param lastModified when the API last changed it, in epoch milliseconds; null when it never did
     */
    public record LoggerLevel(String level, Long lastModified) {}

    private static final Logger LOG = LoggerFactory.getLogger(LoggerService.class);

    private final LoggerLevels backend;
    private final Clock clock;
    private final WorkerApi worker; // null: no cluster, cluster scope acts here only
    private final Map<String, Long> lastModified = new ConcurrentHashMap<>();

    /**
     * Creates the service of a worker without a cluster: {@code scope=cluster} sets the level here.
     *
     * @param backend the logging backend
     * @param clock the clock of {@code last_modified}
     */
    public LoggerService(LoggerLevels backend, Clock clock) {
        this(backend, clock, null);
    }

    private LoggerService(LoggerLevels backend, Clock clock, WorkerApi worker) {
        this.backend = Objects.requireNonNull(backend, "backend");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.worker = worker;
    }

    /**
     * Creates the service of a worker and makes it the one that applies the cluster-wide levels the worker reads
     * ({@link WorkerApi#applyClusterLoggerLevels}).
     *
     * @param backend the logging backend
     * @param clock the clock of {@code last_modified}
     * @param worker the worker that writes and reads cluster-wide levels
     * @return the service
     */
    public static LoggerService of(LoggerLevels backend, Clock clock, WorkerApi worker) {
        LoggerService service = new LoggerService(backend, clock, Objects.requireNonNull(worker, "worker"));
        worker.applyClusterLoggerLevels(service::applyFromCluster);
        return service;
    }

    /**
     * The same service over another backend, attached to the same worker (it replaces this one as the applier of
     * cluster-wide levels).
     *
     * @param levels the backend
     * @return the new service
     */
    public LoggerService withBackend(LoggerLevels levels) {
        return worker == null ? new LoggerService(levels, clock) : of(levels, clock, worker);
    }

    /**
     * Every logger with a level of its own, the root among them, sorted by name.
     *
     * @return name to level
     */
    public Map<String, LoggerLevel> all() {
        Map<String, LoggerLevel> out = new TreeMap<>();
        for (String logger : backend.loggers()) {
            backend.level(logger).ifPresent(level -> out.put(logger, new LoggerLevel(level, lastModified.get(logger))));
        }
        return out;
    }

    /**
     * One logger's effective level.
     *
     * @param logger the logger's name ({@code root} for the root)
     * @return its level
     * @throws ApiException 404 when no such logger exists
     */
    public LoggerLevel level(String logger) {
        String name = rootOr(logger);
        return backend.effectiveLevel(name)
                .map(level -> new LoggerLevel(level, lastModified.get(name)))
                .orElseThrow(() -> new ApiException(ApiException.NOT_FOUND, "Logger " + logger + " not found."));
    }

    /**
     * Sets the level of a namespace: the logger of that name and every existing logger under it.
     *
     * @param namespace the logger's name ({@code root} for every logger)
     * @param level the level, case-insensitive; null when the request named none
     * @return the names of the loggers set, sorted
     * @throws ApiException 400 when no level is given, 404 for an unknown level (Connect's status for it)
     */
    public synchronized List<String> setLevel(String namespace, String level) {
        String upper = checked(level);
        String name = rootOr(namespace);
        List<String> targets = new ArrayList<>();
        targets.add(name);
        for (String logger : backend.loggers()) {
            boolean under = name.equals(LoggerLevels.ROOT) || logger.startsWith(name + ".");
            if (under && !logger.equals(name)) {
                targets.add(logger);
            }
        }
        long now = clock.millis();
        for (String logger : targets) {
            Optional<String> before = backend.level(logger);
            backend.setLevel(logger, upper);
            Optional<String> after = backend.level(logger);
            if (!before.equals(after)) {
                lastModified.put(logger, now);
            }
        }
        targets.sort(null);
        return targets;
    }

    /**
     * Sets a namespace's level on every worker of the cluster (KIP-976 {@code scope=cluster}): the worker writes it to
     * its config topic and every worker applies it when it reads it; a worker without a cluster sets it here.
     *
     * @param namespace the logger's name as requested
     * @param level the level as requested, case-insensitive; null when the request named none
     * @throws ApiException 400 when no level is given, 404 for an unknown level, 500 when it cannot be written
     */
    public void setClusterLevel(String namespace, String level) {
        checked(level);
        if (worker == null || !worker.putClusterLoggerLevel(namespace, level)) {
            setLevel(namespace, level);
        }
    }

    /**
     * Applies a level read from the cluster's config topic. A level this backend does not know (written by another
     * worker or tool) is skipped with a warning, as Connect's {@code Loggers} skips it.
     *
     * @param namespace the logger namespace
     * @param level the level as written
     */
    void applyFromCluster(String namespace, String level) {
        try {
            List<String> set = setLevel(namespace, level);
            LOG.info(
                    "Applied cluster-wide level {} to logger namespace '{}' ({} loggers)",
                    level,
                    namespace,
                    set.size());
        } catch (ApiException e) {
            LOG.warn("Ignoring cluster-wide level for logger namespace '{}': {}", namespace, e.getMessage());
        }
    }

    private static String checked(String level) {
        if (level == null) {
            throw new ApiException(ApiException.BAD_REQUEST, "Desired 'level' parameter was not specified in request.");
        }
        String upper = level.trim().toUpperCase(Locale.ROOT);
        if (!LEVELS.contains(upper)) {
            throw new ApiException(ApiException.NOT_FOUND, "invalid log level '" + level + "'.");
        }
        return upper;
    }

    private static String rootOr(String logger) {
        return logger.isEmpty() || logger.equalsIgnoreCase(LoggerLevels.ROOT) ? LoggerLevels.ROOT : logger;
    }
}
