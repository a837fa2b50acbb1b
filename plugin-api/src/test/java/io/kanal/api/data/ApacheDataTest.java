package io.kanal.api.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ApacheDataTest {

    private static final Schema INNER = SchemaBuilder.struct()
            .name("Inner")
            .version(3)
            .doc("inner doc")
            .parameter("p", "q")
            .field("d", Decimal.builder(2).optional().build())
            .field("when", Timestamp.SCHEMA)
            .optional()
            .build();

    private static final Schema OUTER = SchemaBuilder.struct()
            .field("inner", INNER)
            .field("list", SchemaBuilder.array(INNER).build())
            .field(
                    "map",
                    SchemaBuilder.map(Schema.INT32_SCHEMA, Schema.OPTIONAL_BYTES_SCHEMA)
                            .build())
            .field("s", SchemaBuilder.string().defaultValue("dflt").build())
            .build();

    @Test
    void schemasMapBothWaysWithEveryProperty() {
        org.apache.kafka.connect.data.Schema apache = ApacheData.schemaToApache(OUTER);
        org.apache.kafka.connect.data.Schema inner = apache.field("inner").schema();
        assertThat(inner.name()).isEqualTo("Inner");
        assertThat(inner.version()).isEqualTo(3);
        assertThat(inner.doc()).isEqualTo("inner doc");
        assertThat(inner.parameters()).containsEntry("p", "q");
        assertThat(inner.isOptional()).isTrue();
        assertThat(inner.field("d").schema())
                .isEqualTo(org.apache.kafka.connect.data.Decimal.builder(2)
                        .optional()
                        .build());
        assertThat(apache.field("s").schema().defaultValue()).isEqualTo("dflt");
        assertThat(apache.field("map").schema().keySchema())
                .isEqualTo(org.apache.kafka.connect.data.Schema.INT32_SCHEMA);
        assertThat(ApacheData.schemaFromApache(apache)).isEqualTo(OUTER);
    }

    @Test
    void valuesMapBothWays() {
        Struct inner = new Struct(INNER).put("d", new BigDecimal("1.23")).put("when", new java.util.Date(5));
        Map<Integer, Object> map = new LinkedHashMap<>();
        map.put(1, new byte[] {1});
        map.put(2, null);
        map.put(3, ByteBuffer.wrap(new byte[] {3}));
        Struct outer = new Struct(OUTER)
                .put("inner", inner)
                .put("list", List.of(inner, inner))
                .put("map", map);
        Object apache = ApacheData.valueToApache(outer);
        assertThat(apache).isInstanceOf(org.apache.kafka.connect.data.Struct.class);
        org.apache.kafka.connect.data.Struct a = (org.apache.kafka.connect.data.Struct) apache;
        a.validate();
        assertThat(a.getWithoutDefault("s")).isNull();
        assertThat(a.get("s")).isEqualTo("dflt");
        assertThat(a.toString())
                .isEqualTo(
                        outer.toString().replace(map.toString(), a.getMap("map").toString()));
        assertThat(ApacheData.valueFromApache(apache)).isEqualTo(outer);
    }

    @Test
    void buildersKeepTheirIdentity() {
        SchemaBuilder builder = SchemaBuilder.struct().field("a", Schema.INT8_SCHEMA);
        org.apache.kafka.connect.data.Schema apache = ApacheData.schemaToApache(builder);
        assertThat(ApacheData.schemaToApache(builder)).isSameAs(apache);
        assertThat(ApacheData.schemaFromApache(apache)).isSameAs(builder);
        Struct struct = new Struct(builder).put("a", (byte) 1);
        org.apache.kafka.connect.data.ConnectSchema.validateValue(apache, ApacheData.valueToApache(struct));
    }

    @Test
    void headersMapBothWaysEvenWhenInvalid() {
        Headers headers = Headers.empty()
                .add("a", Schema.STRING_SCHEMA, "x")
                .add(new Header("bad", Schema.INT32_SCHEMA, "not an int"))
                .add("a", null, null);
        org.apache.kafka.connect.header.ConnectHeaders apache = ApacheData.headersToApache(headers);
        assertThat(apache.size()).isEqualTo(3);
        assertThat(apache.lastWithName("bad").value()).isEqualTo("not an int");
        assertThat(ApacheData.headersFromApache(apache)).isEqualTo(headers);
    }
}
