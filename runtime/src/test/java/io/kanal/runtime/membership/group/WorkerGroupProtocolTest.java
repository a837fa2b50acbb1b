package io.kanal.runtime.membership.group;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kanal.client.group.MemberAssignment;
import io.kanal.client.group.MemberMetadata;
import io.kanal.client.group.ProtocolMetadata;
import io.kanal.runtime.herder.Assignment;
import io.kanal.runtime.herder.ConnectorTaskId;
import io.kanal.runtime.herder.HerderEvent;
import io.kanal.runtime.membership.protocol.ConnectAssignment;
import io.kanal.runtime.membership.protocol.ConnectProtocolCodec;
import io.kanal.runtime.membership.protocol.ConnectProtocolCompatibility;
import io.kanal.runtime.membership.protocol.ConnectorsAndTasks;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.message.JoinGroupRequestData.JoinGroupRequestProtocol;
import org.apache.kafka.connect.runtime.distributed.ConnectProtocol;
import org.apache.kafka.connect.runtime.distributed.ExtendedAssignment;
import org.apache.kafka.connect.runtime.distributed.ExtendedWorkerState;
import org.apache.kafka.connect.runtime.distributed.IncrementalCooperativeConnectProtocol;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The worker group protocol against Apache Connect's own protocol classes and the codec. */
class WorkerGroupProtocolTest {
    private static final String URL = "http://w1:8083/";

    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final List<String> rejoins = new CopyOnWriteArrayList<>();
    private final List<HerderEvent> events = new CopyOnWriteArrayList<>();
    private final AtomicLong clock = new AtomicLong(1_000);
    private FakeConfigs configs = FakeConfigs.of(5, 3);
    private Departures departures = Departures.NEVER_CLEAN;
    private Revocations revocations = Revocations.IMMEDIATE;
    private final List<String> generationsTold = new CopyOnWriteArrayList<>();
    private final GenerationListener generations = new GenerationListener() {
        @Override
        public void onGeneration(int generation, Leader leader, ConnectProtocolCompatibility protocol) {
            generationsTold.add("generation " + generation + (leader.self() ? " leading" : ""));
        }

        @Override
        public void onNoGeneration(int generation) {
            generationsTold.add("no generation " + generation);
        }
    };

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
    }

    private WorkerGroupProtocol protocol(String compatibility) {
        WorkerGroupConfig config = WorkerGroupConfig.fromWorkerConfig(
                Map.of("group.id", "g", "bootstrap.servers", "localhost:9092", "connect.protocol", compatibility), URL);
        WorkerGroupProtocol protocol = new WorkerGroupProtocol(
                config, configs, revocations, departures, generations, scheduler, rejoins::add, clock::get);
        protocol.events(events::add);
        return protocol;
    }

    @Test
    void offersTheSubprotocolsOfConnectProtocolWithApachesBytes() {
        List<ProtocolMetadata> offered = protocol("sessioned").metadata();

        List<JoinGroupRequestProtocol> apache = new ArrayList<>();
        IncrementalCooperativeConnectProtocol.metadataRequest(new ExtendedWorkerState(URL, 10, null), true)
                .forEach(apache::add);
        assertThat(offered).extracting(ProtocolMetadata::name).containsExactly("sessioned", "compatible", "default");
        assertThat(offered)
                .extracting(ProtocolMetadata::name)
                .containsExactlyElementsOf(
                        apache.stream().map(JoinGroupRequestProtocol::name).toList());
        for (int i = 0; i < offered.size(); i++) {
            assertThat(bytes(offered.get(i).metadata())).isEqualTo(apache.get(i).metadata());
        }
        assertThat(events).containsExactly(new HerderEvent.RebalanceStarted());
        assertThat(protocol("eager").metadata()).singleElement().satisfies(p -> assertThat(bytes(p.metadata()))
                .isEqualTo(bytes(ConnectProtocol.serializeMetadata(new ConnectProtocol.WorkerState(URL, 10)))));
    }

    @Test
    void theLeaderAssignsEveryConnectorAndTaskOnceBalancedInBytesApacheReads() {
        WorkerGroupProtocol leader = protocol("sessioned");

        Map<String, ByteBuffer> out = leader.assign(1, "m1", "sessioned", apacheMembers(10, List.of()));

        Set<Object> seen = new HashSet<>();
        List<Integer> connectorCounts = new ArrayList<>();
        List<Integer> taskCounts = new ArrayList<>();
        assertThat(out).containsOnlyKeys("m1", "m2", "m3");
        out.values().forEach(bytes -> {
            ExtendedAssignment a = IncrementalCooperativeConnectProtocol.deserializeAssignment(bytes.duplicate());
            assertThat(a.error()).isEqualTo(ConnectProtocol.Assignment.NO_ERROR);
            assertThat(a.leader()).isEqualTo("m1");
            assertThat(a.leaderUrl()).isEqualTo(URL);
            assertThat(a.offset()).isEqualTo(10);
            assertThat(a.revokedConnectors()).isEmpty();
            assertThat(a.delay()).isZero();
            a.connectors()
                    .forEach(c ->
                            assertThat(seen.add(c)).as("assigned twice: %s", c).isTrue());
            a.tasks().forEach(t -> assertThat(seen.add(t.toString()))
                    .as("assigned twice: %s", t)
                    .isTrue());
            connectorCounts.add(a.connectors().size());
            taskCounts.add(a.tasks().size());
        });
        assertThat(seen).hasSize(5 + 15);
        assertThat(connectorCounts).allMatch(n -> n == 1 || n == 2);
        assertThat(taskCounts).containsOnly(5);
    }

    @Test
    void aLeaderThatCannotReachTheMembersConfigOffsetAnswersConfigMismatch() {
        configs.reachable(11);
        WorkerGroupProtocol leader = protocol("sessioned");

        Map<String, ByteBuffer> out = leader.assign(1, "m1", "sessioned", apacheMembers(12, List.of()));

        assertThat(out.values()).hasSize(3).allSatisfy(bytes -> {
            ExtendedAssignment a = IncrementalCooperativeConnectProtocol.deserializeAssignment(bytes.duplicate());
            assertThat(a.error()).isEqualTo(ConnectProtocol.Assignment.CONFIG_MISMATCH);
            assertThat(a.offset()).isEqualTo(12);
            assertThat(a.connectors()).isEmpty();
        });

        configs.reachable(12);
        Map<String, ByteBuffer> caughtUp = leader.assign(2, "m1", "sessioned", apacheMembers(12, List.of()));
        assertThat(caughtUp.values()).allSatisfy(bytes -> assertThat(
                        IncrementalCooperativeConnectProtocol.deserializeAssignment(bytes.duplicate())
                                .offset())
                .isEqualTo(12));
    }

    @Test
    void aDeadWorkersWorkIsHeldForTheDelayButACleanlyDepartedWorkersMovesAtOnce() {
        WorkerGroupProtocol leader = protocol("sessioned");
        Map<String, ByteBuffer> first = leader.assign(1, "m1", "sessioned", apacheMembers(10, List.of()));
        List<MemberMetadata> survivors =
                apacheMembers(10, List.of(first.get("m1"), first.get("m2"))).subList(0, 2);

        clock.addAndGet(1_000);
        Map<String, ByteBuffer> held = leader.assign(2, "m1", "sessioned", survivors);
        assertThat(held.values()).allSatisfy(bytes -> {
            ExtendedAssignment a = IncrementalCooperativeConnectProtocol.deserializeAssignment(bytes.duplicate());
            assertThat(a.connectors()).isEmpty();
            assertThat(a.tasks()).isEmpty();
            assertThat(a.delay()).isEqualTo(WorkerGroupConfig.DEFAULT_SCHEDULED_REBALANCE_MAX_DELAY_MS);
        });

        // The same departure, but the status store says w3 stopped its work and left: no wait.
        List<String> asked = new CopyOnWriteArrayList<>();
        departures = (worker, connectors, tasks) -> asked.add(worker);
        WorkerGroupProtocol other = protocol("sessioned");
        Map<String, ByteBuffer> again = other.assign(1, "m1", "sessioned", apacheMembers(10, List.of()));
        Map<String, ByteBuffer> moved = other.assign(
                2,
                "m1",
                "sessioned",
                apacheMembers(10, List.of(again.get("m1"), again.get("m2"))).subList(0, 2));
        ExtendedAssignment w3 = IncrementalCooperativeConnectProtocol.deserializeAssignment(again.get("m3"));
        List<Object> given = new ArrayList<>();
        moved.values().forEach(bytes -> {
            ExtendedAssignment a = IncrementalCooperativeConnectProtocol.deserializeAssignment(bytes.duplicate());
            assertThat(a.delay()).isZero();
            given.addAll(a.connectors());
            a.tasks().forEach(t -> given.add(t.toString()));
        });
        List<Object> expected = new ArrayList<>(w3.connectors());
        w3.tasks().forEach(t -> expected.add(t.toString()));
        assertThat(given).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(asked).containsExactly("w3:8083");
    }

    @Test
    void aMemberOwnsWhatItIsAssignedAndRejoinsOnlyOnceRevokedWorkHasStopped() {
        CompletableFuture<Void> stopped = new CompletableFuture<>();
        List<Set<ConnectorTaskId>> asked = new CopyOnWriteArrayList<>();
        revocations = (connectors, tasks) -> {
            asked.add(tasks);
            return stopped;
        };
        WorkerGroupProtocol member = protocol("sessioned");
        member.metadata();

        member.onAssignment(received(
                1,
                new ConnectAssignment(
                        ConnectAssignment.NO_ERROR,
                        "m2",
                        "http://w2:8083/",
                        10,
                        new ConnectorsAndTasks(List.of("a"), List.of(task("a", 0), task("a", 1))),
                        ConnectorsAndTasks.empty(),
                        0)));

        assertThat(events)
                .containsExactly(
                        new HerderEvent.RebalanceStarted(),
                        new HerderEvent.AssignmentChanged(
                                new Assignment(false, Set.of("a"), Set.of(task("a", 0), task("a", 1)))));
        assertThat(member.view().leader()).contains(new Leader("m2", "http://w2:8083/", false));
        assertThat(member.view().generation()).isEqualTo(1);
        assertThat(rejoins).isEmpty();

        member.metadata();
        member.onAssignment(received(
                2,
                new ConnectAssignment(
                        ConnectAssignment.NO_ERROR,
                        "m2",
                        "http://w2:8083/",
                        10,
                        new ConnectorsAndTasks(List.of("b"), List.of()),
                        new ConnectorsAndTasks(List.of(), List.of(task("a", 1))),
                        0)));

        assertThat(events.get(events.size() - 1))
                .isEqualTo(new HerderEvent.AssignmentChanged(
                        new Assignment(false, Set.of("a", "b"), Set.of(task("a", 0)))));
        assertThat(asked).containsExactly(Set.of(task("a", 1)));
        assertThat(rejoins).isEmpty();
        stopped.complete(null);
        assertThat(rejoins).containsExactly("revoked work stopped");

        // The next join reports what the member owns, in bytes Apache reads.
        ExtendedWorkerState reported = IncrementalCooperativeConnectProtocol.deserializeMetadata(
                member.metadata().get(0).metadata());
        assertThat(reported.assignment().connectors()).containsExactlyInAnyOrder("a", "b");
        assertThat(reported.assignment().tasks())
                .containsExactly(new org.apache.kafka.connect.util.ConnectorTaskId("a", 0));
    }

    @Test
    void aScheduledDelayMakesTheMemberRejoinWhenItExpires() {
        WorkerGroupProtocol member = protocol("sessioned");

        member.onAssignment(received(
                1,
                new ConnectAssignment(
                        ConnectAssignment.NO_ERROR,
                        "m2",
                        "http://w2:8083/",
                        10,
                        ConnectorsAndTasks.empty(),
                        ConnectorsAndTasks.empty(),
                        200)));

        assertThat(rejoins).isEmpty();
        await().atMost(Duration.ofSeconds(5)).until(() -> rejoins.contains("scheduled rebalance"));
    }

    @Test
    void aConfigMismatchKeepsTheWorkCatchesUpAndRejoins() {
        configs.reachable(20);
        WorkerGroupProtocol member = protocol("sessioned");

        member.onAssignment(received(
                1,
                new ConnectAssignment(
                        ConnectAssignment.CONFIG_MISMATCH,
                        "m2",
                        "http://w2:8083/",
                        20,
                        ConnectorsAndTasks.empty(),
                        ConnectorsAndTasks.empty(),
                        0)));

        assertThat(configs.snapshot().offset()).isEqualTo(20);
        assertThat(rejoins).containsExactly("config mismatch");
        assertThat(events).noneMatch(e -> e instanceof HerderEvent.AssignmentChanged);
    }

    @Test
    void anAssignmentFromConfigsThisWorkerCannotReadYetChangesNothingAndRejoins() {
        configs.reachable(15);
        WorkerGroupProtocol member = protocol("sessioned");

        member.onAssignment(received(
                1,
                new ConnectAssignment(
                        ConnectAssignment.NO_ERROR,
                        "m2",
                        "http://w2:8083/",
                        20,
                        new ConnectorsAndTasks(List.of("a"), List.of()),
                        ConnectorsAndTasks.empty(),
                        0)));

        assertThat(rejoins).containsExactly("config topic behind the assignment");
        assertThat(events).noneMatch(e -> e instanceof HerderEvent.AssignmentChanged);
        assertThat(member.view().generation()).isEqualTo(-1);
    }

    @Test
    void anUnreadableAssignmentChangesNothingAndRejoins() {
        WorkerGroupProtocol member = protocol("sessioned");

        member.onAssignment(
                new MemberAssignment(1, "m1", "sessioned", "m2", ByteBuffer.wrap(new byte[] {0, 1, 0, 0, 0})));

        assertThat(rejoins).containsExactly("unreadable assignment");
        assertThat(events).isEmpty();
    }

    @Test
    void anEagerMemberGivesUpEverythingBeforeRejoining() {
        WorkerGroupProtocol member = protocol("eager");
        member.onAssignment(new MemberAssignment(
                1,
                "m1",
                "default",
                "m2",
                ConnectProtocolCodec.encodeAssignment(
                        ConnectAssignment.eager(
                                ConnectAssignment.NO_ERROR,
                                "m2",
                                "http://w2:8083/",
                                10,
                                new ConnectorsAndTasks(List.of("a"), List.of(task("a", 0)))),
                        ConnectProtocolCompatibility.EAGER)));

        member.onJoinPrepare(1, "m1");

        assertThat(events.get(events.size() - 1)).isEqualTo(new HerderEvent.AssignmentChanged(Assignment.none()));
        assertThat(member.view().owned()).isEqualTo(Assignment.none());
    }

    @Test
    void aLeaderThatLosesItsMembershipIsToldItNoLongerLeads() {
        WorkerGroupProtocol member = protocol("sessioned");
        member.onAssignment(received(
                1,
                new ConnectAssignment(
                        ConnectAssignment.NO_ERROR,
                        "m1",
                        URL,
                        10,
                        new ConnectorsAndTasks(List.of("a"), List.of()),
                        ConnectorsAndTasks.empty(),
                        0)));

        member.onLost(1, "m1", new io.kanal.client.errors.KafkaException("session timed out"));

        assertThat(generationsTold).containsExactly("generation 1 leading", "no generation 1");
    }

    @Test
    void aLeaderThatCannotReadTheConfigsOfItsAssignmentIsToldItDoesNotLead() {
        configs.reachable(15);
        WorkerGroupProtocol member = protocol("sessioned");

        member.onAssignment(received(
                2,
                new ConnectAssignment(
                        ConnectAssignment.NO_ERROR,
                        "m1",
                        URL,
                        20,
                        new ConnectorsAndTasks(List.of("a"), List.of()),
                        ConnectorsAndTasks.empty(),
                        0)));

        assertThat(rejoins).containsExactly("config topic behind the assignment");
        assertThat(generationsTold).containsExactly("no generation 2");
    }

    /** Three members w1..w3 (member ids m1..m3) at a config offset, the first ones holding the given assignments. */
    private static List<MemberMetadata> apacheMembers(long offset, List<ByteBuffer> held) {
        List<MemberMetadata> members = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            ExtendedAssignment allocation = i <= held.size()
                    ? IncrementalCooperativeConnectProtocol.deserializeAssignment(
                            held.get(i - 1).duplicate())
                    : null;
            ByteBuffer metadata = IncrementalCooperativeConnectProtocol.serializeMetadata(
                    new ExtendedWorkerState("http://w" + i + ":8083/", offset, allocation), true);
            members.add(new MemberMetadata("m" + i, null, metadata));
        }
        return members;
    }

    private static MemberAssignment received(int generation, ConnectAssignment assignment) {
        return new MemberAssignment(
                generation,
                "m1",
                "sessioned",
                assignment.leader(),
                ConnectProtocolCodec.encodeAssignment(assignment, ConnectProtocolCompatibility.SESSIONED));
    }

    private static ConnectorTaskId task(String connector, int task) {
        return new ConnectorTaskId(connector, task);
    }

    private static byte[] bytes(ByteBuffer buffer) {
        ByteBuffer copy = buffer.duplicate();
        byte[] out = new byte[copy.remaining()];
        copy.get(out);
        return out;
    }
}
