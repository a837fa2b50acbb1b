package io.kanal.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;
import org.slf4j.Logger;

/**
 * The logging of the {@code kanal} command and the worker it runs, set up in code rather than from a
 * {@code logback.xml}: parsing XML (Joran) costs about 100 ms of start-up, a fifth of the worker's launch budget.
 * Log lines go to standard error (the command prints its own results on standard output), WARN and above, in the
 * layout slf4j-simple had: {@code [thread] LEVEL logger - message}.
 *
 * <p>System properties: {@code kanal.log.level} (every logger, default WARN), {@code kanal.log.worker.level} (only
 * {@code io.kanal.runtime.worker.StandaloneWorker}, whose INFO lines say "Kanal worker ready", started, stopped), and
 * Logback's own {@code logback.configurationFile}, which replaces all of this with the user's file.
 *
 * <p>Found by Logback through {@code ServiceLoader}; its rank puts it before Logback's file lookup. Logback calls
 * {@link #configure} once, on the thread that first asks for a logger.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_HIGH_PRIORITY)
public final class LoggingDefaults extends ContextAwareBase implements Configurator {
    /** The level of every logger: a Logback level name, case-insensitive. */
    public static final String LEVEL_PROPERTY = "kanal.log.level";
    /** The level of the standalone worker's lifecycle logger. */
    public static final String WORKER_LEVEL_PROPERTY = "kanal.log.worker.level";

    private static final String WORKER_LOGGER = "io.kanal.runtime.worker.StandaloneWorker";

    /** Created by Logback's {@code ServiceLoader}. */
    public LoggingDefaults() {}

    /**
     * Configures the context unless the user named a configuration file.
     *
     * @param context the context to configure
     * @return {@code INVOKE_NEXT_IF_ANY} to let Logback read the user's file, else {@code DO_NOT_INVOKE_NEXT_IF_ANY}
     */
    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (System.getProperty("logback.configurationFile") != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("[%thread] %level %logger - %msg%n");
        encoder.start();
        ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
        stderr.setContext(context);
        stderr.setName("STDERR");
        stderr.setTarget("System.err");
        stderr.setEncoder(encoder);
        stderr.start();

        ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.toLevel(System.getProperty(LEVEL_PROPERTY), Level.WARN));
        root.addAppender(stderr);
        String workerLevel = System.getProperty(WORKER_LEVEL_PROPERTY);
        if (workerLevel != null) {
            context.getLogger(WORKER_LOGGER).setLevel(Level.toLevel(workerLevel, Level.WARN));
        }
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }
}
