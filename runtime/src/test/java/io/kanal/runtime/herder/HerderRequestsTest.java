package io.kanal.runtime.herder;

import static io.kanal.runtime.herder.HerderHarness.config;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** REST commands: existence checks with writes in flight, store failures, task configs, offsets reset. */
class HerderRequestsTest {

    private final HerderHarness h = new HerderHarness();

    @Test
    void twoCreatesOfOneNameBeforeEitherIsReadBackGetOneCreatedAndOneConflict() {
        long first = h.nextRequestId();
        long second = h.nextRequestId();
        h.send(new HerderEvent.PutConnectorConfig(first, "src", config("v", "1"), false, Optional.empty()));
        h.send(new HerderEvent.PutConnectorConfig(second, "src", config("v", "2"), false, Optional.empty()));
        h.settle();

        assertThat(h.replies.get(first)).isInstanceOf(HerderReply.ConnectorWritten.class);
        assertThat(h.replies.get(second)).isInstanceOfSatisfying(HerderReply.Failed.class, f -> {
            assertThat(f.error().kind()).isEqualTo(HerderError.Kind.ALREADY_EXISTS);
            assertThat(f.error().message()).isEqualTo("Connector src already exists");
        });
        assertThat(h.storedConfigs.get("src")).containsEntry("v", "1");
    }

    @Test
    void aDeleteInFlightMakesTheNameFreeForCreate() {
        h.create("src", config("v", "1"));
        long delete = h.nextRequestId();
        long create = h.nextRequestId();
        h.send(new HerderEvent.DeleteConnector(delete, "src"));
        h.send(new HerderEvent.PutConnectorConfig(create, "src", config("v", "2"), false, Optional.empty()));
        h.settle();

        assertThat(h.replies.get(delete)).isInstanceOf(HerderReply.Done.class);
        assertThat(h.replies.get(create))
                .isInstanceOfSatisfying(HerderReply.ConnectorWritten.class, w -> assertThat(w.created())
                        .isTrue());
        assertThat(h.connector("src").config()).containsEntry("v", "2");
    }

    @Test
    void aFailedStoreWriteIsReportedAndChangesNothing() {
        h.failStoreWrites = "disk full";

        HerderReply reply = h.create("src", config());

        assertThat(reply).isInstanceOfSatisfying(HerderReply.Failed.class, f -> {
            assertThat(f.error().kind()).isEqualTo(HerderError.Kind.STORE_FAILED);
            assertThat(f.error().message()).contains("disk full");
        });
        assertThat(h.machine.view().connectors()).isEmpty();
        h.failStoreWrites = null;
        assertThat(h.create("src", config())).isInstanceOf(HerderReply.ConnectorWritten.class);
    }

    @Test
    void unknownConnectorsAreNotFoundForEveryCommand() {
        HerderReply notFound = new HerderReply.Failed(HerderError.notFound("x"));
        assertThat(h.request(id -> new HerderEvent.DeleteConnector(id, "x"))).isEqualTo(notFound);
        assertThat(h.request(id -> new HerderEvent.ChangeTargetState(id, "x", TargetState.PAUSED)))
                .isEqualTo(notFound);
        assertThat(h.request(id -> new HerderEvent.GetTaskConfigs(id, "x"))).isEqualTo(notFound);
        assertThat(h.request(id -> new HerderEvent.ResetOffsets(id, "x"))).isEqualTo(notFound);
        assertThat(h.request(id -> new HerderEvent.AlterOffsets(id, "x", Map.of())))
                .isEqualTo(notFound);
        assertThat(h.request(id -> new HerderEvent.RestartConnector(id, "x", false, false)))
                .isEqualTo(notFound);
    }

    @Test
    void taskConfigsAreReturnedInTaskOrder() {
        h.generatedTaskConfigs.put("src", HerderHarness.taskConfigs("a", "b"));
        h.create("src", config("tasks.max", "2"));

        assertThat(h.request(id -> new HerderEvent.GetTaskConfigs(id, "src")))
                .isEqualTo(new HerderReply.TaskConfigs(HerderHarness.taskConfigs("a", "b")));
    }

    @Test
    void offsetsResetOnlyWhenStopped() {
        h.create("src", config());

        assertThat(h.request(id -> new HerderEvent.ResetOffsets(id, "src")))
                .isInstanceOfSatisfying(HerderReply.Failed.class, f -> {
                    assertThat(f.error().kind()).isEqualTo(HerderError.Kind.BAD_REQUEST);
                    assertThat(f.error().message()).contains("STOPPED");
                });

        h.request(id -> new HerderEvent.ChangeTargetState(id, "src", TargetState.STOPPED));
        int mark = h.log.size();
        assertThat(h.request(id -> new HerderEvent.ResetOffsets(id, "src"))).isInstanceOf(HerderReply.Done.class);
        assertThat(h.since(mark)).first().isInstanceOf(HerderCommand.ResetOffsets.class);
    }

    @Test
    void offsetsAreAlteredOnlyWhenStoppedAndAFailedWriteIsReported() {
        h.create("src", config());
        Map<Map<String, Object>, Map<String, Object>> offsets = new java.util.HashMap<>();
        offsets.put(Map.of("file", "a"), Map.of("position", 3L));
        offsets.put(Map.of("file", "b"), null);

        assertThat(h.request(id -> new HerderEvent.AlterOffsets(id, "src", offsets)))
                .isInstanceOfSatisfying(HerderReply.Failed.class, f -> {
                    assertThat(f.error().kind()).isEqualTo(HerderError.Kind.BAD_REQUEST);
                    assertThat(f.error().message())
                            .startsWith("Connectors must be in the STOPPED state before their offsets can be modified.")
                            .endsWith("'/connectors/src/stop' endpoint");
                });

        h.request(id -> new HerderEvent.ChangeTargetState(id, "src", TargetState.STOPPED));
        int mark = h.log.size();
        assertThat(h.request(id -> new HerderEvent.AlterOffsets(id, "src", offsets)))
                .isInstanceOf(HerderReply.Done.class);
        assertThat(h.since(mark)).first().isInstanceOfSatisfying(HerderCommand.AlterOffsets.class, c -> assertThat(
                        c.offsets())
                .isEqualTo(offsets));

        h.failStoreWrites = "disk full";
        assertThat(h.request(id -> new HerderEvent.AlterOffsets(id, "src", offsets)))
                .isInstanceOfSatisfying(HerderReply.Failed.class, f -> {
                    assertThat(f.error().kind()).isEqualTo(HerderError.Kind.STORE_FAILED);
                    assertThat(f.error().message()).isEqualTo("disk full");
                });
    }

    @Test
    void taskConfigsSentByTheWorkerRunningTheConnectorAreWrittenAndAnsweredWhenDurable() {
        h.generatedTaskConfigs.put("src", HerderHarness.taskConfigs("a"));
        h.create("src", config("tasks.max", "2"));
        List<Map<String, String>> sent = HerderHarness.taskConfigs("x", "y");
        long id = h.nextRequestId();
        int mark = h.log.size();

        h.send(new HerderEvent.PutTaskConfigs(id, "src", sent));

        assertThat(h.replies).doesNotContainKey(id);
        assertThat(h.since(mark))
                .filteredOn(HerderCommand.WriteTaskConfigs.class::isInstance)
                .containsExactly(new HerderCommand.WriteTaskConfigs(id, "src", sent));
        h.settle();
        assertThat(h.replies.get(id)).isInstanceOf(HerderReply.Done.class);
        assertThat(h.storedTaskConfigs.get("src")).isEqualTo(sent);
        assertThat(h.request(get -> new HerderEvent.GetTaskConfigs(get, "src")))
                .isEqualTo(new HerderReply.TaskConfigs(sent));
    }

    @Test
    void taskConfigsOfAnUnknownConnectorAreNotFoundAndAFailedWriteIsReported() {
        assertThat(h.request(id -> new HerderEvent.PutTaskConfigs(id, "x", List.of())))
                .isEqualTo(new HerderReply.Failed(HerderError.notFound("x")));

        h.create("src", config());
        h.failStoreWrites = "disk full";
        assertThat(h.request(id -> new HerderEvent.PutTaskConfigs(id, "src", HerderHarness.taskConfigs("a"))))
                .isInstanceOfSatisfying(HerderReply.Failed.class, f -> {
                    assertThat(f.error().kind()).isEqualTo(HerderError.Kind.STORE_FAILED);
                    assertThat(f.error().message()).contains("disk full");
                });
    }

    @Test
    void aPingIsAnsweredAtOnce() {
        assertThat(h.request(HerderEvent.Ping::new)).isInstanceOf(HerderReply.Done.class);
    }

    @Test
    void viewVersionsIncreaseAndRequestsPendOnlyUntilTheirWriteCompletes() {
        long before = h.machine.view().version();
        long id = h.nextRequestId();
        h.send(new HerderEvent.PutConnectorConfig(id, "src", config(), false, Optional.empty()));
        assertThat(h.machine.pendingRequests()).isEqualTo(1);
        assertThat(h.replies).doesNotContainKey(id);

        h.settle();

        assertThat(h.machine.pendingRequests()).isZero();
        assertThat(h.machine.view().version()).isGreaterThan(before);
    }
}
