package io.kanal.client.network;

import static org.assertj.core.api.Assertions.assertThat;

import io.kanal.client.protocol.message.ProduceRequest;
import io.kanal.client.protocol.message.SyncGroupRequest;
import io.kanal.client.protocol.wire.WireWriter;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GatheredBytesTest {
    private static ByteBuffer bytes(int size, int seed) {
        byte[] b = new byte[size];
        for (int i = 0; i < size; i++) {
            b[i] = (byte) (seed + i * 31);
        }
        return ByteBuffer.wrap(b);
    }

    private static ProduceRequest request(ByteBuffer... records) {
        List<ProduceRequest.PartitionProduceData> partitions = new java.util.ArrayList<>();
        for (int i = 0; i < records.length; i++) {
            partitions.add(ProduceRequest.PartitionProduceData.builder()
                    .index(i)
                    .records(records[i])
                    .build());
        }
        return ProduceRequest.builder()
                .acks((short) -1)
                .timeoutMs(30_000)
                .topicData(List.of(ProduceRequest.TopicProduceData.builder()
                        .name("t")
                        .partitionData(partitions)
                        .build()))
                .build();
    }

    @ParameterizedTest
    @ValueSource(shorts = {3, 8, 9, 12})
    void aGatheredRequestHasTheSameBytesAndReferencesTheLargeBatches(short version) {
        ByteBuffer small = bytes(10, 1);
        ByteBuffer large = bytes(5000, 2);
        ByteBuffer atThreshold = bytes(WireWriter.MIN_GATHERED_BYTES, 3);
        // A slice that does not start at its array's offset 0, as a pooled batch buffer's slice does.
        ByteBuffer sliced = bytes(3000, 4).position(100).slice();
        ProduceRequest body = request(small, large, null, atThreshold, sliced);

        ByteBuffer plain = ByteBuffer.allocate(body.size(version));
        body.write(new WireWriter(plain), version);

        int gathered = GatheredBytes.of(body);
        assertThat(gathered).isEqualTo(5000 + WireWriter.MIN_GATHERED_BYTES + 2900);
        ByteBuffer own = ByteBuffer.allocate(body.size(version) - gathered);
        WireWriter writer = WireWriter.gathering(own);
        body.write(writer, version);
        assertThat(own.hasRemaining()).isFalse();
        ByteBuffer[] segments = writer.segments();

        ByteBuffer joined = ByteBuffer.allocate(plain.capacity());
        for (ByteBuffer s : segments) {
            joined.put(s.duplicate());
        }
        assertThat(joined.array()).isEqualTo(plain.array());
        // The large batches are the caller's memory, not copies; the small one was copied into the writer's buffer.
        assertThat(Arrays.stream(segments).filter(s -> s.array() == large.array()))
                .hasSize(1);
        assertThat(Arrays.stream(segments).filter(s -> s.array() == sliced.array()))
                .hasSize(1);
        assertThat(Arrays.stream(segments).filter(s -> s.array() == small.array()))
                .isEmpty();
        assertThat(large.position()).isZero();
    }

    @ParameterizedTest
    @ValueSource(shorts = {3, 12})
    void aRequestWithoutLargeFieldsIsOneBuffer(short version) {
        ProduceRequest body = request(bytes(10, 1), bytes(WireWriter.MIN_GATHERED_BYTES - 1, 2));
        assertThat(GatheredBytes.of(body)).isZero();
        ByteBuffer own = ByteBuffer.allocate(body.size(version));
        WireWriter writer = WireWriter.gathering(own);
        body.write(writer, version);
        assertThat(writer.segments()).hasSize(1);
    }

    @ParameterizedTest
    @ValueSource(shorts = {0, 5})
    void anotherRequestWithALargeBytesFieldIsCopiedWhole(short version) {
        // A leader's SyncGroup with a Connect assignment above the gathering threshold.
        ByteBuffer assignment = bytes(5000, 5);
        SyncGroupRequest body = SyncGroupRequest.builder()
                .groupId("connect-cluster")
                .generationId(3)
                .memberId("leader")
                .protocolType("connect")
                .protocolName("sessioned")
                .assignments(List.of(SyncGroupRequest.SyncGroupRequestAssignment.builder()
                        .memberId("leader")
                        .assignment(assignment)
                        .build()))
                .build();
        ByteBuffer plain = ByteBuffer.allocate(body.size(version));
        body.write(new WireWriter(plain), version);

        assertThat(GatheredBytes.of(body)).isZero();
        ByteBuffer own = ByteBuffer.allocate(body.size(version));
        WireWriter writer = GatheredBytes.writer(body, own);
        body.write(writer, version);
        assertThat(own.hasRemaining()).isFalse();
        assertThat(writer.segments()).hasSize(1);
        assertThat(own.array()).isEqualTo(plain.array());
    }
}
