package io.kanal.runtime.store.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.storage.MemoryOffsetBackingStore;
import org.apache.kafka.connect.storage.OffsetStorageReaderImpl;
import org.apache.kafka.connect.storage.OffsetStorageWriter;
import org.apache.kafka.connect.storage.OffsetUtils;
import org.junit.jupiter.api.Test;

/**
 * The offsets topic's records against Apache Kafka Connect's own {@code OffsetStorageWriter} and {@code
 * OffsetStorageReaderImpl} (over an in-memory backing store, with Connect's internal converters): our key and value
 * bytes equal the ones Connect hands its backing store, Connect reads ours, we read theirs, and partitions and offsets
 * survive a round trip.
 */
class OffsetRecordCodecGoldenTest {

    private final OffsetRecordCodec codec = new OffsetRecordCodec();

    /** Connect's in-memory offsets store, whose raw key and value bytes the test can see. */
    static final class CapturingStore extends MemoryOffsetBackingStore {
        Map<ByteBuffer, ByteBuffer> raw() {
            return data;
        }

        @Override
        public Set<Map<String, Object>> connectorPartitions(String connectorName) {
            return Set.of();
        }
    }

    static JsonConverter internalConverter(boolean isKey) {
        JsonConverter converter = new JsonConverter();
        converter.configure(Map.of("schemas.enable", "false"), isKey);
        return converter;
    }

    private static Map.Entry<byte[], byte[]> writeWithConnect(
            String connector, Map<String, ?> partition, Map<String, ?> offset) throws Exception {
        CapturingStore store = new CapturingStore();
        store.start();
        try {
            OffsetStorageWriter writer =
                    new OffsetStorageWriter(store, connector, internalConverter(true), internalConverter(false));
            writer.offset(partition, offset);
            assertThat(writer.beginFlush()).isTrue();
            writer.doFlush((error, result) -> {}).get(10, TimeUnit.SECONDS);
            Map.Entry<ByteBuffer, ByteBuffer> e =
                    store.raw().entrySet().iterator().next();
            return Map.entry(
                    e.getKey().array(),
                    e.getValue() == null ? new byte[0] : e.getValue().array());
        } finally {
            store.stop();
        }
    }

    private static Map<String, Object> readWithConnect(
            String connector, Map<String, ?> partition, byte[] key, byte[] value) {
        CapturingStore store = new CapturingStore();
        store.start();
        try {
            store.raw().put(ByteBuffer.wrap(key), value == null ? null : ByteBuffer.wrap(value));
            return new OffsetStorageReaderImpl(store, connector, internalConverter(true), internalConverter(false))
                    .offset(partition);
        } finally {
            store.stop();
        }
    }

    @Property(tries = 300)
    void ourBytesAreTheBytesConnectsWriterProducesAndEachSideReadsTheOther(
            @ForAll("connectors") String connector,
            @ForAll("flatMaps") Map<String, Object> partition,
            @ForAll("flatMaps") Map<String, Object> offset)
            throws Exception {
        Map.Entry<byte[], byte[]> theirs = writeWithConnect(connector, partition, offset);
        byte[] key = codec.encodeKey(connector, partition);
        byte[] value = codec.encodeValue(offset);

        assertThat(text(key)).isEqualTo(text(theirs.getKey()));
        assertThat(text(value)).isEqualTo(text(theirs.getValue()));
        assertThat(codec.decodeKey(theirs.getKey())).satisfies(k -> {
            assertThat(k.connector()).isEqualTo(connector);
            assertThat(k.partition()).isEqualTo(asRead(partition));
        });
        assertThat(codec.decodeValue(key, theirs.getValue())).contains(asRead(offset));
        assertThat(readWithConnect(connector, partition, key, value)).isEqualTo(asRead(offset));
    }

    @Property(tries = 300)
    void nestedValuesAreWrittenAsConnectsConverterWritesThemAndRoundTrip(
            @ForAll("nestedMaps") Map<String, Object> partition, @ForAll("nestedMaps") Map<String, Object> offset) {
        JsonConverter keys = internalConverter(true);
        byte[] theirKey = keys.fromConnectData("src", null, Arrays.asList("src", partition));
        byte[] theirValue = internalConverter(false).fromConnectData("src", null, offset);

        byte[] key = codec.encodeKey("src", partition);
        byte[] value = codec.encodeValue(offset);
        assertThat(text(key)).isEqualTo(text(theirKey));
        assertThat(text(value)).isEqualTo(text(theirValue));
        assertThat(codec.decodeKey(key)).isEqualTo(new OffsetRecordCodec.OffsetKey("src", partition));
        assertThat(codec.decodeValue(key, value)).contains(offset);
    }

    @Property(tries = 200)
    void theFormatRuleRejectsWhatConnectsWriterRejects(@ForAll("nestedMaps") Map<String, Object> offset) {
        boolean connectAccepts;
        try {
            OffsetUtils.validateFormat(offset);
            connectAccepts = true;
        } catch (DataException e) {
            connectAccepts = false;
        }
        boolean weAccept;
        try {
            OffsetRecordCodec.checkConnectFormat(offset);
            weAccept = true;
        } catch (IllegalArgumentException e) {
            weAccept = false;
        }
        assertThat(weAccept).isEqualTo(connectAccepts);
    }

    @Test
    void aNullOffsetIsATombstone() throws Exception {
        Map.Entry<byte[], byte[]> theirs = writeWithConnect("src", Map.of("file", "a"), null);
        assertThat(theirs.getValue()).isEmpty(); // stands for Connect's null value
        assertThat(codec.encodeValue(null)).isNull();
        assertThat(codec.decodeValue(theirs.getKey(), null)).isEmpty();
        assertThat(codec.decodeValue(theirs.getKey(), utf8("null"))).isEmpty();
    }

    @Test
    void malformedKeysAndValuesFailWithTheKey() {
        for (String key : List.of("{}", "[\"src\"]", "[1,{}]", "[\"src\",[]]", "[\"src\",null]", "[\"a\",{},3]")) {
            assertThatThrownBy(() -> codec.decodeKey(utf8(key)))
                    .as(key)
                    .isInstanceOfSatisfying(InternalRecordException.class, e -> {
                        assertThat(e.reason()).isEqualTo(InternalRecordException.Reason.MALFORMED_KEY);
                        assertThat(e.key()).isEqualTo(key);
                    });
        }
        assertThatThrownBy(() -> codec.decodeKey(utf8("[\"src\",{")))
                .isInstanceOfSatisfying(InternalRecordException.class, e -> assertThat(e.reason())
                        .isEqualTo(InternalRecordException.Reason.MALFORMED_JSON));
        assertThatThrownBy(() -> codec.decodeKey(null)).isInstanceOf(InternalRecordException.class);
        assertThatThrownBy(() -> codec.decodeValue(utf8("[\"src\",{}]"), utf8("[1]")))
                .isInstanceOfSatisfying(InternalRecordException.class, e -> {
                    assertThat(e.reason()).isEqualTo(InternalRecordException.Reason.WRONG_SHAPE);
                    assertThat(e.getMessage()).contains("[\"src\",{}]");
                });
    }

    /** What a map of Java values reads back as: integral numbers as Long, others as Double. */
    private static Map<String, Object> asRead(Map<String, Object> map) {
        if (map == null) {
            return null;
        }
        Map<String, Object> read = new LinkedHashMap<>();
        map.forEach((k, v) -> read.put(k, v instanceof Integer i ? Long.valueOf(i) : v));
        return read;
    }

    @Provide
    Arbitrary<String> connectors() {
        return Arbitraries.of("src", "file-source", "ünï \"quoted\"", "a\\b");
    }

    private static Arbitrary<String> fieldNames() {
        return Arbitraries.of("file", "position", "lsn", "table", "é", "with \"quote\"", "x\ny");
    }

    private static Arbitrary<Object> primitives() {
        return Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(20).map(s -> (Object) s),
                Arbitraries.longs().map(l -> (Object) l),
                Arbitraries.integers().map(i -> (Object) i),
                Arbitraries.doubles().map(d -> (Object) d),
                Arbitraries.of(Boolean.TRUE, Boolean.FALSE).map(b -> (Object) b),
                Arbitraries.just(null));
    }

    @Provide
    Arbitrary<Map<String, Object>> flatMaps() {
        return Arbitraries.maps(fieldNames(), primitives()).ofMaxSize(5).map(LinkedHashMap::new);
    }

    /** JSON-native values (Long, Double, String, Boolean, null, lists and maps), which read back as written. */
    @Provide
    Arbitrary<Map<String, Object>> nestedMaps() {
        return Arbitraries.maps(fieldNames(), nested(2)).ofMaxSize(4).map(LinkedHashMap::new);
    }

    private static Arbitrary<Object> nested(int depth) {
        Arbitrary<Object> leaf = Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(10).map(s -> (Object) s),
                Arbitraries.longs().map(l -> (Object) l),
                Arbitraries.doubles().map(d -> (Object) d),
                Arbitraries.of(Boolean.TRUE, Boolean.FALSE).map(b -> (Object) b),
                Arbitraries.just(null));
        if (depth == 0) {
            return leaf;
        }
        Arbitrary<Object> list = nested(depth - 1).list().ofMaxSize(3).map(l -> (Object) new ArrayList<>(l));
        Arbitrary<Object> map = Arbitraries.maps(fieldNames(), nested(depth - 1))
                .ofMaxSize(3)
                .map(m -> (Object) new LinkedHashMap<>(m));
        return Arbitraries.frequencyOf(List.of(
                net.jqwik.api.Tuple.of(4, leaf), net.jqwik.api.Tuple.of(1, list), net.jqwik.api.Tuple.of(1, map)));
    }

    private static String text(byte[] bytes) {
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
