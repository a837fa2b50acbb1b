package io.kanal.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import io.kanal.runtime.api.LoggerLevels;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;

/**
 * {@code /admin/loggers} over Logback, the worker's logging backend. Logback calls its root logger {@code ROOT};
 * Connect's API calls it {@code root}, which this class translates. Logback has no {@code FATAL}: it becomes {@code
 * ERROR}, the nearest level that still logs fatal errors.
 *
 * <p><b>Threading.</b> Safe from any thread: Logback's loggers and their levels are thread-safe.
 */
public final class LogbackLoggerLevels implements LoggerLevels {

    private static final String LOGBACK_CONTEXT = "ch.qos.logback.classic.LoggerContext";

    private final LoggerContext context;

    /**
     * Drives a Logback context.
     *
     * @param context the context whose loggers to read and change
     */
    public LogbackLoggerLevels(LoggerContext context) {
        this.context = Objects.requireNonNull(context, "context");
    }

    /**
     * Drives the context SLF4J is bound to, when that is Logback's.
     *
     * @return the levels, or {@link LoggerLevels#NONE} when SLF4J is bound to another backend (slf4j-simple in tests)
     */
    public static LoggerLevels current() {
        ILoggerFactory factory = LoggerFactory.getILoggerFactory();
        // By name, not instanceof: where Logback is not on the class path (a test worker bound to slf4j-simple), an
        // instanceof would fail to resolve LoggerContext.
        if (factory.getClass().getName().equals(LOGBACK_CONTEXT)) {
            return new LogbackLoggerLevels((LoggerContext) factory);
        }
        return LoggerLevels.NONE;
    }

    @Override
    public List<String> loggers() {
        List<String> names = new ArrayList<>();
        for (Logger logger : context.getLoggerList()) {
            names.add(apiName(logger.getName()));
        }
        return names;
    }

    @Override
    public Optional<String> level(String logger) {
        return find(logger).map(Logger::getLevel).map(Level::toString);
    }

    @Override
    public Optional<String> effectiveLevel(String logger) {
        return find(logger).map(Logger::getEffectiveLevel).map(Level::toString);
    }

    @Override
    public void setLevel(String logger, String level) {
        String upper = level.toUpperCase(Locale.ROOT);
        Level target = upper.equals("FATAL") ? Level.ERROR : Level.toLevel(upper, null);
        if (target == null) {
            throw new IllegalArgumentException("not a Logback level: " + level);
        }
        context.getLogger(backendName(logger)).setLevel(target);
    }

    private Optional<Logger> find(String logger) {
        return Optional.ofNullable(context.exists(backendName(logger)));
    }

    private static String backendName(String logger) {
        return logger.equals(LoggerLevels.ROOT) ? org.slf4j.Logger.ROOT_LOGGER_NAME : logger;
    }

    private static String apiName(String logger) {
        return logger.equals(org.slf4j.Logger.ROOT_LOGGER_NAME) ? LoggerLevels.ROOT : logger;
    }
}
