package io.kanal.runtime.membership.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kanal.client.errors.ProtocolException;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import org.apache.kafka.connect.runtime.distributed.ExtendedAssignment;
import org.apache.kafka.connect.runtime.distributed.ExtendedWorkerState;
import org.apache.kafka.connect.runtime.distributed.IncrementalCooperativeConnectProtocol;
import org.apache.kafka.connect.util.ConnectorTaskId;
import org.junit.jupiter.api.Test;

/**
 * Malformed bytes: truncated at every length, mutated, random, with negative lengths and versions. Our decoder must
 * fail with a {@link ProtocolException} exactly when Apache Connect's fails, and otherwise read what Apache reads
 * (the one deliberate difference, a task id below -1, is checked separately); nothing else may escape.
 */
class ConnectProtocolMalformedTest {

    @Property(tries = 150)
    void everyTruncatedMetadataFailsOrReadsAsConnectReadsIt(
            @ForAll("metadata") WorkerMetadata state, @ForAll ConnectProtocolCompatibility protocol) {
        byte[] full = ApacheConnect.toArray(ConnectProtocolCodec.encodeMetadata(state, protocol));
        for (int length = 0; length < full.length; length++) {
            assertSameOutcomeAsConnect(Arrays.copyOf(full, length), Kind.METADATA);
        }
    }

    @Property(tries = 150)
    void everyTruncatedAssignmentFailsOrReadsAsConnectReadsIt(
            @ForAll("assignment") ConnectAssignment assignment, @ForAll boolean sessioned) {
        ConnectProtocolCompatibility protocol =
                sessioned ? ConnectProtocolCompatibility.SESSIONED : ConnectProtocolCompatibility.COMPATIBLE;
        byte[] full = ApacheConnect.toArray(ConnectProtocolCodec.encodeAssignment(assignment, protocol));
        for (int length = 0; length < full.length; length++) {
            assertSameOutcomeAsConnect(Arrays.copyOf(full, length), Kind.ASSIGNMENT);
        }
    }

    @Property(tries = 1000)
    void mutatedBytesFailOrReadAsConnectReadsThem(
            @ForAll("metadata") WorkerMetadata state,
            @ForAll ConnectProtocolCompatibility protocol,
            @ForAll @Size(min = 1, max = 4) List<Integer> positions,
            @ForAll byte replacement) {
        byte[] metadata = ApacheConnect.toArray(ConnectProtocolCodec.encodeMetadata(state, protocol));
        for (int p : positions) {
            metadata[Math.floorMod(p, metadata.length)] = replacement;
        }
        assertSameOutcomeAsConnect(metadata, Kind.METADATA);

        byte[] assignment = state.allocation()
                .map(a -> ApacheConnect.toArray(
                        ConnectProtocolCodec.encodeAssignment(a, ConnectProtocolCompatibility.SESSIONED)))
                .orElse(metadata);
        for (int p : positions) {
            assignment[Math.floorMod(p, assignment.length)] = (byte) (replacement ^ 0x80);
        }
        assertSameOutcomeAsConnect(assignment, Kind.ASSIGNMENT);
    }

    @Property(tries = 1000)
    void randomBytesFailOrReadAsConnectReadsThem(@ForAll @Size(max = 80) byte[] bytes) {
        assertSameOutcomeAsConnect(bytes, Kind.METADATA);
        assertSameOutcomeAsConnect(bytes, Kind.ASSIGNMENT);
    }

    @Test
    void emptyInputIsMalformed() {
        assertThatThrownBy(() -> ConnectProtocolCodec.decodeMetadata(ByteBuffer.allocate(0)))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("worker metadata")
                .hasMessageContaining("'version'");
        assertThatThrownBy(() -> ConnectProtocolCodec.decodeAssignment(ByteBuffer.allocate(0)))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("assignment");
    }

    @Test
    void aNegativeVersionIsRejectedWithConnectsWording() throws IOException {
        byte[] bytes = bytes(out -> {
            out.writeShort(-1);
            string(out, "u");
            out.writeLong(0);
        });

        assertThatThrownBy(() -> ConnectProtocolCodec.decodeMetadata(ByteBuffer.wrap(bytes)))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("Unsupported subscription version: -1");
        assertThatThrownBy(() -> IncrementalCooperativeConnectProtocol.deserializeMetadata(ByteBuffer.wrap(bytes)))
                .hasMessageContaining("Unsupported subscription version: -1");
    }

    @Test
    void negativeLengthsOfStringsAndTaskArraysAreMalformed() throws IOException {
        byte[] negativeUrl = bytes(out -> {
            out.writeShort(1);
            out.writeShort(-3);
        });
        byte[] negativeTasks = assignmentPrefix(out -> {
            out.writeInt(1);
            string(out, "c");
            out.writeInt(-1);
        });

        assertThatThrownBy(() -> ConnectProtocolCodec.decodeMetadata(ByteBuffer.wrap(negativeUrl)))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("'url'")
                .hasMessageContaining("-3");
        assertThatThrownBy(() -> ConnectProtocolCodec.decodeAssignment(ByteBuffer.wrap(negativeTasks)))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("'assignment.tasks'")
                .hasMessageContaining("cannot be negative");
    }

    @Test
    void negativeLengthsOfNullableArraysAndBytesMeanNullAsInConnect() throws IOException {
        byte[] assignment = assignmentPrefix(out -> {
            out.writeInt(-7);
            out.writeInt(-1);
            out.writeInt(250);
        });
        byte[] metadata = bytes(out -> {
            out.writeShort(2);
            string(out, "u");
            out.writeLong(9L);
            out.writeInt(-42);
        });

        ConnectAssignment decoded = ConnectProtocolCodec.decodeAssignment(ByteBuffer.wrap(assignment));
        assertThat(decoded.assigned().isEmpty()).isTrue();
        assertThat(decoded.revoked().isEmpty()).isTrue();
        assertThat(decoded.delay()).isEqualTo(250);
        assertThat(decoded).isEqualTo(ApacheConnect.decodeAssignment(assignment));
        assertThat(ConnectProtocolCodec.decodeMetadata(ByteBuffer.wrap(metadata)))
                .isEqualTo(WorkerMetadata.withoutAllocation("u", 9L))
                .isEqualTo(ApacheConnect.decodeMetadata(metadata));
    }

    @Test
    void arraysLongerThanTheBytesOrConnectsLimitAreMalformedBeforeAllocating() throws IOException {
        byte[] huge = assignmentPrefix(out -> out.writeInt(2_000_000));
        byte[] long1000 = assignmentPrefix(out -> {
            out.writeInt(1000);
            string(out, "c");
        });

        assertThatThrownBy(() -> ConnectProtocolCodec.decodeAssignment(ByteBuffer.wrap(huge)))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("maximum allowed size");
        assertThatThrownBy(() -> ConnectProtocolCodec.decodeAssignment(ByteBuffer.wrap(long1000)))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("cannot fit");
    }

    @Test
    void aMalformedAllocationIsReportedAsPartOfTheMetadata() throws IOException {
        byte[] emptyAllocation = bytes(out -> {
            out.writeShort(1);
            string(out, "u");
            out.writeLong(9L);
            out.writeInt(0);
        });

        assertThatThrownBy(() -> ConnectProtocolCodec.decodeMetadata(ByteBuffer.wrap(emptyAllocation)))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("worker metadata, field 'allocation'");
        assertThatThrownBy(() -> ApacheConnect.decodeMetadata(emptyAllocation)).isInstanceOf(RuntimeException.class);
    }

    @Test
    void aTaskIdBelowMinusOneIsRejectedWhereConnectWouldAcceptIt() throws IOException {
        byte[] bytes = assignmentPrefix(out -> {
            out.writeInt(1);
            string(out, "c");
            out.writeInt(1);
            out.writeInt(-2);
        });

        assertThatThrownBy(() -> ConnectProtocolCodec.decodeAssignment(ByteBuffer.wrap(bytes)))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("task id -2");
        assertThat(IncrementalCooperativeConnectProtocol.deserializeAssignment(ByteBuffer.wrap(bytes))
                        .tasks())
                .containsExactly(new ConnectorTaskId("c", -2));
    }

    @Provide
    Arbitrary<WorkerMetadata> metadata() {
        return ConnectValues.metadata();
    }

    @Provide
    Arbitrary<ConnectAssignment> assignment() {
        return ConnectValues.assignment();
    }

    private enum Kind {
        METADATA,
        ASSIGNMENT
    }

    /** Ours fails with ProtocolException iff Connect fails; else both read the same value. */
    private static void assertSameOutcomeAsConnect(byte[] bytes, Kind kind) {
        Object theirs;
        try {
            theirs = kind == Kind.METADATA
                    ? IncrementalCooperativeConnectProtocol.deserializeMetadata(ByteBuffer.wrap(bytes))
                    : IncrementalCooperativeConnectProtocol.deserializeAssignment(ByteBuffer.wrap(bytes));
        } catch (RuntimeException connectFailed) {
            assertThatThrownBy(() -> decode(bytes, kind))
                    .as("Connect failed with %s", connectFailed)
                    .isInstanceOf(ProtocolException.class);
            return;
        }
        if (hasNegativeTask(theirs)) {
            assertThatThrownBy(() -> decode(bytes, kind))
                    .isInstanceOf(ProtocolException.class)
                    .hasMessageContaining("is negative");
            return;
        }
        Function<byte[], Object> convert =
                kind == Kind.METADATA ? ApacheConnect::decodeMetadata : ApacheConnect::decodeAssignment;
        assertThat(decode(bytes, kind)).isEqualTo(convert.apply(bytes));
    }

    private static Object decode(byte[] bytes, Kind kind) {
        return kind == Kind.METADATA
                ? ConnectProtocolCodec.decodeMetadata(ByteBuffer.wrap(bytes))
                : ConnectProtocolCodec.decodeAssignment(ByteBuffer.wrap(bytes));
    }

    private static boolean hasNegativeTask(Object decoded) {
        ExtendedAssignment a =
                decoded instanceof ExtendedWorkerState state ? state.assignment() : (ExtendedAssignment) decoded;
        return a.tasks().stream().anyMatch(t -> t.task() < 0)
                || a.revokedTasks().stream().anyMatch(t -> t.task() < 0);
    }

    private interface Writes {
        void write(DataOutputStream out) throws IOException;
    }

    /** A version-1 assignment up to and including the config offset, then {@code rest}. */
    private static byte[] assignmentPrefix(Writes rest) throws IOException {
        return bytes(out -> {
            out.writeShort(1);
            out.writeShort(0);
            string(out, "l");
            string(out, "u");
            out.writeLong(1L);
            rest.write(out);
        });
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
}
