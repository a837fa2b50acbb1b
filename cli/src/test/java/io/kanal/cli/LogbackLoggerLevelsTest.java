package io.kanal.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import io.kanal.runtime.api.LoggerLevels;
import io.kanal.runtime.api.LoggerService;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;

/** {@code /admin/loggers}' service over a real Logback context: Connect's root name, inheritance, FATAL. */
class LogbackLoggerLevelsTest {

    private static final Clock CLOCK = Clock.fixed(Instant.ofEpochMilli(1_234), ZoneOffset.UTC);

    @Test
    void theCommandsBindingIsDriven() {
        assertThat(LogbackLoggerLevels.current()).isInstanceOf(LogbackLoggerLevels.class);
    }

    @Test
    void rootIsNamedAsConnectNamesIt() {
        LoggerContext context = new LoggerContext();
        context.getLogger(Logger.ROOT_LOGGER_NAME).setLevel(Level.WARN);
        LoggerService service = new LoggerService(new LogbackLoggerLevels(context), CLOCK);

        assertThat(service.all()).containsOnlyKeys("root");
        assertThat(service.all().get("root")).isEqualTo(new LoggerService.LoggerLevel("WARN", null));
        assertThat(service.level("root").level()).isEqualTo("WARN");
    }

    @Test
    void settingANamespaceSetsItsExistingDescendantsInLogback() {
        LoggerContext context = new LoggerContext();
        context.getLogger(Logger.ROOT_LOGGER_NAME).setLevel(Level.WARN);
        context.getLogger("io.kanal.runtime.worker.Worker");
        context.getLogger("io.kanalx");
        LoggerService service = new LoggerService(new LogbackLoggerLevels(context), CLOCK);

        assertThat(service.level("io.kanal.runtime.worker.Worker").level()).isEqualTo("WARN");
        assertThat(service.setLevel("io.kanal.runtime", "debug"))
                .containsExactly("io.kanal.runtime", "io.kanal.runtime.worker", "io.kanal.runtime.worker.Worker");
        assertThat(context.getLogger("io.kanal.runtime.worker.Worker").getLevel())
                .isEqualTo(Level.DEBUG);
        assertThat(context.getLogger("io.kanalx").getLevel()).isNull();
        assertThat(service.level("io.kanal.runtime").lastModified()).isEqualTo(1_234L);
        assertThat(service.all()).containsKeys("io.kanal.runtime", "io.kanal.runtime.worker.Worker", "root");
    }

    @Test
    void fatalBecomesErrorAndEveryLoggerFollowsTheRoot() {
        LoggerContext context = new LoggerContext();
        context.getLogger("a.b");
        LoggerLevels levels = new LogbackLoggerLevels(context);
        LoggerService service = new LoggerService(levels, CLOCK);

        assertThat(service.setLevel("root", "FATAL")).contains("root", "a", "a.b");
        assertThat(levels.level("root")).hasValue("ERROR");
        assertThat(levels.effectiveLevel("a.b")).hasValue("ERROR");
        assertThat(levels.effectiveLevel("no.such")).isEmpty();
    }
}
