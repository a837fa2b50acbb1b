package io.kanal.runtime.store.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kanal.runtime.herder.Status;
import io.kanal.runtime.herder.StatusError;
import io.kanal.runtime.herder.StatusState;
import io.kanal.runtime.herder.TargetState;
import io.kanal.testkit.KafkaCluster;
import io.kanal.testkit.junit.WithKafkaCluster;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.runtime.AbstractStatus;
import org.apache.kafka.connect.runtime.RestartRequest;
import org.apache.kafka.connect.runtime.SessionKey;
import org.apache.kafka.connect.runtime.TaskStatus;
import org.apache.kafka.connect.runtime.distributed.DistributedConfig;
import org.apache.kafka.connect.storage.ConfigBackingStore;
import org.apache.kafka.connect.storage.KafkaConfigBackingStore;
import org.apache.kafka.connect.storage.KafkaOffsetBackingStore;
import org.apache.kafka.connect.storage.KafkaStatusBackingStore;
import org.apache.kafka.connect.storage.OffsetStorageReaderImpl;
import org.apache.kafka.connect.storage.OffsetStorageWriter;
import org.apache.kafka.connect.util.ConnectorTaskId;
import org.apache.kafka.connect.util.TopicAdmin;
import org.junit.jupiter.api.Test;

/**
 * Apache Kafka Connect's own stores (connect-runtime, test scope) and Kanal's on the same topics of a real broker:
 * what one writes, the other reads. This is what makes a migration between Apache Connect and Kanal safe.
 */
@WithKafkaCluster
class KafkaStoresInteropIT {

    private static DistributedConfig apacheConfig(KafkaCluster cluster, String prefix) {
        Map<String, String> props = new HashMap<>();
        props.put("bootstrap.servers", cluster.bootstrapServers());
        props.put("group.id", prefix);
        props.put("config.storage.topic", prefix + "-configs");
        props.put("offset.storage.topic", prefix + "-offsets");
        props.put("status.storage.topic", prefix + "-status");
        props.put("config.storage.replication.factor", "1");
        props.put("offset.storage.replication.factor", "1");
        props.put("status.storage.replication.factor", "1");
        props.put("key.converter", JsonConverter.class.getName());
        props.put("value.converter", JsonConverter.class.getName());
        // one status partition: records of two writers are read in the order they were written
        props.put("status.storage.partitions", "1");
        return new DistributedConfig(props);
    }

    private static JsonConverter converter(boolean isKey) {
        JsonConverter converter = new JsonConverter();
        converter.configure(Map.of("schemas.enable", "false"), isKey);
        return converter;
    }

    private static TopicAdmin admin(KafkaCluster cluster) {
        return new TopicAdmin(Map.of("bootstrap.servers", cluster.bootstrapServers()));
    }

    /** Connect's listener, ignoring everything: the test reads Connect's snapshot instead. */
    private static final class Ignore implements ConfigBackingStore.UpdateListener {
        @Override
        public void onConnectorConfigRemove(String connector) {}

        @Override
        public void onConnectorConfigUpdate(String connector) {}

        @Override
        public void onTaskConfigUpdate(Collection<ConnectorTaskId> tasks) {}

        @Override
        public void onConnectorTargetStateChange(String connector) {}

        @Override
        public void onSessionKeyUpdate(SessionKey sessionKey) {}

        @Override
        public void onRestartRequest(RestartRequest restartRequest) {}

        @Override
        public void onLoggingLevelUpdate(String namespace, String level) {}
    }

    @Test
    void configTopicWrittenByApacheIsReadByKanal_andTheReverse(KafkaCluster cluster) throws Exception {
        DistributedConfig config = apacheConfig(cluster, "interop-configs");
        KafkaStoreSettings settings = KafkaStoresIT.settings(cluster, "interop-configs", Map.of());
        KafkaConfigBackingStore apache =
                new KafkaConfigBackingStore(converter(false), config, null, () -> admin(cluster), "apache-");
        apache.setUpdateListener(new Ignore());
        apache.start();
        try {
            apache.putConnectorConfig(
                    "a1",
                    Map.of("connector.class", "Src", "tasks.max", "2"),
                    org.apache.kafka.connect.runtime.TargetState.PAUSED);
            apache.putTaskConfigs("a1", List.of(Map.of("t", "0"), Map.of("t", "1")));

            KafkaStoresIT.Events events = new KafkaStoresIT.Events();
            try (KafkaConfigStore kanal = new KafkaConfigStore(settings, null)) {
                kanal.start(events);
                assertThat(events.seen)
                        .containsExactly(
                                "state a1 PAUSED",
                                "config a1 {connector.class=Src, tasks.max=2}",
                                "tasks a1 [{t=0}, {t=1}]");

                kanal.putConnectorConfig("k1", Map.of("connector.class", "Sink"), Optional.of(TargetState.STOPPED));
                kanal.putTaskConfigs("k1", List.of(Map.of("t", "k0")));
                kanal.putRestartRequest("a1", true, true);

                apache.refresh(30, TimeUnit.SECONDS);
                var state = apache.snapshot();
                assertThat(state.connectorConfig("k1")).isEqualTo(Map.of("connector.class", "Sink"));
                assertThat(state.targetState("k1")).isEqualTo(org.apache.kafka.connect.runtime.TargetState.STOPPED);
                assertThat(state.tasks("k1")).containsExactly(new ConnectorTaskId("k1", 0));
                assertThat(state.taskConfig(new ConnectorTaskId("k1", 0))).isEqualTo(Map.of("t", "k0"));
                assertThat(state.inconsistentConnectors()).isEmpty();
                // both read the same topic to the same place: the config offset the leader hands out agrees
                assertThat(kanal.offset()).isEqualTo(state.offset());
            }
        } finally {
            apache.stop();
        }
    }

    @Test
    void offsetsWrittenByApacheAreReadByKanal_andTheReverse(KafkaCluster cluster) throws Exception {
        DistributedConfig config = apacheConfig(cluster, "interop-offsets");
        KafkaStoreSettings settings = KafkaStoresIT.settings(cluster, "interop-offsets", Map.of());
        KafkaOffsetBackingStore apache =
                new KafkaOffsetBackingStore(() -> admin(cluster), () -> "apache-offsets", converter(true));
        apache.configure(config);
        apache.start();
        try {
            OffsetStorageWriter writer = new OffsetStorageWriter(apache, "src", converter(true), converter(false));
            writer.offset(Map.of("file", "f1"), Map.of("pos", 5L));
            writer.beginFlush();
            writer.doFlush((error, ignored) -> {}).get(30, TimeUnit.SECONDS);

            try (KafkaOffsetStore kanal = new KafkaOffsetStore(settings, null)) {
                kanal.start();
                assertThat(kanal.offset("src", Map.of("file", "f1"))).contains(Map.of("pos", 5L));

                kanal.write("src", Map.of(Map.of("file", "f2"), Map.of("pos", 9)));
                OffsetStorageReaderImpl reader =
                        new OffsetStorageReaderImpl(apache, "src", converter(true), converter(false));
                assertThat(reader.offset(Map.of("file", "f2"))).isEqualTo(Map.of("pos", 9L));

                kanal.reset("src");
                assertThat(reader.offset(Map.of("file", "f1"))).isNull();
                assertThat(reader.offset(Map.of("file", "f2"))).isNull();
            }
        } finally {
            apache.stop();
        }
    }

    @Test
    void statusesWrittenByApacheAreReadByKanal_andTheReverse_withPutSafeAcrossThem(KafkaCluster cluster) {
        DistributedConfig config = apacheConfig(cluster, "interop-status");
        KafkaStoreSettings settings =
                KafkaStoresIT.settings(cluster, "interop-status", Map.of("status.storage.partitions", "1"));
        KafkaStatusBackingStore apache =
                new KafkaStatusBackingStore(Time.SYSTEM, converter(false), () -> admin(cluster), "apache-status");
        apache.configure(config);
        apache.start();
        ConnectorTaskId t0 = new ConnectorTaskId("c", 0);
        ConnectorTaskId t1 = new ConnectorTaskId("c", 1);
        try (KafkaStatusStore kanal = new KafkaStatusStore(settings, null, "kanal-w")) {
            apache.put(new TaskStatus(t0, AbstractStatus.State.RUNNING, "apache-w", 4));
            apache.flush();
            kanal.start();
            assertThat(kanal.task(new io.kanal.runtime.herder.ConnectorTaskId("c", 0)))
                    .contains(Status.of(StatusState.RUNNING, "apache-w"));

            // Kanal in an older generation than Apache's writer: its FAILED of t0 is refused, t1 is written
            kanal.setGeneration(3);
            Status failed = Status.failed("kanal-w", StatusError.of("poll", "java.lang.IllegalStateException", "boom"));
            kanal.putTask(new io.kanal.runtime.herder.ConnectorTaskId("c", 0), failed);
            kanal.putTask(new io.kanal.runtime.herder.ConnectorTaskId("c", 1), failed);
            await().atMost(Duration.ofSeconds(20)).until(() -> apache.get(t1) != null);
            TaskStatus read = apache.get(t1);
            assertThat(read.state()).isEqualTo(AbstractStatus.State.FAILED);
            assertThat(read.workerId()).isEqualTo("kanal-w");
            assertThat(read.generation()).isEqualTo(3);
            assertThat(read.trace()).isEqualTo("java.lang.IllegalStateException: boom");
            assertThat(apache.get(t0).workerId()).isEqualTo("apache-w");
            assertThat(apache.get(t0).state()).isEqualTo(AbstractStatus.State.RUNNING);
        } finally {
            apache.stop();
        }
    }
}
