package io.kanal.client.producer;

import static org.assertj.core.api.Assertions.assertThat;

import io.kanal.client.serialization.ByteArraySerializer;
import io.kanal.client.serialization.ByteBufferSerializer;
import io.kanal.client.serialization.IntegerSerializer;
import io.kanal.client.serialization.LongSerializer;
import io.kanal.client.serialization.StringSerializer;
import io.kanal.client.serialization.UUIDSerializer;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The built-in serializers write exactly what Kafka's do, so Kafka consumers read Kanal's records unchanged. */
class SerializersTest {
    @Test
    void matchKafkaClientsByteForByte() {
        String s = "héllo wörld";
        assertThat(new StringSerializer().serialize("t", s))
                .isEqualTo(new org.apache.kafka.common.serialization.StringSerializer().serialize("t", s));
        for (int i : new int[] {0, 1, -1, Integer.MIN_VALUE, Integer.MAX_VALUE, 123456789}) {
            assertThat(new IntegerSerializer().serialize("t", i))
                    .isEqualTo(new org.apache.kafka.common.serialization.IntegerSerializer().serialize("t", i));
        }
        for (long l : new long[] {0, 1, -1, Long.MIN_VALUE, Long.MAX_VALUE, 1234567890123L}) {
            assertThat(new LongSerializer().serialize("t", l))
                    .isEqualTo(new org.apache.kafka.common.serialization.LongSerializer().serialize("t", l));
        }
        UUID id = UUID.randomUUID();
        assertThat(new UUIDSerializer().serialize("t", id))
                .isEqualTo(new org.apache.kafka.common.serialization.UUIDSerializer().serialize("t", id));
    }

    @Test
    void nullsStayNull() {
        assertThat(new StringSerializer().serialize("t", null)).isNull();
        assertThat(new IntegerSerializer().serialize("t", null)).isNull();
        assertThat(new LongSerializer().serialize("t", null)).isNull();
        assertThat(new UUIDSerializer().serialize("t", null)).isNull();
        assertThat(new ByteArraySerializer().serialize("t", null)).isNull();
        assertThat(new ByteBufferSerializer().serializeToBuffer("t", List.of(), null))
                .isNull();
    }

    @Test
    void byteBufferSerializerTakesTheRemainingBytesWithoutMovingThePosition() {
        ByteBuffer b = ByteBuffer.wrap(new byte[] {9, 1, 2, 3, 9}, 1, 3);
        assertThat(new ByteBufferSerializer().serialize("t", b)).containsExactly(1, 2, 3);
        ByteBuffer view = new ByteBufferSerializer().serializeToBuffer("t", List.of(), b);
        assertThat(view.remaining()).isEqualTo(3);
        assertThat(b.position()).isEqualTo(1);
    }
}
