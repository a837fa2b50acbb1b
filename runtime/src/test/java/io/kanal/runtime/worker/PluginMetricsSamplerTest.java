package io.kanal.runtime.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.kanal.runtime.invoke.Owner;
import io.kanal.runtime.invoke.PluginInvoker;
import io.kanal.runtime.invoke.Redactor;
import io.kanal.runtime.isolation.spi.ForeignPluginMetrics;
import io.kanal.runtime.task.TaskMetrics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class PluginMetricsSamplerTest {

    private final PluginInvoker invoker = PluginInvoker.builder().build();
    private final AtomicLong now = new AtomicLong();
    private final AtomicInteger reads = new AtomicInteger();
    private final AtomicReference<RuntimeException> failure = new AtomicReference<>();
    private final AtomicReference<ClassLoader> contextLoader = new AtomicReference<>();
    private final ClassLoader pluginLoader = new ClassLoader(getClass().getClassLoader()) {};

    private final ForeignPluginMetrics plugin = new ForeignPluginMetrics() {
        @Override
        public void pluginTags(Map<String, String> tags) {}

        @Override
        public List<ForeignMetric> pluginMetrics() {
            contextLoader.set(Thread.currentThread().getContextClassLoader());
            RuntimeException e = failure.get();
            if (e != null) {
                throw e;
            }
            return List.of(
                    new ForeignMetric("plugins", "reads-total", "", Map.of("connector", "c"), reads.incrementAndGet()));
        }
    };

    private final PluginMetricsSampler sampler = new PluginMetricsSampler(
            Owner.connector("c"),
            pluginLoader,
            plugin,
            invoker,
            Duration.ofSeconds(1),
            Redactor.of(List.of("s3cret")),
            now::get,
            Duration.ofSeconds(5));

    @Test
    void theCollectingThreadOnlyReadsWhatTheOwnersLastRefreshKept() {
        assertThat(sampler.current()).isEmpty();
        assertThat(reads).hasValue(0);

        sampler.refresh();
        assertThat(contextLoader.get()).isSameAs(pluginLoader);
        for (int i = 0; i < 3; i++) {
            assertThat(sampler.current())
                    .extracting(TaskMetrics.PluginMetric::name, TaskMetrics.PluginMetric::value)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("reads-total", 1.0));
        }
        assertThat(reads).hasValue(1);
    }

    @Test
    void theOwnerReadsAtMostOncePerInterval() {
        sampler.refresh();
        now.addAndGet(Duration.ofSeconds(4).toNanos());
        sampler.refresh();
        assertThat(reads).hasValue(1);
        now.addAndGet(Duration.ofSeconds(1).toNanos());
        sampler.refresh();
        assertThat(reads).hasValue(2);
        assertThat(sampler.current())
                .extracting(TaskMetrics.PluginMetric::value)
                .containsExactly(2.0);
    }

    @Test
    void aGaugeThatThrowsLeavesThePluginsMetricsOutUntilAReadSucceeds() {
        sampler.refresh();
        failure.set(new IllegalStateException("gauge broke, password s3cret"));
        now.addAndGet(Duration.ofSeconds(5).toNanos());
        sampler.refresh();
        assertThat(sampler.current()).isEmpty();
        failure.set(null);
        now.addAndGet(Duration.ofSeconds(5).toNanos());
        sampler.refresh();
        assertThat(sampler.current())
                .extracting(TaskMetrics.PluginMetric::value)
                .containsExactly(2.0);
    }
}
