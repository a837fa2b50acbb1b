package io.kanal.api.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kanal.api.errors.DataException;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class HeadersTest {

    private static final Schema INTS = SchemaBuilder.array(Schema.INT32_SCHEMA).build();
    private static final Schema DICT =
            SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.INT32_SCHEMA).build();
    private static final Schema POINT =
            SchemaBuilder.struct().field("x", Schema.INT32_SCHEMA).build();

    /** The same typed add on both sides, Kanal's and Apache's. */
    private record Case(
            String name,
            Function<Headers, Headers> kanal,
            Function<org.apache.kafka.connect.header.ConnectHeaders, org.apache.kafka.connect.header.Headers> apache) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> typedAdds() {
        Struct point = new Struct(POINT).put("x", 1);
        java.util.Date midnight = new java.util.Date(86_400_000L * 3);
        byte[] bytes = {1}; // one instance: header values compare with equals, so arrays by identity, as in Connect
        return Stream.of(
                        new Case("string", h -> h.addString("k", "v"), h -> h.addString("k", "v")),
                        new Case("null string", h -> h.addString("k", null), h -> h.addString("k", null)),
                        new Case("bytes", h -> h.addBytes("k", bytes), h -> h.addBytes("k", bytes)),
                        new Case("null bytes", h -> h.addBytes("k", null), h -> h.addBytes("k", null)),
                        new Case("boolean", h -> h.addBoolean("k", true), h -> h.addBoolean("k", true)),
                        new Case("byte", h -> h.addByte("k", (byte) 1), h -> h.addByte("k", (byte) 1)),
                        new Case("short", h -> h.addShort("k", (short) 1), h -> h.addShort("k", (short) 1)),
                        new Case("int", h -> h.addInt("k", 1), h -> h.addInt("k", 1)),
                        new Case("long", h -> h.addLong("k", 1L), h -> h.addLong("k", 1L)),
                        new Case("float", h -> h.addFloat("k", 1f), h -> h.addFloat("k", 1f)),
                        new Case("double", h -> h.addDouble("k", 1d), h -> h.addDouble("k", 1d)),
                        new Case(
                                "list",
                                h -> h.addList("k", List.of(1), INTS),
                                h -> h.addList("k", List.of(1), ApacheData.schemaToApache(INTS))),
                        new Case("null list", h -> h.addList("k", null, INTS), h -> h.addList("k", null, null)),
                        new Case(
                                "map",
                                h -> h.addMap("k", Map.of("a", 1), DICT),
                                h -> h.addMap("k", Map.of("a", 1), ApacheData.schemaToApache(DICT))),
                        new Case(
                                "struct",
                                h -> h.addStruct("k", point),
                                h -> h.addStruct(
                                        "k", (org.apache.kafka.connect.data.Struct) ApacheData.valueToApache(point))),
                        new Case(
                                "decimal",
                                h -> h.addDecimal("k", new BigDecimal("1.50")),
                                h -> h.addDecimal("k", new BigDecimal("1.50"))),
                        new Case("null decimal", h -> h.addDecimal("k", null), h -> h.addDecimal("k", null)),
                        new Case("date", h -> h.addDate("k", midnight), h -> h.addDate("k", midnight)),
                        new Case("null date", h -> h.addDate("k", null), h -> h.addDate("k", null)),
                        new Case(
                                "time",
                                h -> h.addTime("k", new java.util.Date(5)),
                                h -> h.addTime("k", new java.util.Date(5))),
                        new Case(
                                "timestamp",
                                h -> h.addTimestamp("k", new java.util.Date(-5)),
                                h -> h.addTimestamp("k", new java.util.Date(-5))),
                        new Case("null timestamp", h -> h.addTimestamp("k", null), h -> h.addTimestamp("k", null)))
                .map(Arguments::of);
    }

    @ParameterizedTest
    @MethodSource("typedAdds")
    void typedAddsMatchApache(Case c) {
        Headers ours = c.kanal().apply(Headers.empty());
        org.apache.kafka.connect.header.Headers theirs =
                c.apache().apply(new org.apache.kafka.connect.header.ConnectHeaders());
        assertThat(ours).isEqualTo(ApacheData.headersFromApache(theirs));
    }

    @Test
    void typedAddsRejectWhatApacheRejects() {
        assertThatThrownBy(() -> Headers.empty().addDate("k", new java.util.Date(1)))
                .isInstanceOf(DataException.class);
        assertThatThrownBy(() -> Headers.empty().addTime("k", new java.util.Date(-1)))
                .isInstanceOf(DataException.class);
        assertThatThrownBy(() -> Headers.empty().addList("k", List.of(), DICT))
                .isInstanceOf(DataException.class)
                .hasMessage("Expecting ARRAY but instead found MAP");
        assertThatThrownBy(() -> Headers.empty().addMap("k", Map.of(), null)).isInstanceOf(DataException.class);
    }

    @Test
    void editsNeverChangeTheOriginal() {
        Headers original = Headers.empty().addString("a", "1").addInt("b", 2).addString("a", "3");
        Headers copy = Headers.of(original.asList());
        original.remove("a");
        original.retainLatest();
        original.retainLatest("a");
        original.add("c", null, null);
        original.addAll(List.of(new Header("d", null, 4)));
        original.apply(h -> null);
        assertThat(original).isEqualTo(copy).hasSize(3);
        assertThat(original.allWithName("a")).extracting(Header::value).containsExactly("1", "3");
        assertThat(original.apply("a", h -> h.with(Schema.STRING_SCHEMA, "x")).allWithName("a"))
                .extracting(Header::value)
                .containsExactly("x", "x");
        assertThat(original.apply(h -> h.key().equals("b") ? null : h)).hasSize(2);
        assertThat(original.lastWithName("zz")).isNull();
        assertThat(original.remove("zz")).isSameAs(original);
        assertThat(Headers.empty().add(new Header("k", null, null))).isNotEqualTo(Headers.empty());
    }

    @Test
    void badInputIsADataException() {
        Headers headers = Headers.empty();
        assertThatThrownBy(() -> new Header(null, null, null)).isInstanceOf(DataException.class);
        assertThatThrownBy(() -> headers.lastWithName(null)).isInstanceOf(DataException.class);
        assertThatThrownBy(() -> headers.remove(null)).isInstanceOf(DataException.class);
        assertThatThrownBy(() -> headers.add((Header) null)).isInstanceOf(DataException.class);
        assertThatThrownBy(() -> headers.add("k", Schema.INT32_SCHEMA, null))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("optional");
        assertThatThrownBy(() -> Headers.of(java.util.Arrays.asList(new Header("k", null, 1), null)))
                .isInstanceOf(DataException.class);
        assertThat(Headers.of(null)).isEqualTo(Headers.empty());
    }

    @Test
    void aStructHeaderWithoutSchemaTakesTheStructsSchema() {
        Struct point = new Struct(POINT).put("x", 1);
        assertThat(new Header("k", null, point).schema()).isSameAs(POINT);
        assertThat(new Header("k", null, 1).rename("j")).isEqualTo(new Header("j", null, 1));
    }
}
