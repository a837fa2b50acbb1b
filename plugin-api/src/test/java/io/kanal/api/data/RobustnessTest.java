package io.kanal.api.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kanal.api.errors.DataException;
import io.kanal.api.errors.SchemaBuilderException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Bad input gives a DataException that says what is wrong, never a NullPointerException or ClassCastException. */
class RobustnessTest {

    private static final Schema S = SchemaBuilder.struct()
            .field("i", Schema.INT32_SCHEMA)
            .field("d", Date.builder().optional().build())
            .field("b", Schema.OPTIONAL_BYTES_SCHEMA)
            .build();

    @Test
    void schemasSayWhatTheyAreNot() {
        assertThatThrownBy(() -> Schema.INT32_SCHEMA.fields())
                .isInstanceOf(DataException.class)
                .hasMessage("Cannot list fields on non-struct type");
        assertThatThrownBy(() -> Schema.INT32_SCHEMA.field("x")).isInstanceOf(DataException.class);
        assertThatThrownBy(() -> Schema.INT32_SCHEMA.keySchema()).isInstanceOf(DataException.class);
        assertThatThrownBy(() -> Schema.INT32_SCHEMA.valueSchema()).isInstanceOf(DataException.class);
        assertThatThrownBy(() -> new ConnectSchema(null)).isInstanceOf(DataException.class);
        assertThatThrownBy(() -> ConnectSchema.validateValue(null, 1))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("No schema");
        assertThatThrownBy(() -> ConnectSchema.validateValue(new ConnectSchema(Schema.Type.ARRAY), List.of(1)))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("No schema defined for element of array");
        assertThat(ConnectSchema.schemaType(null)).isNull();
        assertThat(ConnectSchema.schemaType(java.util.ArrayList.class)).isEqualTo(Schema.Type.ARRAY);
        assertThat(ConnectSchema.schemaType(ByteBuffer.allocate(1).getClass())).isEqualTo(Schema.Type.BYTES);
        assertThat(ConnectSchema.schemaType(Object.class)).isNull();
    }

    @Test
    void structsNameTheField() {
        Struct struct = new Struct(S).put("i", 1).put("d", new java.util.Date(0));
        assertThatThrownBy(() -> struct.getInt32("d"))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("'d'");
        assertThatThrownBy(() -> struct.getString("i"))
                .isInstanceOf(DataException.class)
                .hasMessage("Field 'i' is not of type STRING");
        assertThatThrownBy(() -> struct.get("nope"))
                .isInstanceOf(DataException.class)
                .hasMessage("nope is not a valid field name");
        assertThatThrownBy(() -> struct.put((Field) null, 1)).isInstanceOf(DataException.class);
        assertThatThrownBy(() -> struct.put(new Field("x", 7, Schema.INT32_SCHEMA), 1))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("'x'");
        assertThatThrownBy(() -> struct.get((Field) null)).isInstanceOf(DataException.class);
        assertThatThrownBy(() -> new Struct(null)).isInstanceOf(DataException.class);
        assertThatThrownBy(() -> new Struct(Schema.INT32_SCHEMA))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("Not a struct schema");
        assertThatThrownBy(() -> struct.put("i", null))
                .isInstanceOf(DataException.class)
                .hasMessage("Invalid value: null used for required field: \"i\", schema type: INT32");
    }

    @Test
    void bytesComeBackAsConnectReturnsThem() {
        byte[] backing = {1, 2, 3};
        Struct struct = new Struct(S).put("i", 1).put("b", ByteBuffer.wrap(backing, 1, 1));
        assertThat(struct.getBytes("b")).isSameAs(backing);
        struct.put("b", ByteBuffer.wrap(backing).asReadOnlyBuffer());
        assertThat(struct.getBytes("b")).containsExactly(1, 2, 3);
        ByteBuffer direct = ByteBuffer.allocateDirect(2).put((byte) 7).put((byte) 8);
        struct.put("b", direct);
        assertThat(struct.getBytes("b")).containsExactly(7, 8);
    }

    @Test
    void logicalHelpersRejectBadInput() {
        assertThatThrownBy(() -> Decimal.fromLogical(Schema.BYTES_SCHEMA, BigDecimal.ONE))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("scale");
        assertThatThrownBy(() -> Decimal.fromLogical(null, BigDecimal.ONE)).isInstanceOf(DataException.class);
        assertThatThrownBy(() -> Decimal.fromLogical(Decimal.schema(0), null)).isInstanceOf(DataException.class);
        assertThatThrownBy(() -> Decimal.toLogical(Decimal.schema(0), new byte[0]))
                .isInstanceOf(DataException.class);
        assertThatThrownBy(() -> Decimal.toLogical(
                        SchemaBuilder.bytes().parameter("scale", "x").build(), new byte[] {1}))
                .isInstanceOf(DataException.class);
        assertThatThrownBy(() -> Date.fromLogical(null, new java.util.Date(0))).isInstanceOf(DataException.class);
        assertThatThrownBy(() -> Date.fromLogical(Date.SCHEMA, null)).isInstanceOf(DataException.class);
        assertThatThrownBy(() -> Time.fromLogical(Time.SCHEMA, new java.util.Date(86_400_001L)))
                .isInstanceOf(DataException.class);
        assertThatThrownBy(() -> Time.toLogical(Time.SCHEMA, -1)).isInstanceOf(DataException.class);
        assertThatThrownBy(() -> Timestamp.toLogical(Schema.INT64_SCHEMA, 1L)).isInstanceOf(DataException.class);
        assertThat(Time.fromLogical(Time.SCHEMA, new java.util.Date(86_400_000L)))
                .isEqualTo(86_400_000);
    }

    @Test
    void logicalHelpersAgreeWithApache() {
        for (long millis : new long[] {0, 86_400_000L * 5, -86_400_000L * 400, 86_400_000L * 25_000}) {
            java.util.Date date = new java.util.Date(millis);
            assertThat(Date.fromLogical(Date.SCHEMA, date))
                    .isEqualTo(org.apache.kafka.connect.data.Date.fromLogical(
                            org.apache.kafka.connect.data.Date.SCHEMA, date));
        }
        for (String decimal : new String[] {"0", "-1.5", "12345678901234567890.123", "-128", "127", "128"}) {
            BigDecimal value = new BigDecimal(decimal);
            Schema ours = Decimal.schema(value.scale());
            byte[] bytes = Decimal.fromLogical(ours, value);
            assertThat(bytes)
                    .isEqualTo(
                            org.apache.kafka.connect.data.Decimal.fromLogical(ApacheData.schemaToApache(ours), value));
            assertThat(Decimal.toLogical(ours, bytes)).isEqualTo(value);
        }
        assertThat(ApacheData.schemaToApache(Decimal.schema(3)))
                .isEqualTo(org.apache.kafka.connect.data.Decimal.schema(3));
        assertThat(ApacheData.schemaToApache(Time.SCHEMA)).isEqualTo(org.apache.kafka.connect.data.Time.SCHEMA);
        assertThat(ApacheData.schemaToApache(Timestamp.SCHEMA))
                .isEqualTo(org.apache.kafka.connect.data.Timestamp.SCHEMA);
    }

    @Test
    void builderRepeatsAnEqualValueWhereConnectWantsTheSameObject() {
        // Connect compares a repeated property by identity: name(new String("a")) after name("a") throws there.
        // Kanal accepts an equal value; it never rejects a call Connect accepts.
        String computed = new String("a");
        assertThat(SchemaBuilder.int32().name("a").name(computed).build().name())
                .isEqualTo("a");
        assertThat(SchemaBuilder.int32().version(1000).version(1000).build().version())
                .isEqualTo(1000);
        assertThatThrownBy(() -> SchemaBuilder.int32().version(1).version(2))
                .isInstanceOf(SchemaBuilderException.class)
                .hasMessage("Invalid SchemaBuilder call: version has already been set.");
        assertThatThrownBy(() -> SchemaBuilder.int32().defaultValue(null))
                .isInstanceOf(SchemaBuilderException.class)
                .hasMessage("Invalid default value")
                .hasCauseInstanceOf(DataException.class);
        assertThatThrownBy(() -> SchemaBuilder.struct().field("", Schema.INT8_SCHEMA))
                .isInstanceOf(SchemaBuilderException.class);
        assertThatThrownBy(() -> SchemaBuilder.struct().field("a", null))
                .isInstanceOf(SchemaBuilderException.class)
                .hasMessageContaining("a");
        assertThatThrownBy(() -> SchemaBuilder.array(null)).isInstanceOf(SchemaBuilderException.class);
        assertThatThrownBy(() -> SchemaBuilder.map(Schema.INT8_SCHEMA, null))
                .isInstanceOf(SchemaBuilderException.class);
        assertThatThrownBy(() -> SchemaBuilder.type(null)).isInstanceOf(SchemaBuilderException.class);
    }

    @Test
    void aStructOnABuilderComparesTheBuilderByIdentity() {
        SchemaBuilder builder = SchemaBuilder.struct().field("a", Schema.INT8_SCHEMA);
        Struct onBuilder = new Struct(builder).put("a", (byte) 1);
        ConnectSchema.validateValue(builder, onBuilder);
        assertThatThrownBy(() -> ConnectSchema.validateValue(builder.build(), onBuilder))
                .isInstanceOf(DataException.class)
                .hasMessage("Struct schemas do not match.");
        assertThat(builder.schema()).isNotSameAs(builder).isEqualTo(builder.build());
        assertThat(builder.keySchema()).isNull();
        assertThat(builder.parameters()).isNull();
        assertThat(Map.of("k", "v"))
                .isEqualTo(builder.parameters(Map.of("k", "v")).parameters());
    }
}
