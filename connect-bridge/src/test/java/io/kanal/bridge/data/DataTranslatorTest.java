package io.kanal.bridge.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kanal.api.data.Header;
import io.kanal.api.data.Headers;
import io.kanal.api.data.Schema;
import io.kanal.api.data.SchemaAndValue;
import io.kanal.api.data.Struct;
import io.kanal.api.errors.DataException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.junit.jupiter.api.Test;

class DataTranslatorTest {

    private final DataTranslator translator = new DataTranslator();

    private static final org.apache.kafka.connect.data.Schema LOGICAL = SchemaBuilder.struct()
            .name("com.example.Logical")
            .version(7)
            .doc("every logical type")
            .parameter("origin", "test")
            .field("price", Decimal.builder(3).optional().build())
            .field("day", Date.SCHEMA)
            .field("at", Time.builder().optional().build())
            .field("when", Timestamp.SCHEMA)
            .build();

    @Test
    void logicalTypesKeepTheirNamesParametersAndTheVeryValueObjects() {
        BigDecimal price = new BigDecimal("12.345");
        java.util.Date day = new java.util.Date(86_400_000L * 3);
        java.util.Date at = new java.util.Date(1234);
        java.util.Date when = new java.util.Date(1_700_000_000_000L);
        org.apache.kafka.connect.data.Struct connect = new org.apache.kafka.connect.data.Struct(LOGICAL)
                .put("price", price)
                .put("day", day)
                .put("at", at)
                .put("when", when);

        SchemaAndValue kanal = translator.toKanal(LOGICAL, connect);

        Schema schema = kanal.schema();
        assertThat(schema.name()).isEqualTo("com.example.Logical");
        assertThat(schema.version()).isEqualTo(7);
        assertThat(schema.doc()).isEqualTo("every logical type");
        assertThat(schema.parameters()).containsExactly(Map.entry("origin", "test"));
        assertThat(schema.field("price").schema())
                .isEqualTo(io.kanal.api.data.Decimal.builder(3).optional().build());
        assertThat(schema.field("day").schema()).isEqualTo(io.kanal.api.data.Date.SCHEMA);
        assertThat(schema.field("at").schema())
                .isEqualTo(io.kanal.api.data.Time.builder().optional().build());
        assertThat(schema.field("when").schema()).isEqualTo(io.kanal.api.data.Timestamp.SCHEMA);
        Struct struct = (Struct) kanal.value();
        assertThat(struct.get("price")).isSameAs(price);
        assertThat(struct.get("day")).isSameAs(day);
        assertThat(struct.get("at")).isSameAs(at);
        assertThat(struct.get("when")).isSameAs(when);
        assertThat(translator.toConnect(kanal))
                .isEqualTo(new org.apache.kafka.connect.data.SchemaAndValue(LOGICAL, connect));
    }

    @Test
    void unsetFieldsStayUnsetAndDefaultsStayDefaults() {
        org.apache.kafka.connect.data.Schema schema = SchemaBuilder.struct()
                .field("opt", org.apache.kafka.connect.data.Schema.OPTIONAL_STRING_SCHEMA)
                .field("dflt", SchemaBuilder.int32().defaultValue(42).build())
                .field(
                        "bytes",
                        SchemaBuilder.bytes()
                                .optional()
                                .defaultValue(new byte[] {1, 2})
                                .build())
                .optional()
                .build();
        org.apache.kafka.connect.data.Struct connect = new org.apache.kafka.connect.data.Struct(schema);

        Struct kanal = (Struct) translator.toKanal(schema, connect).value();

        assertThat(kanal.getWithoutDefault("opt")).isNull();
        assertThat(kanal.getWithoutDefault("dflt")).isNull();
        assertThat(kanal.get("dflt")).isEqualTo(42);
        assertThat((byte[]) kanal.get("bytes")).containsExactly(1, 2);
        assertThat(kanal.schema().isOptional()).isTrue();
        assertThat(kanal.schema().field("dflt").schema().defaultValue()).isEqualTo(42);
        org.apache.kafka.connect.data.Struct back = (org.apache.kafka.connect.data.Struct)
                new DataTranslator().toConnect(kanal.schema(), kanal).value();
        assertThat(back.getWithoutDefault("dflt")).isNull();
        assertThat(back).isEqualTo(connect);
        assertThat(translator.toKanal(schema, null)).isEqualTo(new SchemaAndValue(translator.toKanal(schema), null));
    }

    @Test
    void aStructDefaultIsTranslatedAsAValue() {
        org.apache.kafka.connect.data.Schema inner = SchemaBuilder.struct()
                .field("n", org.apache.kafka.connect.data.Schema.INT64_SCHEMA)
                .build();
        // Connect's builder takes no struct default of another schema object: the constructor takes it as given.
        org.apache.kafka.connect.data.Schema withDefault = new org.apache.kafka.connect.data.ConnectSchema(
                org.apache.kafka.connect.data.Schema.Type.STRUCT,
                false,
                new org.apache.kafka.connect.data.Struct(inner).put("n", 5L),
                null,
                null,
                null,
                null,
                inner.fields(),
                null,
                null);
        org.apache.kafka.connect.data.Schema outer =
                SchemaBuilder.struct().field("inner", withDefault).build();

        Schema kanal = translator.toKanal(outer);

        Object dflt = kanal.field("inner").schema().defaultValue();
        assertThat(dflt).isInstanceOf(Struct.class);
        assertThat(((Struct) dflt).get("n")).isEqualTo(5L);
        assertThat(new DataTranslator().toConnect(kanal)).isEqualTo(outer);
    }

    @Test
    void containersOfStructsAreRebuiltAndOtherContainersShared() {
        org.apache.kafka.connect.data.Schema point = SchemaBuilder.struct()
                .name("Point")
                .field("x", org.apache.kafka.connect.data.Schema.INT32_SCHEMA)
                .build();
        org.apache.kafka.connect.data.Schema schema = SchemaBuilder.struct()
                .field("points", SchemaBuilder.array(point).build())
                .field(
                        "byName",
                        SchemaBuilder.map(org.apache.kafka.connect.data.Schema.STRING_SCHEMA, point)
                                .build())
                .field(
                        "plain",
                        SchemaBuilder.map(
                                        org.apache.kafka.connect.data.Schema.STRING_SCHEMA,
                                        SchemaBuilder.array(org.apache.kafka.connect.data.Schema.BYTES_SCHEMA)
                                                .build())
                                .build())
                .build();
        org.apache.kafka.connect.data.Struct one = new org.apache.kafka.connect.data.Struct(point).put("x", 1);
        Map<String, Object> byName = new LinkedHashMap<>();
        byName.put("one", one);
        Map<String, Object> plain = Map.of("k", List.of(ByteBuffer.wrap(new byte[] {9})));
        org.apache.kafka.connect.data.Struct connect = new org.apache.kafka.connect.data.Struct(schema)
                .put("points", new ArrayList<>(List.of(one, one)))
                .put("byName", byName)
                .put("plain", plain);

        Struct kanal = (Struct) translator.toKanal(schema, connect).value();

        assertThat(kanal.getArray("points")).hasSize(2).allSatisfy(p -> assertThat(((Struct) p).get("x"))
                .isEqualTo(1));
        assertThat(((Struct) kanal.getMap("byName").get("one")).schema().name()).isEqualTo("Point");
        assertThat(kanal.getMap("plain")).isSameAs(plain);
        assertThat(new DataTranslator().toConnect(kanal.schema(), kanal).value())
                .isEqualTo(connect);
    }

    @Test
    void aConnectBuilderUsedAsASchemaBecomesAnImmutableSchemaThatIsNotCached() {
        SchemaBuilder builder =
                SchemaBuilder.struct().name("Built").field("s", org.apache.kafka.connect.data.Schema.STRING_SCHEMA);
        org.apache.kafka.connect.data.Struct value = new org.apache.kafka.connect.data.Struct(builder).put("s", "x");

        SchemaAndValue kanal = translator.toKanal(builder, value);

        assertThat(kanal.schema()).isInstanceOf(io.kanal.api.data.ConnectSchema.class);
        assertThat(kanal.schema().name()).isEqualTo("Built");
        assertThat(((Struct) kanal.value()).getString("s")).isEqualTo("x");
        builder.version(2);
        assertThat(translator.toKanal(builder).version())
                .as("a builder may change, so it is translated again")
                .isEqualTo(2);
    }

    @Test
    void aBuilderWhoseDefaultIsAStructOfItselfIsTranslated() {
        SchemaBuilder builder =
                SchemaBuilder.struct().field("n", org.apache.kafka.connect.data.Schema.OPTIONAL_INT32_SCHEMA);
        builder.defaultValue(new org.apache.kafka.connect.data.Struct(builder).put("n", 3));

        Schema kanal = translator.toKanal(builder);

        assertThat(((Struct) kanal.defaultValue()).get("n")).isEqualTo(3);
    }

    @Test
    void immutableSchemasAreTranslatedOnceAndComeBackAsTheOriginal() {
        Schema first = translator.toKanal(LOGICAL);

        assertThat(translator.toKanal(LOGICAL)).isSameAs(first);
        assertThat(translator.toConnect(first)).isSameAs(LOGICAL);
        assertThat(translator.toKanal(org.apache.kafka.connect.data.Schema.OPTIONAL_STRING_SCHEMA))
                .isSameAs(translator.toKanal(org.apache.kafka.connect.data.Schema.OPTIONAL_STRING_SCHEMA))
                .isEqualTo(Schema.OPTIONAL_STRING_SCHEMA);
    }

    @Test
    void headersKeepOrderDuplicatesSchemasAndSchemalessValues() {
        ConnectHeaders connect = new ConnectHeaders();
        connect.addString("a", "1")
                .addInt("b", 2)
                .add("a", "again", null)
                .addDecimal("d", new BigDecimal("1.50"))
                .addStruct(
                        "s",
                        new org.apache.kafka.connect.data.Struct(LOGICAL)
                                .put("day", new java.util.Date(0))
                                .put("when", new java.util.Date(5)));

        Headers kanal = translator.headersToKanal(connect);

        assertThat(kanal.asList()).extracting(Header::key).containsExactly("a", "b", "a", "d", "s");
        assertThat(kanal.asList().get(0)).isEqualTo(new Header("a", Schema.STRING_SCHEMA, "1"));
        assertThat(kanal.asList().get(2)).isEqualTo(new Header("a", null, "again"));
        assertThat(kanal.lastWithName("d").schema()).isEqualTo(io.kanal.api.data.Decimal.schema(2));
        assertThat(kanal.lastWithName("s").value()).isInstanceOf(Struct.class);
        assertThat(new DataTranslator().headersToConnect(kanal)).isEqualTo(connect);
        assertThat(translator.headersToKanal(null)).isEqualTo(Headers.empty());
        assertThat(translator.headersToConnect(null)).isEmpty();
    }

    @Test
    void aStructThatBreaksItsSchemaIsAKanalDataException() {
        org.apache.kafka.connect.data.Schema schema = SchemaBuilder.struct()
                .field(
                        "ints",
                        SchemaBuilder.array(org.apache.kafka.connect.data.Schema.INT32_SCHEMA)
                                .build())
                .build();
        List<Object> ints = new ArrayList<>(List.of(1));
        org.apache.kafka.connect.data.Struct connect =
                new org.apache.kafka.connect.data.Struct(schema).put("ints", ints);
        // Connect checked the list when it was put; a plugin that changes it afterwards gets past that check.
        ints.add("not an int");

        assertThatThrownBy(() -> translator.toKanal(schema, connect))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("ints");

        Schema kanalSchema = translator.toKanal(schema);
        List<Object> kanalInts = new ArrayList<>(List.of(1));
        Struct kanal = new Struct(kanalSchema).put("ints", kanalInts);
        kanalInts.add("not an int");
        assertThatThrownBy(() -> new DataTranslator().toConnect(kanalSchema, kanal))
                .isInstanceOf(DataException.class)
                .hasCauseInstanceOf(org.apache.kafka.connect.errors.DataException.class);
    }

    @Test
    void theCacheIsBounded() {
        IdentityCache<Object, Object> cache = new IdentityCache<>(2);
        cache.put(new Object(), 1);
        cache.put(new Object(), 2);
        Object kept = new Object();
        cache.put(kept, 3);

        assertThat(cache.size()).isEqualTo(1);
        assertThat(cache.get(kept)).isEqualTo(3);
        assertThatThrownBy(() -> new IdentityCache<>(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
