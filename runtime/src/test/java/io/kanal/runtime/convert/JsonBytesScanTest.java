package io.kanal.runtime.convert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kanal.api.errors.DataException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** {@link JsonBytes#scanString}'s eight-bytes-at-a-time scan against a plain byte-by-byte one. */
class JsonBytesScanTest {

    /** Bytes after an opening quote, dense in the ones that matter, so they fall at every offset in a word. */
    @Provide
    Arbitrary<byte[]> afterQuote() {
        Arbitrary<Byte> b = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(20, Arbitraries.bytes().between((byte) 'a', (byte) 'z')),
                net.jqwik.api.Tuple.of(2, Arbitraries.of((byte) '"')),
                net.jqwik.api.Tuple.of(2, Arbitraries.of((byte) '\\')),
                net.jqwik.api.Tuple.of(1, Arbitraries.of((byte) 0x1F, (byte) 0x00, (byte) 0x20, (byte) 0x7F)),
                net.jqwik.api.Tuple.of(
                        2, Arbitraries.of((byte) 0x80, (byte) 0x9F, (byte) 0xA0, (byte) 0xC3, (byte) 0xFF)));
        return b.array(byte[].class).ofMinSize(0).ofMaxSize(40);
    }

    @Property(tries = 3000)
    void findsWhatAByteByByteScanFinds(@ForAll("afterQuote") byte[] rest) {
        byte[] buf = new byte[rest.length + 1];
        buf[0] = '"';
        System.arraycopy(rest, 0, buf, 1, rest.length);
        Object expected = reference(buf, buf.length);
        if (expected instanceof Integer result) {
            assertThat(JsonBytes.scanString(buf, 0, buf.length)).isEqualTo(result);
        } else {
            assertThatThrownBy(() -> JsonBytes.scanString(buf, 0, buf.length))
                    .isInstanceOf(DataException.class)
                    .hasMessage((String) expected);
        }
    }

    /** The specification: the result, or the message of the error. */
    private static Object reference(byte[] buf, int end) {
        boolean simple = true;
        int i = 1;
        while (i < end) {
            int b = buf[i] & 0xFF;
            if (b == '"') {
                return simple ? i : ~i;
            }
            if (b == '\\') {
                simple = false;
                i += 2;
            } else if (b < 0x20) {
                return JsonReader.malformed(
                                "control character 0x" + Integer.toHexString(b) + " in a string must be escaped", i)
                        .getMessage();
            } else {
                simple &= b < 0x80;
                i++;
            }
        }
        return JsonReader.malformed("unexpected end of input in a string", 0).getMessage();
    }
}
