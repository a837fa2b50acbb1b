package io.kanal.runtime.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.kanal.runtime.invoke.Owner;
import io.kanal.runtime.invoke.Plugin;
import io.kanal.runtime.invoke.PluginInvoker;
import io.kanal.runtime.invoke.Redactor;
import io.kanal.runtime.isolation.PluginPath;
import io.kanal.runtime.isolation.PluginRegistry;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class TaskPluginsTest {

    /** A plugin whose close echoes the secret it was configured with, as careless plugins do. */
    private static final class Careless implements AutoCloseable {
        @Override
        public void close() {
            throw new IllegalStateException("cannot close connection with password s3cr3t-value");
        }
    }

    @Test
    void aFailedCloseOfAnUnusedPluginIsLoggedRedacted() {
        PluginInvoker invoker = PluginInvoker.builder().build();
        invoker.start();
        PrintStream stderr = System.err;
        ByteArrayOutputStream logs = new ByteArrayOutputStream();
        // slf4j-simple writes to whatever System.err is at each call.
        System.setErr(new PrintStream(logs, true, StandardCharsets.UTF_8));
        try (PluginRegistry registry = PluginRegistry.load(PluginPath.parse(""), PluginRegistry.Builtins.NONE)) {
            TaskPlugins plugins =
                    new TaskPlugins(registry, invoker, Duration.ofSeconds(10), Redactor.of(List.of("s3cr3t-value")));
            plugins.discard(Plugin.of(Owner.task("careless", 0), new Careless()));
        } finally {
            System.setErr(stderr);
            invoker.stop();
        }
        String logged = logs.toString(StandardCharsets.UTF_8);
        assertThat(logged)
                .contains("closing an unused")
                .contains("cannot close connection with password")
                .doesNotContain("s3cr3t-value");
    }
}
