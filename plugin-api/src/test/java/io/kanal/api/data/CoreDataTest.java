package io.kanal.api.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kanal.api.errors.DataException;
import io.kanal.api.errors.SchemaBuilderException;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CoreDataTest {

    private static final Schema PERSON = SchemaBuilder.struct()
            .name("Person")
            .field("name", Schema.STRING_SCHEMA)
            .field("age", SchemaBuilder.int32().optional().defaultValue(42).build())
            .field("tags", SchemaBuilder.array(Schema.STRING_SCHEMA).optional().build())
            .build();

    @Test
    void aBuildersSchemaIsTheBuiltImmutableSchemaAsInConnect() {
        SchemaBuilder builder = SchemaBuilder.int32().name("n");
        Schema schema = builder.schema();
        assertThat(schema)
                .isNotSameAs(builder)
                .isInstanceOf(ConnectSchema.class)
                .isEqualTo(builder.build());
    }

    @Test
    void structAppliesDefaultsOnlyThroughGet() {
        Struct s = new Struct(PERSON).put("name", "ann");
        assertThat(s.get("age")).isEqualTo(42);
        assertThat(s.getWithoutDefault("age")).isNull();
        assertThat(s.getInt32("age")).isNull();
        s.validate();
        assertThat(s).hasToString("Struct{name=ann}");
    }

    @Test
    void badValuesNameTheField() {
        Struct s = new Struct(PERSON);
        assertThatThrownBy(() -> s.put("name", 3))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("\"name\"");
        assertThatThrownBy(s::validate).isInstanceOf(DataException.class).hasMessageContaining("\"name\"");
        assertThatThrownBy(() -> s.put("nope", 1)).hasMessageContaining("nope");
        assertThatThrownBy(() -> s.put("tags", List.of(1))).isInstanceOf(DataException.class);
    }

    @Test
    void builderRejectsWhatConnectRejects() {
        assertThatThrownBy(() -> SchemaBuilder.int32().field("a", Schema.INT32_SCHEMA))
                .isInstanceOf(SchemaBuilderException.class);
        assertThatThrownBy(() -> SchemaBuilder.int32().defaultValue("x")).isInstanceOf(SchemaBuilderException.class);
        assertThatThrownBy(() -> SchemaBuilder.int32().name("a").name("b")).isInstanceOf(SchemaBuilderException.class);
        assertThatThrownBy(() -> SchemaBuilder.int32().optional().required())
                .isInstanceOf(SchemaBuilderException.class);
        assertThat(SchemaBuilder.int32().name("a").name("a").build().name()).isEqualTo("a");
    }

    @Test
    void schemasAndStructsCompareDeeply() {
        Schema a = SchemaBuilder.bytes().defaultValue(new byte[] {1}).build();
        Schema b = SchemaBuilder.bytes().defaultValue(new byte[] {1}).build();
        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        Schema s = SchemaBuilder.struct().field("b", Schema.BYTES_SCHEMA).build();
        assertThat(new Struct(s).put("b", new byte[] {1, 2})).isEqualTo(new Struct(s).put("b", new byte[] {1, 2}));
    }

    @Test
    void logicalTypes() {
        Schema dec = Decimal.schema(2);
        assertThat(Decimal.toLogical(dec, Decimal.fromLogical(dec, new BigDecimal("1.25"))))
                .isEqualTo(new BigDecimal("1.25"));
        assertThatThrownBy(() -> Decimal.fromLogical(dec, new BigDecimal("1.2")))
                .isInstanceOf(DataException.class);
        assertThatThrownBy(() -> Date.fromLogical(Date.SCHEMA, new java.util.Date(1)))
                .isInstanceOf(DataException.class);
        assertThat(Date.fromLogical(Date.SCHEMA, new java.util.Date(-86_400_000L)))
                .isEqualTo(-1);
        assertThat(Time.fromLogical(Time.SCHEMA, new java.util.Date(5))).isEqualTo(5);
        assertThat(Timestamp.toLogical(Timestamp.SCHEMA, 7L)).isEqualTo(new java.util.Date(7));
    }

    @Test
    void headersAreCopyOnWrite() {
        Headers empty = Headers.empty();
        Headers h = empty.add("a", Schema.STRING_SCHEMA, "1").add("b", null, 2).add("a", Schema.STRING_SCHEMA, "3");
        assertThat(empty.isEmpty()).isTrue();
        assertThat(h.size()).isEqualTo(3);
        assertThat(h.lastWithName("a").value()).isEqualTo("3");
        assertThat(h.retainLatest())
                .containsExactly(new Header("b", null, 2), new Header("a", Schema.STRING_SCHEMA, "3"));
        assertThat(h.remove("a")).containsExactly(new Header("b", null, 2));
        assertThatThrownBy(() -> h.add("c", Schema.INT32_SCHEMA, "x")).isInstanceOf(DataException.class);
        assertThat(Map.of()).isEmpty();
    }
}
