package io.kanal.runtime.membership.protocol;

import io.kanal.client.errors.ProtocolException;
import io.kanal.client.group.ProtocolMetadata;
import io.kanal.runtime.herder.ConnectorTaskId;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Connect's worker group bytes, identical to Apache Kafka Connect 4.x ({@code ConnectProtocol} for version 0,
 * {@code IncrementalCooperativeConnectProtocol} for versions 1 and 2).
 *
 * <pre>
 * WorkerMetadata  => Version:int16 Url:string ConfigOffset:int64 [Allocation:nullable bytes (v1+)]
 * Allocation      => a ConnectAssignment, written with the same header version
 * ConnectAssignment => Version:int16 Error:int16 Leader:string LeaderUrl:string ConfigOffset:int64
 *                      Assignment:[ConnectorAssignment] [Revoked:[ConnectorAssignment] ScheduledDelay:int32 (v1+)]
 * ConnectorAssignment => Connector:string Tasks:[int32]     (task -1 = the Connector instance itself)
 * </pre>
 *
 * <p><b>Writing</b> follows Connect's grouping, which decides the byte order: assigned connectors are grouped in the
 * iteration order of a {@code java.util.HashSet} built from the connector list (as Connect's {@code
 * Assignment.asMap} does; repeats collapse), then tasks are appended to their connector's entry in list order, new
 * connectors entering at the end; revoked connectors keep their first-seen order ({@code revokedAsMap}). The same
 * values therefore give the same bytes as an Apache worker on the same JDK.
 *
 * <p><b>Reading</b> is the same for every version, as in Connect 4.x, where both assignors decode member metadata
 * and every worker decodes its assignment with the version-1 reader whatever protocol was chosen: a negative
 * version is malformed; any other version, including ones newer than 2, is read with the version-1 layout and
 * trailing bytes are ignored (forward compatibility: newer versions only append fields). Fields from Allocation and
 * Assignment on may be missing when the bytes end exactly before them (Kafka's {@code
 * TOLERATE_MISSING_FIELDS_WITH_DEFAULTS}): they read as empty, and the delay as 0, which is how version-0 bytes
 * decode. Nullable arrays and bytes with any negative length read as null (empty), as Kafka's types do. One
 * deliberate difference: a task id below -1 is rejected (Connect would build a task with a negative number).
 * The version read is not kept: Connect records it in {@code ExtendedAssignment.version()} but never uses it, and
 * what a peer speaks is the protocol name the coordinator chose.
 * Malformed bytes raise {@link ProtocolException}; the input buffer's position is not moved.
 *
 * <p>Stateless and thread-safe.
 */
public final class ConnectProtocolCodec {
    /** The protocol type of Connect worker groups. */
    public static final String PROTOCOL_TYPE = "connect";

    /** The task id that stands for the connector's own instance. */
    public static final int CONNECTOR_TASK = -1;

    /** The smallest ConnectorAssignment: an empty string and an empty array. */
    private static final int MIN_CONNECTOR_ASSIGNMENT_SIZE = 2 + 4;

    private ConnectProtocolCodec() {}

    /**
     * The protocols and metadata a worker configured with {@code configured} sends in JoinGroup, most preferred
     * first, as Connect's {@code metadataRequest}: each entry is {@code state} encoded at that protocol's version
     * (the {@code default} entry without the allocation). Fits {@code GroupProtocol.metadata()}.
     *
     * @param state this worker's URL, config offset and held assignment
     * @param configured the {@code connect.protocol} setting
     * @return the protocols in offer order
     */
    public static List<ProtocolMetadata> metadataRequest(
            WorkerMetadata state, ConnectProtocolCompatibility configured) {
        List<ProtocolMetadata> protocols = new ArrayList<>();
        for (ConnectProtocolCompatibility protocol : configured.offered()) {
            protocols.add(new ProtocolMetadata(protocol.protocolName(), encodeMetadata(state, protocol)));
        }
        return List.copyOf(protocols);
    }

    /**
     * Encodes a worker's JoinGroup metadata at a protocol's version. Under {@link ConnectProtocolCompatibility#EAGER}
     * the allocation is left out (version 0 has no such field).
     *
     * @param state the worker's state
     * @param protocol the protocol
     * @return the bytes, ready to read; the buffer's array holds exactly them
     * @throws IllegalArgumentException if a string is longer than 32767 UTF-8 bytes
     */
    public static ByteBuffer encodeMetadata(WorkerMetadata state, ConnectProtocolCompatibility protocol) {
        ConnectWireWriter out = new ConnectWireWriter();
        out.writeInt16(protocol.version());
        out.writeString(state.url(), "url");
        out.writeInt64(state.configOffset());
        if (protocol.cooperative()) {
            ByteBuffer allocation =
                    state.allocation().map(a -> encodeAssignment(a, protocol)).orElse(null);
            out.writeNullableBytes(allocation);
        }
        return out.toBuffer();
    }

    /**
     * Decodes a worker's JoinGroup metadata, whatever protocol it was sent for (see the class comment).
     *
     * @param bytes the metadata, from position to limit; not moved
     * @return the metadata
     * @throws ProtocolException if the bytes are malformed
     */
    public static WorkerMetadata decodeMetadata(ByteBuffer bytes) {
        ConnectWireReader in = new ConnectWireReader(bytes, "worker metadata");
        readVersion(in);
        in.field("url");
        String url = in.readString();
        in.field("config-offset");
        long configOffset = in.readInt64();
        Optional<ConnectAssignment> allocation = Optional.empty();
        if (in.hasRemaining()) {
            in.field("allocation");
            ByteBuffer allocationBytes = in.readNullableBytes();
            if (allocationBytes != null) {
                try {
                    allocation = Optional.of(decodeAssignment(allocationBytes));
                } catch (ProtocolException e) {
                    throw new ProtocolException(
                            "Malformed Connect worker metadata, field 'allocation': " + e.getMessage(), e);
                }
            }
        }
        return new WorkerMetadata(url, configOffset, allocation);
    }

    /**
     * Encodes the leader's assignment for one worker at a protocol's version.
     *
     * @param assignment the assignment
     * @param protocol the protocol chosen for the generation
     * @return the bytes, ready to read; the buffer's array holds exactly them
     * @throws IllegalArgumentException under {@link ConnectProtocolCompatibility#EAGER} if the assignment revokes
     *     anything or has a delay (version 0 cannot say so, and an eager leader never does), or if a string is
     *     longer than 32767 UTF-8 bytes
     */
    public static ByteBuffer encodeAssignment(ConnectAssignment assignment, ConnectProtocolCompatibility protocol) {
        if (!protocol.cooperative() && (!assignment.revoked().isEmpty() || assignment.delay() != 0)) {
            throw new IllegalArgumentException(
                    "the eager Connect protocol (version 0) has no revocations or scheduled delay: " + assignment);
        }
        ConnectWireWriter out = new ConnectWireWriter();
        out.writeInt16(protocol.version());
        out.writeInt16(assignment.error());
        out.writeString(assignment.leader(), "leader");
        out.writeString(assignment.leaderUrl(), "leader-url");
        out.writeInt64(assignment.configOffset());
        writeEntries(out, grouped(new HashSet<>(assignment.assigned().connectors()), assignment.assigned()));
        if (protocol.cooperative()) {
            writeEntries(out, grouped(new LinkedHashSet<>(assignment.revoked().connectors()), assignment.revoked()));
            out.writeInt32(assignment.delay());
        }
        return out.toBuffer();
    }

    /**
     * Decodes an assignment, whatever protocol it was sent for (see the class comment).
     *
     * @param bytes the assignment, from position to limit; not moved
     * @return the assignment
     * @throws ProtocolException if the bytes are malformed
     */
    public static ConnectAssignment decodeAssignment(ByteBuffer bytes) {
        ConnectWireReader in = new ConnectWireReader(bytes, "assignment");
        readVersion(in);
        in.field("error");
        short error = in.readInt16();
        in.field("leader");
        String leader = in.readString();
        in.field("leader-url");
        String leaderUrl = in.readString();
        in.field("config-offset");
        long configOffset = in.readInt64();
        ConnectorsAndTasks assigned = in.hasRemaining() ? readEntries(in, "assignment") : ConnectorsAndTasks.empty();
        ConnectorsAndTasks revoked = in.hasRemaining() ? readEntries(in, "revoked") : ConnectorsAndTasks.empty();
        int delay = 0;
        if (in.hasRemaining()) {
            in.field("delay");
            delay = in.readInt32();
        }
        return new ConnectAssignment(error, leader, leaderUrl, configOffset, assigned, revoked, delay);
    }

    private static void readVersion(ConnectWireReader in) {
        in.field("version");
        short version = in.readInt16();
        if (version < 0) {
            // Connect's SchemaException text; any version >= 0 is read forward-compatibly.
            throw in.error("Unsupported subscription version: " + version);
        }
    }

    /** Connector → task ids (-1 first for each connector in {@code connectorOrder}), in Connect's entry order. */
    private static Map<String, List<Integer>> grouped(Iterable<String> connectorOrder, ConnectorsAndTasks values) {
        Map<String, List<Integer>> entries = new LinkedHashMap<>();
        for (String connector : connectorOrder) {
            entries.computeIfAbsent(connector, c -> new ArrayList<>()).add(CONNECTOR_TASK);
        }
        for (ConnectorTaskId task : values.tasks()) {
            entries.computeIfAbsent(task.connector(), c -> new ArrayList<>()).add(task.task());
        }
        return entries;
    }

    private static void writeEntries(ConnectWireWriter out, Map<String, List<Integer>> entries) {
        out.writeInt32(entries.size());
        for (Map.Entry<String, List<Integer>> entry : entries.entrySet()) {
            out.writeString(entry.getKey(), "connector");
            out.writeInt32(entry.getValue().size());
            for (int task : entry.getValue()) {
                out.writeInt32(task);
            }
        }
    }

    private static ConnectorsAndTasks readEntries(ConnectWireReader in, String field) {
        in.field(field);
        int count = in.readArrayLength(true, MIN_CONNECTOR_ASSIGNMENT_SIZE);
        if (count < 0) {
            return ConnectorsAndTasks.empty();
        }
        List<String> connectors = new ArrayList<>();
        List<ConnectorTaskId> tasks = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            in.field(field + ".connector");
            String connector = in.readString();
            in.field(field + ".tasks");
            int taskCount = in.readArrayLength(false, 4);
            for (int t = 0; t < taskCount; t++) {
                int task = in.readInt32();
                if (task == CONNECTOR_TASK) {
                    connectors.add(connector);
                } else if (task < 0) {
                    throw in.error("task id " + task + " of connector '" + connector + "' is negative");
                } else {
                    tasks.add(new ConnectorTaskId(connector, task));
                }
            }
        }
        return new ConnectorsAndTasks(connectors, tasks);
    }
}
