package io.kanal.runtime.membership.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kanal.client.group.MemberAssignment;
import io.kanal.client.group.MemberMetadata;
import io.kanal.client.group.ProtocolMetadata;
import io.kanal.runtime.herder.Assignment;
import io.kanal.runtime.herder.ConnectorTaskId;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.connect.runtime.distributed.ConnectProtocol;
import org.apache.kafka.connect.runtime.distributed.IncrementalCooperativeConnectProtocol;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Worked examples of Connect's worker group bytes: hand-built layouts, and the same values through Apache Kafka
 * Connect's {@code ConnectProtocol} / {@code IncrementalCooperativeConnectProtocol} (connect-runtime 4.x), which
 * must write the same bytes and read ours to the same values.
 */
class ConnectProtocolGoldenTest {
    private static final ConnectAssignment ASSIGNMENT = new ConnectAssignment(
            ConnectAssignment.NO_ERROR,
            "connect-1-6f1c",
            "http://w1:8083/",
            42L,
            new ConnectorsAndTasks(List.of("c1"), List.of(new ConnectorTaskId("c1", 0), new ConnectorTaskId("c2", 1))),
            new ConnectorsAndTasks(List.of("c3"), List.of(new ConnectorTaskId("c3", 0))),
            5000);

    @Test
    void eagerMetadataIsVersionUrlAndOffset() throws IOException {
        WorkerMetadata state = WorkerMetadata.withoutAllocation("http://w1:8083/", 42L);

        byte[] expected = bytes(out -> {
            out.writeShort(0);
            string(out, "http://w1:8083/");
            out.writeLong(42L);
        });

        assertThat(ours(ConnectProtocolCodec.encodeMetadata(state, ConnectProtocolCompatibility.EAGER)))
                .isEqualTo(expected)
                .isEqualTo(ApacheConnect.encodeMetadata(state, ConnectProtocolCompatibility.EAGER));
    }

    @Test
    void sessionedMetadataCarriesTheHeldAssignmentWithTheSameVersion() throws IOException {
        WorkerMetadata state = new WorkerMetadata("http://w1:8083/", 7L, Optional.of(ASSIGNMENT));
        byte[] allocation =
                ours(ConnectProtocolCodec.encodeAssignment(ASSIGNMENT, ConnectProtocolCompatibility.SESSIONED));

        byte[] expected = bytes(out -> {
            out.writeShort(2);
            string(out, "http://w1:8083/");
            out.writeLong(7L);
            out.writeInt(allocation.length);
            out.write(allocation);
        });

        assertThat(allocation[1]).isEqualTo((byte) 2);
        assertThat(ours(ConnectProtocolCodec.encodeMetadata(state, ConnectProtocolCompatibility.SESSIONED)))
                .isEqualTo(expected)
                .isEqualTo(ApacheConnect.encodeMetadata(state, ConnectProtocolCompatibility.SESSIONED));
    }

    @Test
    void cooperativeMetadataWithoutAssignmentHasNullAllocation() throws IOException {
        WorkerMetadata state = WorkerMetadata.withoutAllocation("u", -1L);

        byte[] expected = bytes(out -> {
            out.writeShort(1);
            string(out, "u");
            out.writeLong(-1L);
            out.writeInt(-1);
        });

        assertThat(ours(ConnectProtocolCodec.encodeMetadata(state, ConnectProtocolCompatibility.COMPATIBLE)))
                .isEqualTo(expected)
                .isEqualTo(ApacheConnect.encodeMetadata(state, ConnectProtocolCompatibility.COMPATIBLE));
        assertThat(ConnectProtocolCodec.decodeMetadata(ByteBuffer.wrap(expected)))
                .isEqualTo(state);
    }

    @Test
    void cooperativeAssignmentGroupsTasksUnderTheirConnectorWithTheConnectorFirst() throws IOException {
        byte[] expected = bytes(out -> {
            out.writeShort(1);
            out.writeShort(0);
            string(out, "connect-1-6f1c");
            string(out, "http://w1:8083/");
            out.writeLong(42L);
            out.writeInt(2);
            string(out, "c1");
            ints(out, -1, 0);
            string(out, "c2");
            ints(out, 1);
            out.writeInt(1);
            string(out, "c3");
            ints(out, -1, 0);
            out.writeInt(5000);
        });

        assertThat(ours(ConnectProtocolCodec.encodeAssignment(ASSIGNMENT, ConnectProtocolCompatibility.COMPATIBLE)))
                .isEqualTo(expected)
                .isEqualTo(ApacheConnect.encodeAssignment(ASSIGNMENT, ConnectProtocolCompatibility.COMPATIBLE));
        assertThat(ConnectProtocolCodec.decodeAssignment(ByteBuffer.wrap(expected)))
                .isEqualTo(ASSIGNMENT);
    }

    @ParameterizedTest
    @EnumSource(ConnectProtocolCompatibility.class)
    void bytesEqualApachesAndEachSideReadsTheOthers(ConnectProtocolCompatibility protocol) {
        ConnectAssignment assignment = protocol.cooperative()
                ? ASSIGNMENT
                : ConnectAssignment.eager(
                        ASSIGNMENT.error(),
                        ASSIGNMENT.leader(),
                        ASSIGNMENT.leaderUrl(),
                        ASSIGNMENT.configOffset(),
                        ASSIGNMENT.assigned());
        WorkerMetadata state = new WorkerMetadata("http://wörker-☃:8083/", 99L, Optional.of(assignment));
        WorkerMetadata sent = protocol.cooperative() ? state : WorkerMetadata.withoutAllocation(state.url(), 99L);

        byte[] metadata = ours(ConnectProtocolCodec.encodeMetadata(state, protocol));
        byte[] assignmentBytes = ours(ConnectProtocolCodec.encodeAssignment(assignment, protocol));

        assertThat(metadata).isEqualTo(ApacheConnect.encodeMetadata(state, protocol));
        assertThat(assignmentBytes).isEqualTo(ApacheConnect.encodeAssignment(assignment, protocol));
        assertThat(ApacheConnect.decodeMetadata(metadata)).isEqualTo(sent);
        assertThat(ApacheConnect.decodeAssignment(assignmentBytes)).isEqualTo(assignment);
        assertThat(ApacheConnect.decodeMetadataV0(metadata))
                .isEqualTo(WorkerMetadata.withoutAllocation(state.url(), 99L));
        assertThat(ApacheConnect.decodeAssignmentV0(assignmentBytes))
                .isEqualTo(ConnectAssignment.eager(
                        assignment.error(),
                        assignment.leader(),
                        assignment.leaderUrl(),
                        assignment.configOffset(),
                        assignment.assigned()));
        assertThat(ConnectProtocolCodec.decodeMetadata(ByteBuffer.wrap(ApacheConnect.encodeMetadata(state, protocol))))
                .isEqualTo(sent);
        assertThat(ConnectProtocolCodec.decodeAssignment(
                        ByteBuffer.wrap(ApacheConnect.encodeAssignment(assignment, protocol))))
                .isEqualTo(assignment);
    }

    @ParameterizedTest
    @EnumSource(ConnectProtocolCompatibility.class)
    void joinGroupOffersTheSameProtocolsAndMetadataAsConnect(ConnectProtocolCompatibility configured) {
        WorkerMetadata state = new WorkerMetadata("http://w2:8083/", 12L, Optional.of(ASSIGNMENT));

        List<ApacheConnect.Offered> ours = new ArrayList<>();
        ConnectProtocolCodec.metadataRequest(state, configured)
                .forEach(p -> ours.add(new ApacheConnect.Offered(p.name(), ours(p.metadata()))));

        assertThat(ours).isEqualTo(ApacheConnect.metadataRequest(state, configured));
        assertThat(ours).extracting(ApacheConnect.Offered::name).first().isEqualTo(configured.protocolName());
    }

    @Test
    void manyConnectorsAreWrittenInConnectsHashOrderAndRepeatsCollapse() {
        List<String> connectors = new ArrayList<>();
        List<ConnectorTaskId> tasks = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            connectors.add("connector-" + i);
            tasks.add(new ConnectorTaskId("connector-" + (59 - i), i % 4));
        }
        connectors.add("connector-3");
        tasks.add(new ConnectorTaskId("only-tasks", 0));
        ConnectAssignment many = new ConnectAssignment(
                (short) 0,
                "leader",
                "http://l:8083",
                1000L,
                new ConnectorsAndTasks(connectors, tasks),
                new ConnectorsAndTasks(List.of("z", "a", "z"), List.of()),
                0);

        for (ConnectProtocolCompatibility protocol :
                List.of(ConnectProtocolCompatibility.COMPATIBLE, ConnectProtocolCompatibility.SESSIONED)) {
            byte[] bytes = ours(ConnectProtocolCodec.encodeAssignment(many, protocol));
            assertThat(bytes).isEqualTo(ApacheConnect.encodeAssignment(many, protocol));
            ConnectAssignment decoded = ConnectProtocolCodec.decodeAssignment(ByteBuffer.wrap(bytes));
            assertThat(decoded.assigned().connectors())
                    .hasSize(60)
                    .containsExactlyInAnyOrderElementsOf(Set.copyOf(connectors));
            assertThat(decoded.assigned().tasks()).containsExactlyInAnyOrderElementsOf(tasks);
            assertThat(decoded.revoked().connectors()).containsExactly("z", "a");
        }
    }

    @Test
    void versionsNewerThanTwoAreReadForwardCompatiblyIgnoringAppendedFields() throws IOException {
        byte[] assignment =
                ours(ConnectProtocolCodec.encodeAssignment(ASSIGNMENT, ConnectProtocolCompatibility.SESSIONED));
        byte[] future = bytes(out -> {
            out.writeShort(7);
            out.write(assignment, 2, assignment.length - 2);
            out.writeLong(123456789L); // a field a future version might append
        });
        byte[] metadata = bytes(out -> {
            out.writeShort(3);
            string(out, "http://w9:8083/");
            out.writeLong(5L);
            out.writeInt(future.length);
            out.write(future);
            string(out, "appended");
        });

        assertThat(ConnectProtocolCodec.decodeAssignment(ByteBuffer.wrap(future)))
                .isEqualTo(ASSIGNMENT)
                .isEqualTo(ApacheConnect.decodeAssignment(future));
        assertThat(ConnectProtocolCodec.decodeMetadata(ByteBuffer.wrap(metadata)))
                .isEqualTo(new WorkerMetadata("http://w9:8083/", 5L, Optional.of(ASSIGNMENT)))
                .isEqualTo(ApacheConnect.decodeMetadata(metadata));
    }

    @Test
    void eagerBytesReadAsHavingNoRevocationsAndNoDelay() {
        ConnectAssignment eager = ConnectAssignment.eager((short) 1, "l", "u", 3L, ASSIGNMENT.assigned());
        byte[] bytes = ours(ConnectProtocolCodec.encodeAssignment(eager, ConnectProtocolCompatibility.EAGER));

        ConnectAssignment decoded = ConnectProtocolCodec.decodeAssignment(ByteBuffer.wrap(bytes));

        assertThat(decoded).isEqualTo(eager).isEqualTo(ApacheConnect.decodeAssignment(bytes));
        assertThat(decoded.failed()).isTrue();
        assertThat(decoded.revoked().isEmpty()).isTrue();
        assertThat(decoded.delay()).isZero();
    }

    @Test
    void plugsIntoClassicGroupMembershipsTypesWithReadOnlyBuffers() {
        WorkerMetadata state = new WorkerMetadata("http://w3:8083/", 8L, Optional.of(ASSIGNMENT));
        List<ProtocolMetadata> offered =
                ConnectProtocolCodec.metadataRequest(state, ConnectProtocolCompatibility.SESSIONED);

        // The leader sees each member's metadata for the chosen protocol as a read-only view.
        MemberMetadata member =
                new MemberMetadata("w3-id", null, offered.get(0).metadata().asReadOnlyBuffer());
        assertThat(ConnectProtocolCodec.decodeMetadata(member.metadata())).isEqualTo(state);

        // Each member gets its assignment bytes back, also read-only.
        ConnectProtocolCompatibility chosen =
                ConnectProtocolCompatibility.fromProtocolName(offered.get(0).name());
        ByteBuffer sent = ConnectProtocolCodec.encodeAssignment(ASSIGNMENT, chosen);
        MemberAssignment received =
                new MemberAssignment(4, "w3-id", chosen.protocolName(), "w1-id", sent.asReadOnlyBuffer());
        assertThat(ConnectProtocolCodec.decodeAssignment(received.assignment())).isEqualTo(ASSIGNMENT);
    }

    @Test
    void decodingDoesNotMoveTheInputPosition() {
        ByteBuffer bytes = ConnectProtocolCodec.encodeAssignment(ASSIGNMENT, ConnectProtocolCompatibility.SESSIONED);
        int position = bytes.position();

        ConnectProtocolCodec.decodeAssignment(bytes);

        assertThat(bytes.position()).isEqualTo(position);
    }

    @Test
    void theEagerProtocolCannotCarryRevocationsOrADelay() {
        assertThatThrownBy(() -> ConnectProtocolCodec.encodeAssignment(ASSIGNMENT, ConnectProtocolCompatibility.EAGER))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("eager");
    }

    @Test
    void stringsLongerThanAnInt16LengthAreRefusedAsConnectRefusesThem() {
        String url = "x".repeat(Short.MAX_VALUE + 1);
        WorkerMetadata state = WorkerMetadata.withoutAllocation(url, 0L);

        assertThatThrownBy(() -> ConnectProtocolCodec.encodeMetadata(state, ConnectProtocolCompatibility.EAGER))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("url");
        assertThatThrownBy(() -> ConnectProtocol.serializeMetadata(new ConnectProtocol.WorkerState(url, 0L)))
                .isInstanceOf(RuntimeException.class);
        WorkerMetadata longest = WorkerMetadata.withoutAllocation("x".repeat(Short.MAX_VALUE), 0L);
        assertThat(ours(ConnectProtocolCodec.encodeMetadata(longest, ConnectProtocolCompatibility.COMPATIBLE)))
                .isEqualTo(ApacheConnect.encodeMetadata(longest, ConnectProtocolCompatibility.COMPATIBLE));
    }

    @Test
    void anAllocationDecodesToTheHerdersAssignment() {
        Assignment herder = ASSIGNMENT.assigned().toAssignment();

        assertThat(herder.owns("c1")).isTrue();
        assertThat(herder.owns("c2")).isFalse();
        assertThat(herder.owns(new ConnectorTaskId("c2", 1))).isTrue();
        assertThat(herder.everything()).isFalse();
    }

    @Test
    void apachesNullAllocationIsOurEmptyOne() {
        byte[] apache = ApacheConnect.toArray(IncrementalCooperativeConnectProtocol.serializeMetadata(
                new org.apache.kafka.connect.runtime.distributed.ExtendedWorkerState("u", 1L, null), true));

        assertThat(ConnectProtocolCodec.decodeMetadata(ByteBuffer.wrap(apache)).allocation())
                .isEmpty();
    }

    private static byte[] ours(ByteBuffer buffer) {
        return ApacheConnect.toArray(buffer);
    }

    private interface Writes {
        void write(DataOutputStream out) throws IOException;
    }

    private static byte[] bytes(Writes writes) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            writes.write(out);
        }
        return bytes.toByteArray();
    }

    private static void string(DataOutputStream out, String s) throws IOException {
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        out.writeShort(utf8.length);
        out.write(utf8);
    }

    private static void ints(DataOutputStream out, int... values) throws IOException {
        out.writeInt(values.length);
        for (int v : values) {
            out.writeInt(v);
        }
    }
}
