package io.kanal.runtime.membership.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.kanal.runtime.herder.ConnectorTaskId;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Properties over random values (Unicode URLs and names, any offsets, error codes and delays, assignments and
 * revocations with repeated connectors): our bytes equal Apache Connect's in every version, each side reads the
 * other's bytes to the same value, and decoding then re-encoding gives the same bytes.
 */
class ConnectProtocolPropertiesTest {

    @Property(tries = 300)
    void metadataBytesEqualApachesAndBothSidesReadThemAlike(
            @ForAll("metadata") WorkerMetadata state, @ForAll ConnectProtocolCompatibility protocol) {
        byte[] ours = bytes(ConnectProtocolCodec.encodeMetadata(state, protocol));

        assertThat(ours).isEqualTo(ApacheConnect.encodeMetadata(state, protocol));
        WorkerMetadata decoded = ConnectProtocolCodec.decodeMetadata(ByteBuffer.wrap(ours));
        assertThat(decoded).isEqualTo(ApacheConnect.decodeMetadata(ours));
        assertThat(ApacheConnect.decodeMetadataV0(ours))
                .isEqualTo(WorkerMetadata.withoutAllocation(decoded.url(), decoded.configOffset()));
        byte[] again = bytes(ConnectProtocolCodec.encodeMetadata(decoded, protocol));
        assertThat(again).isEqualTo(ApacheConnect.encodeMetadata(decoded, protocol));
        if (state.allocation().map(a -> canonical(a)).orElse(true)) {
            assertThat(again).isEqualTo(ours);
        }

        assertThat(decoded.url()).isEqualTo(state.url());
        assertThat(decoded.configOffset()).isEqualTo(state.configOffset());
        if (protocol.cooperative()) {
            assertThat(decoded.allocation().isPresent())
                    .isEqualTo(state.allocation().isPresent());
            state.allocation()
                    .ifPresent(sent -> assertSameContent(decoded.allocation().orElseThrow(), sent));
        } else {
            assertThat(decoded.allocation()).isEmpty();
        }
    }

    @Property(tries = 300)
    void cooperativeAssignmentBytesEqualApachesAndBothSidesReadThemAlike(
            @ForAll("assignment") ConnectAssignment assignment, @ForAll boolean sessioned) {
        ConnectProtocolCompatibility protocol =
                sessioned ? ConnectProtocolCompatibility.SESSIONED : ConnectProtocolCompatibility.COMPATIBLE;

        byte[] ours = bytes(ConnectProtocolCodec.encodeAssignment(assignment, protocol));

        assertThat(ours).isEqualTo(ApacheConnect.encodeAssignment(assignment, protocol));
        ConnectAssignment decoded = ConnectProtocolCodec.decodeAssignment(ByteBuffer.wrap(ours));
        assertThat(decoded).isEqualTo(ApacheConnect.decodeAssignment(ours));
        byte[] again = bytes(ConnectProtocolCodec.encodeAssignment(decoded, protocol));
        assertThat(again).isEqualTo(ApacheConnect.encodeAssignment(decoded, protocol));
        if (canonical(assignment)) {
            assertThat(again).isEqualTo(ours);
        }
        assertSameContent(decoded, assignment);
    }

    @Property(tries = 300)
    void eagerAssignmentBytesEqualApachesAndBothSidesReadThemAlike(
            @ForAll("eagerAssignment") ConnectAssignment assignment) {
        byte[] ours = bytes(ConnectProtocolCodec.encodeAssignment(assignment, ConnectProtocolCompatibility.EAGER));

        assertThat(ours).isEqualTo(ApacheConnect.encodeAssignment(assignment, ConnectProtocolCompatibility.EAGER));
        ConnectAssignment decoded = ConnectProtocolCodec.decodeAssignment(ByteBuffer.wrap(ours));
        assertThat(decoded)
                .isEqualTo(ApacheConnect.decodeAssignment(ours))
                .isEqualTo(ApacheConnect.decodeAssignmentV0(ours));
        byte[] again = bytes(ConnectProtocolCodec.encodeAssignment(decoded, ConnectProtocolCompatibility.EAGER));
        assertThat(again).isEqualTo(ApacheConnect.encodeAssignment(decoded, ConnectProtocolCompatibility.EAGER));
        if (canonical(assignment)) {
            assertThat(again).isEqualTo(ours);
        }
        assertSameContent(decoded, assignment);
    }

    @Property(tries = 200)
    void weReadApachesBytesAsApacheReadsThem(
            @ForAll("assignment") ConnectAssignment assignment, @ForAll ConnectProtocolCompatibility protocol) {
        ConnectAssignment sendable = protocol.cooperative()
                ? assignment
                : ConnectAssignment.eager(
                        assignment.error(),
                        assignment.leader(),
                        assignment.leaderUrl(),
                        assignment.configOffset(),
                        assignment.assigned());
        byte[] apache = ApacheConnect.encodeAssignment(sendable, protocol);
        WorkerMetadata state =
                new WorkerMetadata(assignment.leaderUrl(), assignment.configOffset(), Optional.of(sendable));
        byte[] apacheMetadata = ApacheConnect.encodeMetadata(state, protocol);

        assertThat(ConnectProtocolCodec.decodeAssignment(ByteBuffer.wrap(apache)))
                .isEqualTo(ApacheConnect.decodeAssignment(apache));
        assertThat(ConnectProtocolCodec.decodeMetadata(ByteBuffer.wrap(apacheMetadata)))
                .isEqualTo(ApacheConnect.decodeMetadata(apacheMetadata));
    }

    @Property(tries = 100)
    void joinGroupProtocolsEqualApaches(
            @ForAll("metadata") WorkerMetadata state, @ForAll ConnectProtocolCompatibility configured) {
        List<ApacheConnect.Offered> ours = new ArrayList<>();
        ConnectProtocolCodec.metadataRequest(state, configured)
                .forEach(p -> ours.add(new ApacheConnect.Offered(p.name(), bytes(p.metadata()))));

        assertThat(ours).isEqualTo(ApacheConnect.metadataRequest(state, configured));
    }

    @Property(tries = 200)
    void anyJavaStringIsWrittenAsConnectWritesIt(
            @ForAll("anyString") String url, @ForAll("anyString") String connector, @ForAll boolean sessioned) {
        ConnectProtocolCompatibility protocol =
                sessioned ? ConnectProtocolCompatibility.SESSIONED : ConnectProtocolCompatibility.COMPATIBLE;
        ConnectAssignment assignment = new ConnectAssignment(
                (short) 0,
                connector,
                url,
                0L,
                new ConnectorsAndTasks(List.of(connector), List.of(new ConnectorTaskId(connector, 0))),
                ConnectorsAndTasks.empty(),
                0);
        WorkerMetadata state = new WorkerMetadata(url, 1L, Optional.of(assignment));

        // Lone surrogates included: both sides write them as UTF-8 '?', so the bytes still agree.
        assertThat(bytes(ConnectProtocolCodec.encodeMetadata(state, protocol)))
                .isEqualTo(ApacheConnect.encodeMetadata(state, protocol));
    }

    @Provide
    Arbitrary<String> anyString() {
        return Arbitraries.strings().all().ofMaxLength(30);
    }

    @Provide
    Arbitrary<WorkerMetadata> metadata() {
        return ConnectValues.metadata();
    }

    @Provide
    Arbitrary<ConnectAssignment> assignment() {
        return ConnectValues.assignment();
    }

    @Provide
    Arbitrary<ConnectAssignment> eagerAssignment() {
        return ConnectValues.eagerAssignment();
    }

    /**
     * The same assignment up to what the wire keeps: connectors as a set (assigned) or in first-seen order
     * (revoked), tasks as a multiset.
     */
    private static void assertSameContent(ConnectAssignment decoded, ConnectAssignment sent) {
        assertThat(decoded.error()).isEqualTo(sent.error());
        assertThat(decoded.leader()).isEqualTo(sent.leader());
        assertThat(decoded.leaderUrl()).isEqualTo(sent.leaderUrl());
        assertThat(decoded.configOffset()).isEqualTo(sent.configOffset());
        assertThat(decoded.delay()).isEqualTo(sent.delay());
        assertThat(decoded.assigned().connectors()).doesNotHaveDuplicates();
        assertThat(new HashSet<>(decoded.assigned().connectors()))
                .isEqualTo(new HashSet<>(sent.assigned().connectors()));
        assertThat(sorted(decoded.assigned().tasks()))
                .isEqualTo(sorted(sent.assigned().tasks()));
        assertThat(decoded.revoked().connectors())
                .containsExactlyElementsOf(
                        sent.revoked().connectors().stream().distinct().toList());
        assertThat(sorted(decoded.revoked().tasks()))
                .isEqualTo(sorted(sent.revoked().tasks()));
    }

    /**
     * Whether re-encoding a decoded copy must give the same bytes: Connect groups assigned connectors in the order
     * of a {@code HashSet} sized for the list, so a list with repeats (larger than its set) may come back in another
     * order; Apache's own re-encoding differs the same way, which the identity checks above cover.
     */
    private static boolean canonical(ConnectAssignment assignment) {
        List<String> connectors = assignment.assigned().connectors();
        return new HashSet<>(connectors).size() == connectors.size();
    }

    private static List<ConnectorTaskId> sorted(List<ConnectorTaskId> tasks) {
        return tasks.stream().sorted(Comparator.naturalOrder()).toList();
    }

    private static byte[] bytes(ByteBuffer buffer) {
        return ApacheConnect.toArray(buffer);
    }
}
