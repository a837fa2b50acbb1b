package io.kanal.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator.ExecutionStatus;
import ch.qos.logback.core.ConsoleAppender;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

class LoggingDefaultsTest {

    @Test
    void theCommandLogsThroughLogbackWithTheseDefaults() {
        // The real binding: Logback found this configurator, so no SLF4J "no providers" warning and WARN for all.
        assertThat(LoggerFactory.getILoggerFactory()).isInstanceOf(LoggerContext.class);
        Logger worker = LoggerFactory.getLogger("io.kanal.runtime.worker.StandaloneWorker");
        assertThat(worker.isWarnEnabled()).isTrue();
        assertThat(worker.isInfoEnabled()).isFalse();
    }

    @Test
    void rootIsWarnToStandardError() {
        LoggerContext context = new LoggerContext();
        LoggingDefaults defaults = new LoggingDefaults();
        defaults.setContext(context);

        assertThat(defaults.configure(context)).isEqualTo(ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY);

        ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        assertThat(root.getLevel()).isEqualTo(Level.WARN);
        assertThat(root.getAppender("STDERR"))
                .isInstanceOfSatisfying(ConsoleAppender.class, appender -> assertThat(appender.getTarget())
                        .isEqualTo("System.err"));
        assertThat(context.getLogger("io.kanal.runtime.worker.StandaloneWorker").getEffectiveLevel())
                .isEqualTo(Level.WARN);
    }

    @Test
    void theWorkerLevelPropertyTurnsOnTheReadyLine() {
        String before = System.getProperty(LoggingDefaults.WORKER_LEVEL_PROPERTY);
        System.setProperty(LoggingDefaults.WORKER_LEVEL_PROPERTY, "info");
        try {
            LoggerContext context = new LoggerContext();
            LoggingDefaults defaults = new LoggingDefaults();
            defaults.setContext(context);
            defaults.configure(context);

            assertThat(context.getLogger("io.kanal.runtime.worker.StandaloneWorker")
                            .isInfoEnabled())
                    .isTrue();
            assertThat(context.getLogger("io.kanal.runtime.worker.Worker").isInfoEnabled())
                    .isFalse();
        } finally {
            if (before == null) {
                System.clearProperty(LoggingDefaults.WORKER_LEVEL_PROPERTY);
            } else {
                System.setProperty(LoggingDefaults.WORKER_LEVEL_PROPERTY, before);
            }
        }
    }
}
