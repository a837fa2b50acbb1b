package io.kanal.client.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kanal.client.errors.ProtocolException;
import io.kanal.client.errors.UnsupportedVersionException;
import io.kanal.client.protocol.message.ApiVersionsRequest;
import io.kanal.client.protocol.message.ListOffsetsRequest;
import io.kanal.client.protocol.message.MetadataRequest;
import io.kanal.client.protocol.message.ProduceRequest;
import io.kanal.client.protocol.wire.Message;
import io.kanal.client.protocol.wire.WireReader;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * Malformed bytes fed to every decoder: random bytes and mutated valid encodings either decode or raise
 * {@link ProtocolException}; nothing else escapes, nothing hangs or allocates without bound.
 */
class MalformedInputTest {
    private static final List<SpecCatalog.Case> CASES = SpecCatalog.cases();

    @Provide
    Arbitrary<SpecCatalog.Case> cases() {
        return Arbitraries.of(CASES);
    }

    @Property(tries = 3000)
    void randomBytesRaiseOnlyProtocolException(@ForAll("cases") SpecCatalog.Case c, @ForAll byte[] bytes) {
        decodeExpectingOnlyProtocolException(c, ByteBuffer.wrap(bytes));
    }

    @Property(tries = 3000)
    void mutatedEncodingsRaiseOnlyProtocolException(
            @ForAll("cases") SpecCatalog.Case c, @ForAll long seed, @ForAll boolean truncate) {
        Random random = new Random(seed);
        Message valid = (Message) new RandomMessages(seed).message(c.spec(), c.registry(), c.type(), c.version());
        byte[] bytes = valid.toByteBuffer(c.version()).array();
        if (bytes.length == 0) {
            return;
        }
        int flips = 1 + random.nextInt(4);
        for (int i = 0; i < flips; i++) {
            int at = random.nextInt(bytes.length);
            bytes[at] = random.nextBoolean() ? (byte) random.nextInt() : (byte) (bytes[at] ^ (1 << random.nextInt(8)));
        }
        int length = truncate ? random.nextInt(bytes.length) : bytes.length;
        decodeExpectingOnlyProtocolException(c, ByteBuffer.wrap(bytes, 0, length));
    }

    private static void decodeExpectingOnlyProtocolException(SpecCatalog.Case c, ByteBuffer bytes) {
        try {
            MessageRoundTripTest.read(c.type(), bytes, c.version());
        } catch (ProtocolException expected) {
            assertThat(expected.getMessage()).contains(c.spec().name()).contains("v" + c.version());
        } catch (Throwable other) {
            throw new AssertionError("decoding " + c + " threw " + other, other);
        }
    }

    @Test
    void hugeArrayLengthIsRejectedBeforeAllocating() {
        ByteBuffer bytes =
                ByteBuffer.allocate(8).putInt(Integer.MAX_VALUE).putInt(0).flip();
        assertThatThrownBy(() -> MetadataRequest.read(new WireReader(bytes), (short) 4))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("MetadataRequest v4")
                .hasMessageContaining("MetadataRequest.Topics")
                .hasMessageContaining("cannot fit");
    }

    @Test
    void truncatedStringNamesTheField() {
        // A compact string announcing 10 bytes with only 2 present.
        ByteBuffer bytes = ByteBuffer.wrap(new byte[] {11, 'a', 'b'});
        assertThatThrownBy(() -> ApiVersionsRequest.read(new WireReader(bytes), (short) 3))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("ApiVersionsRequest.ClientSoftwareName")
                .hasMessageContaining("needs 10 bytes but only 2 remain");
    }

    @Test
    void nonDefaultFieldAtAVersionWithoutItIsRefused() {
        // IsolationLevel arrived in ListOffsets v2 and is not ignorable: read_committed cannot be asked for at v1.
        ListOffsetsRequest request =
                ListOffsetsRequest.builder().isolationLevel((byte) 1).build();
        assertThatThrownBy(() -> request.toByteBuffer((short) 1))
                .isInstanceOf(UnsupportedVersionException.class)
                .hasMessageContaining("ListOffsetsRequest.IsolationLevel")
                .hasMessageContaining("version 1");
        assertThat(request.toByteBuffer((short) 2).remaining()).isPositive();
    }

    @Test
    void ignorableFieldIsDroppedAtAVersionWithoutIt() {
        ApiVersionsRequest request =
                ApiVersionsRequest.builder().clientSoftwareName("kanal").build();
        ApiVersionsRequest decoded =
                ApiVersionsRequest.read(new WireReader(request.toByteBuffer((short) 2)), (short) 2);
        assertThat(decoded.clientSoftwareName()).isEmpty();
    }

    @Test
    void versionsOutsideTheSpecAreRefused() {
        assertThatThrownBy(() -> ProduceRequest.builder().build().toByteBuffer((short) 2))
                .isInstanceOf(UnsupportedVersionException.class)
                .hasMessageContaining("ProduceRequest has no version 2");
    }
}
