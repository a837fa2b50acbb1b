package io.kanal.client.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.kanal.client.protocol.wire.Message;
import io.kanal.client.protocol.wire.WireReader;
import java.lang.reflect.InvocationTargetException;
import java.nio.ByteBuffer;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Every generated message at every valid version: write, read back, compare; and size equals the bytes written. */
class MessageRoundTripTest {
    private static final int SAMPLES = 25;

    @TestFactory
    Stream<DynamicTest> everyMessageAndVersionRoundTrips() {
        return SpecCatalog.cases().stream()
                .map(c -> DynamicTest.dynamicTest(c.toString(), () -> {
                    RandomMessages random = new RandomMessages(c.toString().hashCode());
                    for (int i = 0; i < SAMPLES; i++) {
                        Message original = (Message) random.message(c.spec(), c.registry(), c.type(), c.version());
                        ByteBuffer bytes = original.toByteBuffer(c.version());
                        assertThat(bytes.remaining()).as("size of %s", c).isEqualTo(original.size(c.version()));
                        Object decoded = read(c.type(), bytes, c.version());
                        assertThat(decoded).as("%s sample %d", c, i).isEqualTo(original);
                        assertThat(bytes.hasRemaining())
                                .as("bytes left after reading %s", c)
                                .isFalse();
                    }
                }));
    }

    static Object read(Class<?> type, ByteBuffer bytes, short version) throws Throwable {
        try {
            return type.getMethod("read", WireReader.class, short.class).invoke(null, new WireReader(bytes), version);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
