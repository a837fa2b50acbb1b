package io.kanal.runtime.convert;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class JsonKeyCacheTest {

    /** Names from a tiny alphabet, so that many share prefixes, lengths and slots, around the 8-byte word. */
    @Provide
    Arbitrary<List<String>> names() {
        Arbitrary<String> name = Arbitraries.strings()
                .withChars('a', 'b', '_', '1')
                .ofMinLength(0)
                .ofMaxLength(JsonKeyCache.MAX_LENGTH + 4);
        return name.list().ofMinSize(1).ofMaxSize(2000);
    }

    @Property(tries = 300)
    void neverReturnsAnotherName(
            @ForAll("names") List<String> names, @ForAll @IntRange(min = 0, max = 11) int padding) {
        JsonKeyCache cache = new JsonKeyCache();
        for (String expected : names) {
            byte[] bytes = expected.getBytes(StandardCharsets.US_ASCII);
            // The name inside a larger buffer, with `padding` bytes after it: small paddings take the short path
            // that must not read past the end of the array, and the bytes around must not leak into the name.
            byte[] buf = new byte[3 + bytes.length + padding];
            java.util.Arrays.fill(buf, (byte) 'z');
            System.arraycopy(bytes, 0, buf, 3, bytes.length);
            assertThat(cache.name(buf, 3, 3 + bytes.length)).isEqualTo(expected);
        }
    }

    @Test
    void aRepeatedNameIsTheSameInstanceAndDistinctNamesInOneSlotStayDistinct() {
        JsonKeyCache cache = new JsonKeyCache();
        byte[] buf = "{\"customer_id\":1,\"customer_no\":2}".getBytes(StandardCharsets.US_ASCII);
        String first = cache.name(buf, 2, 13);
        assertThat(first).isEqualTo("customer_id");
        assertThat(cache.name(buf, 2, 13)).isSameAs(first);
        assertThat(cache.name(buf, 18, 29)).isEqualTo("customer_no");
        // Far more names than slots: every one is still right, whatever it evicted.
        List<String> many = new ArrayList<>();
        for (int i = 0; i < JsonKeyCache.SLOTS * 4; i++) {
            many.add("f" + i);
        }
        for (int round = 0; round < 2; round++) {
            for (String name : many) {
                byte[] bytes = name.getBytes(StandardCharsets.US_ASCII);
                assertThat(cache.name(bytes, 0, bytes.length)).isEqualTo(name);
            }
        }
    }

    @Test
    void headPacksTheFirstBytesWhereverTheRangeEnds() {
        byte[] buf = "xxabcdefghij".getBytes(StandardCharsets.US_ASCII);
        long fromWord = JsonKeyCache.head(buf, 2, 5);
        byte[] exact = "abc".getBytes(StandardCharsets.US_ASCII);
        assertThat(JsonKeyCache.head(exact, 0, 3)).isEqualTo(fromWord).isEqualTo(0x636261L);
        assertThat(JsonKeyCache.head(buf, 2, 12)).isEqualTo(JsonKeyCache.head(buf, 2, 10));
    }
}
