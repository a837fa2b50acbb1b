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

/**
 * The logger levels of Connect's {@code /admin/loggers} (KIP-495, worker scope): list the loggers with a level of
 * their own, read one, and set a namespace's level, which applies to the logger and every existing descendant and
 * remembers when each level last changed.
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

    private final LoggerLevels backend;
    private final Clock clock;
    private final Map<String, Long> lastModified = new ConcurrentHashMap<>();

    /**
     * Creates the service.
     *
     * @param backend the logging backend
     * @param clock the clock of {@code last_modified}
     */
    public LoggerService(LoggerLevels backend, Clock clock) {
        this.backend = Objects.requireNonNull(backend, "backend");
        this.clock = Objects.requireNonNull(clock, "clock");
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
        if (level == null) {
            throw new ApiException(ApiException.BAD_REQUEST, "Desired 'level' parameter was not specified in request.");
        }
        String upper = level.trim().toUpperCase(Locale.ROOT);
        if (!LEVELS.contains(upper)) {
            throw new ApiException(ApiException.NOT_FOUND, "invalid log level '" + level + "'.");
        }
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

    private static String rootOr(String logger) {
        return logger.isEmpty() || logger.equalsIgnoreCase(LoggerLevels.ROOT) ? LoggerLevels.ROOT : logger;
    }
}
