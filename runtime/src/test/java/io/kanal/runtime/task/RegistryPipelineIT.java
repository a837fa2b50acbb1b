package io.kanal.runtime.task;

import static io.kanal.runtime.task.PipelineFixtures.readAll;
import static io.kanal.runtime.task.PipelineFixtures.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kanal.api.source.OffsetReader;
import io.kanal.api.source.SourceRecord;
import io.kanal.client.consumer.ConsumerRecord;
import io.kanal.runtime.invoke.Owner;
import io.kanal.runtime.invoke.Plugin;
import io.kanal.runtime.invoke.PluginInvoker;
import io.kanal.runtime.invoke.Redactor;
import io.kanal.runtime.isolation.PluginPath;
import io.kanal.runtime.isolation.PluginRegistry;
import io.kanal.runtime.worker.TaskFactory;
import io.kanal.runtime.worker.TaskPlugins;
import io.kanal.runtime.worker.WorkerResources;
import io.kanal.testkit.KafkaCluster;
import io.kanal.testkit.junit.WithKafkaCluster;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** A source task whose converters and transforms come from the plugin registry by Connect's class names. */
@WithKafkaCluster
class RegistryPipelineIT {

    private static final OffsetReader NO_OFFSETS = new OffsetReader() {
        @Override
        public <T> Map<String, Object> offset(Map<String, T> partition) {
            return null;
        }

        @Override
        public <T> Map<Map<String, T>, Map<String, Object>> offsets(Collection<Map<String, T>> partitions) {
            return Map.of();
        }
    };

    @Test
    void connectClassNamesResolveToTheBuiltInsAndRun(KafkaCluster cluster) throws Exception {
        PipelineFixtures.createTopic(cluster, "reg-src-routed", 1);
        Map<String, String> worker = Map.of(
                "bootstrap.servers", cluster.bootstrapServers(),
                "key.converter", "org.apache.kafka.connect.storage.StringConverter",
                "value.converter", "org.apache.kafka.connect.json.JsonConverter",
                "offset.flush.interval.ms", "100");
        Map<String, String> connector = new HashMap<>();
        connector.put("value.converter", "JsonConverter");
        connector.put("value.converter.schemas.enable", "false");
        connector.put("transforms", "route");
        connector.put("transforms.route.type", "org.apache.kafka.connect.transforms.RegexRouter");
        connector.put("transforms.route.regex", "(.*)-src");
        connector.put("transforms.route.replacement", "$1-src-routed");
        connector.put("transforms.route.predicate", "mine");
        connector.put("predicates", "mine");
        connector.put("predicates.mine.type", "org.apache.kafka.connect.transforms.predicates.TopicNameMatches");
        connector.put("predicates.mine.pattern", "reg-.*");
        PluginInvoker invoker = PluginInvoker.builder().build();
        invoker.start();
        Owner owner = Owner.task("reg", 0);
        try (PluginRegistry registry = PluginRegistry.load(PluginPath.empty(), PluginRegistry.Builtins.kanal("4.4.0"));
                WorkerResources clients = new WorkerResources("it", worker)) {
            TaskPlugins plugins = new TaskPlugins(registry, invoker, Duration.ofSeconds(10), Redactor.NONE);
            TaskConverters converters = plugins.converters(owner, worker, connector, null);
            List<TransformChain.Step<SourceRecord>> steps =
                    TransformConfigs.steps(connector, plugins.<SourceRecord>transforms(owner, null));
            TestTasks.CountingSource source = new TestTasks.CountingSource("reg-src", 10, 1, 10);
            TaskRunner runner = new TaskFactory(invoker, clients, worker)
                    .source(
                            owner,
                            Plugin.of(owner, source),
                            connector,
                            Map.of(),
                            converters,
                            steps,
                            offsets -> CompletableFuture.completedFuture(null),
                            NO_OFFSETS,
                            Redactor.NONE,
                            TaskRunner.Listener.NONE);
            runner.start();
            await().atMost(Duration.ofSeconds(60)).until(() -> source.committed.size() == 10);
            runner.stop();
            assertThat(source.committed).allMatch(m -> m.topic().equals("reg-src-routed"));
        } finally {
            invoker.stop();
        }
        List<ConsumerRecord<byte[], byte[]>> written = readAll(cluster, "reg-src-routed", 1, 10);
        assertThat(text(written.get(4).value())).isEqualTo("\"v-4\"");
        assertThat(text(written.get(4).key())).isEqualTo("k-4");
    }
}
