package io.kanal.api.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kanal.api.errors.SchemaProjectorException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SchemaProjectorTest {

    @Test
    void widensNumbers() {
        assertThat(SchemaProjector.project(Schema.INT8_SCHEMA, (byte) 3, Schema.INT64_SCHEMA))
                .isEqualTo(3L);
        assertThat(SchemaProjector.project(Schema.FLOAT32_SCHEMA, 1.5f, Schema.FLOAT64_SCHEMA))
                .isEqualTo(1.5d);
        assertThatThrownBy(() -> SchemaProjector.project(Schema.INT64_SCHEMA, 3L, Schema.INT32_SCHEMA))
                .isInstanceOf(SchemaProjectorException.class)
                .hasMessageContaining("INT64");
    }

    @Test
    void optionalSourceNeedsATargetDefault() {
        Schema target = SchemaBuilder.int32().defaultValue(7).build();
        assertThat(SchemaProjector.project(Schema.OPTIONAL_INT32_SCHEMA, null, target))
                .isEqualTo(7);
        assertThatThrownBy(() -> SchemaProjector.project(Schema.OPTIONAL_INT32_SCHEMA, 1, Schema.INT32_SCHEMA))
                .isInstanceOf(SchemaProjectorException.class);
    }

    @Test
    void structsGainDefaultsAndLoseExtraFields() {
        Schema source = SchemaBuilder.struct()
                .field("a", Schema.INT32_SCHEMA)
                .field("gone", Schema.STRING_SCHEMA)
                .build();
        Schema target = SchemaBuilder.struct()
                .field("a", Schema.INT64_SCHEMA)
                .field("new", SchemaBuilder.string().defaultValue("d").build())
                .field("opt", Schema.OPTIONAL_STRING_SCHEMA)
                .build();
        Struct projected = (Struct)
                SchemaProjector.project(source, new Struct(source).put("a", 1).put("gone", "x"), target);
        assertThat(projected).isEqualTo(new Struct(target).put("a", 1L).put("new", "d"));
        Schema strict =
                SchemaBuilder.struct().field("must", Schema.STRING_SCHEMA).build();
        assertThatThrownBy(() -> SchemaProjector.project(source, new Struct(source), strict))
                .isInstanceOf(SchemaProjectorException.class)
                .hasMessageContaining("must");
    }

    @Test
    void containersAndBadRecords() {
        Schema ints = SchemaBuilder.array(Schema.INT32_SCHEMA).build();
        Schema longs = SchemaBuilder.array(Schema.INT64_SCHEMA).build();
        assertThat(SchemaProjector.project(ints, List.of(1, 2), longs)).isEqualTo(List.of(1L, 2L));
        Schema m1 = SchemaBuilder.map(Schema.INT8_SCHEMA, Schema.INT16_SCHEMA).build();
        Schema m2 =
                SchemaBuilder.map(Schema.INT32_SCHEMA, Schema.FLOAT64_SCHEMA).build();
        assertThat(SchemaProjector.project(m1, Map.of((byte) 1, (short) 2), m2)).isEqualTo(Map.of(1, 2.0d));
        assertThatThrownBy(() -> SchemaProjector.project(ints, "not a list", longs))
                .isInstanceOf(SchemaProjectorException.class);
        assertThatThrownBy(() -> SchemaProjector.project(Decimal.schema(1), null, Decimal.schema(2)))
                .isInstanceOf(SchemaProjectorException.class)
                .hasMessageContaining("parameters");
    }
}
