package io.kanal.plugins.jdbc.types;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kanal.api.data.Date;
import io.kanal.api.data.Decimal;
import io.kanal.api.data.Schema;
import io.kanal.api.data.Time;
import io.kanal.api.data.Timestamp;
import io.kanal.api.errors.DataException;
import java.math.BigDecimal;
import java.sql.Types;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ColumnMapperTest {

    private static final TypeOptions NONE = new TypeOptions(NumericMapping.NONE, ZoneOffset.UTC);

    private static Optional<ColumnMapping> map(
            int jdbcType, String typeName, int precision, int scale, boolean optional, NumericMapping numeric) {
        return ColumnMapper.map(
                new ColumnDescription("c", jdbcType, typeName, precision, scale, optional),
                new TypeOptions(numeric, ZoneOffset.UTC));
    }

    private static Schema schema(int jdbcType, String typeName) {
        return map(jdbcType, typeName, 0, 0, false, NumericMapping.NONE)
                .orElseThrow()
                .schema();
    }

    @Test
    void integersFloatsAndBooleansMapToTheirPrimitiveTypes() {
        assertThat(schema(Types.SMALLINT, "int2").type()).isEqualTo(Schema.Type.INT16);
        assertThat(schema(Types.INTEGER, "int4").type()).isEqualTo(Schema.Type.INT32);
        assertThat(schema(Types.BIGINT, "int8").type()).isEqualTo(Schema.Type.INT64);
        assertThat(schema(Types.TINYINT, "tinyint").type()).isEqualTo(Schema.Type.INT8);
        assertThat(schema(Types.REAL, "float4").type()).isEqualTo(Schema.Type.FLOAT32);
        assertThat(schema(Types.DOUBLE, "float8").type()).isEqualTo(Schema.Type.FLOAT64);
        assertThat(schema(Types.BIT, "bool").type()).isEqualTo(Schema.Type.BOOLEAN);
        assertThat(schema(Types.BOOLEAN, "boolean").type()).isEqualTo(Schema.Type.BOOLEAN);
    }

    @Test
    void textLikeTypesMapToStringAndByteaToBytes() {
        for (String name : new String[] {"text", "varchar", "bpchar"}) {
            assertThat(schema(Types.VARCHAR, name).type()).isEqualTo(Schema.Type.STRING);
        }
        for (String name : new String[] {"json", "jsonb", "uuid", "interval", "inet"}) {
            assertThat(schema(Types.OTHER, name).type()).as(name).isEqualTo(Schema.Type.STRING);
        }
        assertThat(schema(Types.SQLXML, "xml").type()).isEqualTo(Schema.Type.STRING);
        assertThat(map(Types.BIT, "bit", 8, 0, false, NumericMapping.NONE)
                        .orElseThrow()
                        .schema()
                        .type())
                .isEqualTo(Schema.Type.STRING);
        assertThat(schema(Types.BINARY, "bytea").type()).isEqualTo(Schema.Type.BYTES);
        assertThat(schema(Types.BINARY, "bytea").name()).isNull();
    }

    @Test
    void temporalTypesMapToTheLogicalTypes() {
        assertThat(schema(Types.DATE, "date").name()).isEqualTo(Date.LOGICAL_NAME);
        assertThat(schema(Types.TIME, "time").name()).isEqualTo(Time.LOGICAL_NAME);
        assertThat(schema(Types.TIME, "timetz").name()).isEqualTo(Time.LOGICAL_NAME);
        assertThat(schema(Types.TIMESTAMP, "timestamp").name()).isEqualTo(Timestamp.LOGICAL_NAME);
        assertThat(schema(Types.TIMESTAMP, "timestamptz").name()).isEqualTo(Timestamp.LOGICAL_NAME);
        assertThat(Temporals.isZonedTimestamp(Types.TIMESTAMP, "timestamptz")).isTrue();
        assertThat(Temporals.isZonedTimestamp(Types.TIMESTAMP, "timestamp")).isFalse();
        assertThat(Temporals.isZonedTimestamp(Types.TIMESTAMP_WITH_TIMEZONE, ""))
                .isTrue();
    }

    @Test
    void nullableColumnsGetOptionalSchemas() {
        assertThat(map(Types.INTEGER, "int4", 10, 0, true, NumericMapping.NONE)
                        .orElseThrow()
                        .schema()
                        .isOptional())
                .isTrue();
        assertThat(map(Types.INTEGER, "int4", 10, 0, false, NumericMapping.NONE)
                        .orElseThrow()
                        .schema()
                        .isOptional())
                .isFalse();
        assertThat(map(Types.TIMESTAMP, "timestamptz", 0, 0, true, NumericMapping.NONE)
                        .orElseThrow()
                        .schema()
                        .isOptional())
                .isTrue();
    }

    @ParameterizedTest(name = "numeric({1},{2}) under {0} -> {3}")
    @CsvSource({
        "NONE, 5, 0, DECIMAL",
        "NONE, 10, 2, DECIMAL",
        "PRECISION_ONLY, 2, 0, INT8",
        "PRECISION_ONLY, 4, 0, INT16",
        "PRECISION_ONLY, 9, 0, INT32",
        "PRECISION_ONLY, 18, 0, INT64",
        "PRECISION_ONLY, 19, 0, DECIMAL",
        "PRECISION_ONLY, 10, 2, DECIMAL",
        "BEST_FIT, 9, 0, INT32",
        "BEST_FIT, 10, 2, FLOAT64",
        "BEST_FIT, 30, 2, DECIMAL",
        "BEST_FIT, 30, 0, DECIMAL",
        "BEST_FIT_EAGER_DOUBLE, 30, 2, FLOAT64",
        "NONE, 0, 0, STRING",
        "PRECISION_ONLY, 0, 0, STRING",
        "BEST_FIT, 0, 0, FLOAT64",
    })
    void numericsMapByTheConfiguredMapping(NumericMapping mapping, int precision, int scale, String expected) {
        Schema schema = map(Types.NUMERIC, "numeric", precision, scale, false, mapping)
                .orElseThrow()
                .schema();
        if (expected.equals("DECIMAL")) {
            assertThat(schema.name()).isEqualTo(Decimal.LOGICAL_NAME);
            assertThat(schema.parameters())
                    .containsEntry(Decimal.SCALE_FIELD, Integer.toString(scale))
                    .containsEntry(ColumnMapper.DECIMAL_PRECISION_PARAMETER, Integer.toString(precision));
        } else {
            assertThat(schema.name()).isNull();
            assertThat(schema.type()).isEqualTo(Schema.Type.valueOf(expected));
        }
    }

    @Test
    void decimalValuesTakeTheSchemaScaleAndRefuseToRound() {
        assertThat(ColumnMapper.decimal(new BigDecimal("1.5"), 2, "c")).isEqualTo(new BigDecimal("1.50"));
        assertThat(ColumnMapper.decimal(null, 2, "c")).isNull();
        assertThatThrownBy(() -> ColumnMapper.decimal(new BigDecimal("1.555"), 2, "price"))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("price");
    }

    @Test
    void arraysOfSimpleTypesMapToArraysOfOptionalElements() {
        Schema ints = map(Types.ARRAY, "_int4", 0, 0, true, NumericMapping.NONE)
                .orElseThrow()
                .schema();
        assertThat(ints.type()).isEqualTo(Schema.Type.ARRAY);
        assertThat(ints.isOptional()).isTrue();
        assertThat(ints.valueSchema().type()).isEqualTo(Schema.Type.INT32);
        assertThat(ints.valueSchema().isOptional()).isTrue();
        assertThat(map(Types.ARRAY, "_text", 0, 0, false, NumericMapping.NONE)
                        .orElseThrow()
                        .schema()
                        .valueSchema()
                        .type())
                .isEqualTo(Schema.Type.STRING);
        assertThat(map(Types.ARRAY, "_point", 0, 0, false, NumericMapping.NONE)).isEmpty();
    }

    @Test
    void typesWithoutMappingAreLeftOut() {
        assertThat(ColumnMapper.map(new ColumnDescription("c", Types.STRUCT, "record", 0, 0, true), NONE))
                .isEmpty();
        assertThat(ColumnMapper.map(new ColumnDescription("c", Types.JAVA_OBJECT, "x", 0, 0, true), NONE))
                .isEmpty();
    }

    @Test
    void numericMappingParsesTheConfigValues() {
        assertThat(NumericMapping.fromConfig("best_fit")).isEqualTo(NumericMapping.BEST_FIT);
        assertThat(NumericMapping.fromConfig("Precision_Only")).isEqualTo(NumericMapping.PRECISION_ONLY);
        assertThat(NumericMapping.configValues()).contains("none", "precision_only", "best_fit");
        assertThatThrownBy(() -> NumericMapping.fromConfig("exact")).isInstanceOf(IllegalArgumentException.class);
    }
}
