package io.kanal.runtime.store.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kanal.runtime.herder.ConnectorTaskId;
import io.kanal.runtime.herder.StatusState;
import io.kanal.runtime.store.kafka.StatusRecord.StatusValue;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.runtime.AbstractStatus;
import org.apache.kafka.connect.runtime.ConnectorStatus;
import org.apache.kafka.connect.runtime.TaskStatus;
import org.apache.kafka.connect.runtime.TopicStatus;
import org.apache.kafka.connect.storage.KafkaStatusBackingStore;
import org.apache.kafka.connect.util.TopicAdmin;
import org.junit.jupiter.api.Test;

/**
 * The status topic's records against Apache Kafka Connect's own {@code KafkaStatusBackingStore} (its private
 * serialize and parse methods, called reflectively, with its converter setup): our bytes equal theirs, each side
 * reads the other's, and keys equal its prefixes.
 */
class StatusRecordCodecGoldenTest {

    private final StatusRecordCodec codec = new StatusRecordCodec();
    private final KafkaStatusBackingStore apache = apacheStore();

    private static KafkaStatusBackingStore apacheStore() {
        JsonConverter converter = new JsonConverter();
        converter.configure(Map.of("schemas.enable", "false"), false);
        Supplier<TopicAdmin> noAdmin = () -> {
            throw new IllegalStateException("no admin in golden tests");
        };
        return new KafkaStatusBackingStore(Time.SYSTEM, converter, noAdmin, "golden-");
    }

    private Object call(String method, Class<?>[] types, Object... args) {
        try {
            Method m = KafkaStatusBackingStore.class.getDeclaredMethod(method, types);
            m.setAccessible(true);
            return m.invoke(apache, args);
        } catch (InvocationTargetException e) {
            throw new IllegalStateException(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Connect's status store has changed shape", e);
        }
    }

    private byte[] theirBytes(AbstractStatus<?> status) {
        return (byte[]) call("serialize", new Class<?>[] {AbstractStatus.class}, status);
    }

    private static AbstractStatus.State theirState(StatusState state) {
        return AbstractStatus.State.valueOf(state.name());
    }

    @Property(tries = 300)
    void connectorStatusesAreTheirs(@ForAll("statuses") StatusValue value, @ForAll("names") String connector) {
        ConnectorStatus theirs = new ConnectorStatus(
                connector,
                theirState(value.state()),
                value.trace().orElse(null),
                value.workerId(),
                value.generation(),
                value.version().orElse(null));
        StatusRecord ours = new StatusRecord.ConnectorStatus(connector, value);
        byte[] bytes = theirBytes(theirs);

        assertThat(ours.key()).isEqualTo(KafkaStatusBackingStore.CONNECTOR_STATUS_PREFIX + connector);
        assertThat(text(codec.encodeValue(ours))).isEqualTo(text(bytes));
        assertThat(codec.decode(ours.key(), bytes)).isEqualTo(ours);
        ConnectorStatus read = (ConnectorStatus) call(
                "parseConnectorStatus",
                new Class<?>[] {String.class, byte[].class},
                connector,
                codec.encodeValue(ours));
        assertThat(read).isEqualTo(theirs);
    }

    @Property(tries = 300)
    void taskStatusesAreTheirs(
            @ForAll("statuses") StatusValue value, @ForAll("names") String connector, @ForAll("tasks") int task) {
        org.apache.kafka.connect.util.ConnectorTaskId theirId =
                new org.apache.kafka.connect.util.ConnectorTaskId(connector, task);
        TaskStatus theirs = new TaskStatus(
                theirId,
                theirState(value.state()),
                value.workerId(),
                value.generation(),
                value.trace().orElse(null),
                value.version().orElse(null));
        StatusRecord ours = new StatusRecord.TaskStatus(new ConnectorTaskId(connector, task), value);
        byte[] bytes = theirBytes(theirs);

        assertThat(ours.key()).isEqualTo(KafkaStatusBackingStore.TASK_STATUS_PREFIX + connector + "-" + task);
        assertThat(text(codec.encodeValue(ours))).isEqualTo(text(bytes));
        assertThat(codec.decode(ours.key(), bytes)).isEqualTo(ours);
        TaskStatus read = (TaskStatus) call(
                "parseTaskStatus",
                new Class<?>[] {org.apache.kafka.connect.util.ConnectorTaskId.class, byte[].class},
                theirId,
                codec.encodeValue(ours));
        assertThat(read).isEqualTo(theirs);
    }

    @Property(tries = 200)
    void topicStatusesAreTheirs(
            @ForAll("names") String connector, @ForAll("tasks") int task, @ForAll("timestamps") long discovered) {
        String topic = "orders." + connector.replace(':', '_');
        TopicStatus theirs = new TopicStatus(topic, connector, task, discovered);
        StatusRecord.TopicStatus ours = new StatusRecord.TopicStatus(topic, connector, task, discovered);
        byte[] bytes = (byte[]) call("serializeTopicStatus", new Class<?>[] {TopicStatus.class}, theirs);

        assertThat(ours.key())
                .isEqualTo(KafkaStatusBackingStore.TOPIC_STATUS_PREFIX
                        + topic
                        + KafkaStatusBackingStore.TOPIC_STATUS_SEPARATOR
                        + connector);
        assertThat(text(codec.encodeValue(ours))).isEqualTo(text(bytes));
        assertThat(codec.decode(ours.key(), bytes)).isEqualTo(ours);
        assertThat(call("parseTopicStatus", new Class<?>[] {byte[].class}, (Object) codec.encodeValue(ours)))
                .isEqualTo(theirs);
    }

    @Test
    void tombstonesRemoveStatuses() {
        assertThat(codec.decode("status-connector-c", null)).isEqualTo(new StatusRecord.ConnectorStatusRemoved("c"));
        assertThat(codec.decode("status-task-my-conn-3", null))
                .isEqualTo(new StatusRecord.TaskStatusRemoved(new ConnectorTaskId("my-conn", 3)));
        assertThat(codec.decode("status-topic-t.1:connector-my-conn", null))
                .isEqualTo(new StatusRecord.TopicStatusRemoved("t.1", "my-conn"));
        assertThat(codec.encodeValue(new StatusRecord.ConnectorStatusRemoved("c")))
                .isNull();
    }

    @Test
    void malformedRecordsFailNamingTheKey() {
        assertThatThrownBy(() -> codec.decode("status-connector-", utf8("{}")))
                .isInstanceOfSatisfying(InternalRecordException.class, e -> assertThat(e.reason())
                        .isEqualTo(InternalRecordException.Reason.MALFORMED_KEY));
        assertThatThrownBy(() -> codec.decode("status-task-c", utf8("{}")))
                .isInstanceOfSatisfying(
                        InternalRecordException.class, e -> assertThat(e.key()).isEqualTo("status-task-c"));
        assertThatThrownBy(() -> codec.decode("status-topic-t", utf8("{}")))
                .isInstanceOf(InternalRecordException.class);
        assertThatThrownBy(() -> codec.decode("status-topic-:connector-c", utf8("{}")))
                .isInstanceOf(InternalRecordException.class);
        assertThatThrownBy(() -> codec.decode("status-topic-t:connector-", utf8("{}")))
                .isInstanceOf(InternalRecordException.class);
        assertThatThrownBy(() -> codec.decode(
                        "status-connector-c", utf8("{\"state\":\"RUNNING\",\"worker_id\":\"w\",\"generation\":\"1\"}")))
                .isInstanceOfSatisfying(InternalRecordException.class, e -> assertThat(e.getMessage())
                        .contains("status-connector-c", "generation"));
        assertThatThrownBy(() -> codec.decode(
                        "status-connector-c", utf8("{\"state\":\"DANCING\",\"worker_id\":\"w\",\"generation\":1}")))
                .isInstanceOf(InternalRecordException.class);
        assertThatThrownBy(() -> codec.decode("status-connector-c", utf8("[")))
                .isInstanceOfSatisfying(InternalRecordException.class, e -> assertThat(e.reason())
                        .isEqualTo(InternalRecordException.Reason.MALFORMED_JSON));
        assertThatThrownBy(() -> codec.decode("status-other-c", utf8("{}")))
                .isInstanceOfSatisfying(InternalRecordException.class, e -> assertThat(e.reason())
                        .isEqualTo(InternalRecordException.Reason.UNKNOWN_KEY));
    }

    @Test
    void theWriteRuleLetsTheSameWorkerOrANewerGenerationOverwrite() {
        StatusValue mine = status("w1", 5);
        assertThat(StatusWriteRule.canWriteSafely(Optional.empty(), mine)).isTrue();
        assertThat(StatusWriteRule.canWriteSafely(Optional.of(status("w1", 9)), mine))
                .as("same worker")
                .isTrue();
        assertThat(StatusWriteRule.canWriteSafely(Optional.of(status("w2", 5)), mine))
                .as("same gen")
                .isTrue();
        assertThat(StatusWriteRule.canWriteSafely(Optional.of(status("w2", 4)), mine))
                .as("newer")
                .isTrue();
        assertThat(StatusWriteRule.canWriteSafely(Optional.of(status("w2", 6)), mine))
                .as("zombie")
                .isFalse();
    }

    @Test
    void anUnassignedTaskStatusReadDoesNotHideTheNewOwnersRunningStatus() {
        StatusValue running = new StatusValue(StatusState.RUNNING, Optional.empty(), "w2", 7, Optional.empty());
        StatusValue unassignedOld =
                new StatusValue(StatusState.UNASSIGNED, Optional.empty(), "w1", 7, Optional.empty());
        StatusValue unassignedNew =
                new StatusValue(StatusState.UNASSIGNED, Optional.empty(), "w1", 8, Optional.empty());

        assertThat(StatusWriteRule.acceptTaskStatusRead(Optional.of(running), unassignedOld))
                .isFalse();
        assertThat(StatusWriteRule.acceptTaskStatusRead(Optional.of(running), unassignedNew))
                .isTrue();
        assertThat(StatusWriteRule.acceptTaskStatusRead(Optional.empty(), unassignedOld))
                .isTrue();
        assertThat(StatusWriteRule.acceptTaskStatusRead(Optional.of(unassignedNew), running))
                .isTrue();
    }

    @Property(tries = 300)
    void theWriteRuleIsConnectsCanWriteSafely(
            @ForAll("maybeStatuses") Optional<StatusValue> current, @ForAll("statuses") StatusValue candidate)
            throws ReflectiveOperationException {
        Class<?> entryType = Class.forName(KafkaStatusBackingStore.class.getName() + "$CacheEntry");
        java.lang.reflect.Constructor<?> constructor = entryType.getDeclaredConstructor();
        constructor.setAccessible(true);
        Object entry = constructor.newInstance();
        if (current.isPresent()) {
            Method put = entryType.getDeclaredMethod("put", AbstractStatus.class);
            put.setAccessible(true);
            put.invoke(entry, theirTask(current.get()));
        }
        Method canWrite = entryType.getDeclaredMethod("canWriteSafely", AbstractStatus.class);
        canWrite.setAccessible(true);

        assertThat(StatusWriteRule.canWriteSafely(current, candidate))
                .isEqualTo(canWrite.invoke(entry, theirTask(candidate)));
    }

    private static TaskStatus theirTask(StatusValue v) {
        return new TaskStatus(
                new org.apache.kafka.connect.util.ConnectorTaskId("c", 0),
                theirState(v.state()),
                v.workerId(),
                v.generation(),
                v.trace().orElse(null),
                v.version().orElse(null));
    }

    @Provide
    Arbitrary<Optional<StatusValue>> maybeStatuses() {
        return statuses().optional();
    }

    private static StatusValue status(String worker, int generation) {
        return new StatusValue(StatusState.RUNNING, Optional.empty(), worker, generation, Optional.empty());
    }

    @Provide
    Arbitrary<StatusValue> statuses() {
        Arbitrary<Optional<String>> trace = Arbitraries.strings()
                .ofMaxLength(80)
                .map(s -> "org.example.Boom: " + s + "\n\tat x.y(Z.java:1)")
                .optional();
        Arbitrary<Optional<String>> version =
                Arbitraries.of("3.9.1", "4.4.0", "1.0-SNAPSHOT").optional();
        return Combinators.combine(
                        Arbitraries.of(StatusState.class),
                        trace,
                        Arbitraries.of("10.0.0.5:8083", "worker-ü:8083", "h\"q:1"),
                        Arbitraries.oneOf(
                                Arbitraries.integers().between(-1, 3),
                                Arbitraries.integers().between(-1, Integer.MAX_VALUE)),
                        version)
                .as(StatusValue::new);
    }

    @Provide
    Arbitrary<String> names() {
        return Arbitraries.of("c", "my-conn", "a--b", "orders-src-0", "ünï");
    }

    @Provide
    Arbitrary<Integer> tasks() {
        return Arbitraries.integers().between(0, 10_000);
    }

    @Provide
    Arbitrary<Long> timestamps() {
        return Arbitraries.longs().between(0, Long.MAX_VALUE);
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
