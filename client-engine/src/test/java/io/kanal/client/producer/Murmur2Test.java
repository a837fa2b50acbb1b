package io.kanal.client.producer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.Random;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;

class Murmur2Test {
    @Test
    void hashesLikeKafkaClientsForRandomKeysOfEveryLength() {
        Random random = new Random(42);
        for (int i = 0; i < 20_000; i++) {
            byte[] key = new byte[random.nextInt(64)];
            random.nextBytes(key);
            assertThat(Murmur2.hash(ByteBuffer.wrap(key))).isEqualTo(Utils.murmur2(key));
            int partitions = 1 + random.nextInt(100);
            assertThat(Murmur2.partition(ByteBuffer.wrap(key), partitions))
                    .isEqualTo(Utils.toPositive(Utils.murmur2(key)) % partitions);
        }
    }

    @Test
    void readsOnlyTheRemainingBytesAndLeavesThePositionAlone() {
        byte[] key = "a-key-with-some-length".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] framed = new byte[key.length + 7];
        System.arraycopy(key, 0, framed, 3, key.length);
        ByteBuffer slice = ByteBuffer.wrap(framed, 3, key.length);
        assertThat(Murmur2.hash(slice)).isEqualTo(Utils.murmur2(key));
        assertThat(slice.position()).isEqualTo(3);
    }
}
