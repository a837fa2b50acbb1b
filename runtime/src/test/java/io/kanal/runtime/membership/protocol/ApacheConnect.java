package io.kanal.runtime.membership.protocol;

import io.kanal.runtime.herder.ConnectorTaskId;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.common.message.JoinGroupRequestData.JoinGroupRequestProtocol;
import org.apache.kafka.connect.runtime.distributed.ConnectProtocol;
import org.apache.kafka.connect.runtime.distributed.ExtendedAssignment;
import org.apache.kafka.connect.runtime.distributed.ExtendedWorkerState;
import org.apache.kafka.connect.runtime.distributed.IncrementalCooperativeConnectProtocol;

/**
 * Apache Kafka Connect's own protocol classes (connect-runtime, test scope) driven with our values: the reference
 * the golden tests compare bytes and decoded values with.
 */
final class ApacheConnect {
    private ApacheConnect() {}

    /** Apache's bytes for our metadata at a protocol's version, through the class Connect uses for it. */
    static byte[] encodeMetadata(WorkerMetadata state, ConnectProtocolCompatibility protocol) {
        ByteBuffer bytes = protocol == ConnectProtocolCompatibility.EAGER
                ? ConnectProtocol.serializeMetadata(new ConnectProtocol.WorkerState(state.url(), state.configOffset()))
                : IncrementalCooperativeConnectProtocol.serializeMetadata(
                        toApache(state), protocol == ConnectProtocolCompatibility.SESSIONED);
        return toArray(bytes);
    }

    /** Apache's bytes for our assignment at a protocol's version. */
    static byte[] encodeAssignment(ConnectAssignment assignment, ConnectProtocolCompatibility protocol) {
        ByteBuffer bytes = protocol == ConnectProtocolCompatibility.EAGER
                ? ConnectProtocol.serializeAssignment(new ConnectProtocol.Assignment(
                        assignment.error(),
                        assignment.leader(),
                        assignment.leaderUrl(),
                        assignment.configOffset(),
                        new ArrayList<>(assignment.assigned().connectors()),
                        toApache(assignment.assigned().tasks())))
                : IncrementalCooperativeConnectProtocol.serializeAssignment(
                        toApache(assignment, protocol.version()), protocol == ConnectProtocolCompatibility.SESSIONED);
        return toArray(bytes);
    }

    /** Apache's JoinGroup protocols for a {@code connect.protocol} setting: names and metadata in offer order. */
    static List<Offered> metadataRequest(WorkerMetadata state, ConnectProtocolCompatibility configured) {
        Iterable<JoinGroupRequestProtocol> protocols =
                switch (configured) {
                    case EAGER ->
                        ConnectProtocol.metadataRequest(
                                new ConnectProtocol.WorkerState(state.url(), state.configOffset()));
                    case COMPATIBLE -> IncrementalCooperativeConnectProtocol.metadataRequest(toApache(state), false);
                    case SESSIONED -> IncrementalCooperativeConnectProtocol.metadataRequest(toApache(state), true);
                };
        List<Offered> out = new ArrayList<>();
        for (JoinGroupRequestProtocol p : protocols) {
            out.add(new Offered(p.name(), p.metadata()));
        }
        return out;
    }

    /** Decodes metadata as a Connect 4.x worker does for every protocol, converted to our value. */
    static WorkerMetadata decodeMetadata(byte[] bytes) {
        ExtendedWorkerState state = IncrementalCooperativeConnectProtocol.deserializeMetadata(ByteBuffer.wrap(bytes));
        ExtendedAssignment allocation = state.assignment();
        return new WorkerMetadata(
                state.url(),
                state.offset(),
                allocation == ExtendedAssignment.empty() ? Optional.empty() : Optional.of(fromApache(allocation)));
    }

    /** Decodes metadata with the eager-only {@code ConnectProtocol} reader: URL and offset. */
    static WorkerMetadata decodeMetadataV0(byte[] bytes) {
        ConnectProtocol.WorkerState state = ConnectProtocol.deserializeMetadata(ByteBuffer.wrap(bytes));
        return WorkerMetadata.withoutAllocation(state.url(), state.offset());
    }

    /** Decodes an assignment as a Connect 4.x worker does for every protocol, converted to our value. */
    static ConnectAssignment decodeAssignment(byte[] bytes) {
        return fromApache(IncrementalCooperativeConnectProtocol.deserializeAssignment(ByteBuffer.wrap(bytes)));
    }

    /** Decodes an assignment with the eager-only {@code ConnectProtocol} reader: no revocations, no delay. */
    static ConnectAssignment decodeAssignmentV0(byte[] bytes) {
        ConnectProtocol.Assignment a = ConnectProtocol.deserializeAssignment(ByteBuffer.wrap(bytes));
        return ConnectAssignment.eager(
                a.error(), a.leader(), a.leaderUrl(), a.offset(), fromApache(a.connectors(), a.tasks()));
    }

    static ExtendedWorkerState toApache(WorkerMetadata state) {
        return new ExtendedWorkerState(
                state.url(),
                state.configOffset(),
                state.allocation().map(a -> toApache(a, (short) 1)).orElse(null));
    }

    static ExtendedAssignment toApache(ConnectAssignment a, short version) {
        return new ExtendedAssignment(
                version,
                a.error(),
                a.leader(),
                a.leaderUrl(),
                a.configOffset(),
                new ArrayList<>(a.assigned().connectors()),
                toApache(a.assigned().tasks()),
                new ArrayList<>(a.revoked().connectors()),
                toApache(a.revoked().tasks()),
                a.delay());
    }

    static List<org.apache.kafka.connect.util.ConnectorTaskId> toApache(List<ConnectorTaskId> tasks) {
        List<org.apache.kafka.connect.util.ConnectorTaskId> out = new ArrayList<>();
        for (ConnectorTaskId t : tasks) {
            out.add(new org.apache.kafka.connect.util.ConnectorTaskId(t.connector(), t.task()));
        }
        return out;
    }

    static ConnectAssignment fromApache(ExtendedAssignment a) {
        return new ConnectAssignment(
                a.error(),
                a.leader(),
                a.leaderUrl(),
                a.offset(),
                fromApache(a.connectors(), a.tasks()),
                fromApache(a.revokedConnectors(), a.revokedTasks()),
                a.delay());
    }

    static ConnectorsAndTasks fromApache(
            java.util.Collection<String> connectors,
            java.util.Collection<org.apache.kafka.connect.util.ConnectorTaskId> tasks) {
        List<ConnectorTaskId> ours = new ArrayList<>();
        for (org.apache.kafka.connect.util.ConnectorTaskId t : tasks) {
            ours.add(new ConnectorTaskId(t.connector(), t.task()));
        }
        return new ConnectorsAndTasks(new ArrayList<>(connectors), ours);
    }

    static byte[] toArray(ByteBuffer buffer) {
        ByteBuffer view = buffer.duplicate();
        byte[] out = new byte[view.remaining()];
        view.get(out);
        return out;
    }

    /**
     * One protocol offered in JoinGroup.
     *
     * @param name the protocol name
     * @param metadata its metadata bytes
     */
    record Offered(String name, byte[] metadata) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Offered other && name.equals(other.name) && Arrays.equals(metadata, other.metadata);
        }

        @Override
        public int hashCode() {
            return 31 * name.hashCode() + Arrays.hashCode(metadata);
        }

        @Override
        public String toString() {
            return name + ":" + Arrays.toString(metadata);
        }
    }
}
