package io.kanal.runtime.transform;

import static io.kanal.runtime.transform.Differential.record;
import static io.kanal.runtime.transform.Differential.valueRecord;
import static org.assertj.core.api.Assertions.assertThat;

import io.kanal.api.data.Date;
import io.kanal.api.data.Decimal;
import io.kanal.api.data.Schema;
import io.kanal.api.data.SchemaBuilder;
import io.kanal.api.data.Struct;
import io.kanal.api.data.Time;
import io.kanal.api.data.Timestamp;
import io.kanal.api.source.SourceRecord;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class CastDifferentialTest {

    static final List<String> TYPES =
            List.of("int8", "int16", "int32", "int64", "float32", "float64", "boolean", "string");

    static final Schema STRUCT = SchemaBuilder.struct()
            .name("s")
            .field("i8", Schema.INT8_SCHEMA)
            .field("i32", SchemaBuilder.int32().optional().defaultValue(300).build())
            .field("i64", Schema.OPTIONAL_INT64_SCHEMA)
            .field("f64", Schema.FLOAT64_SCHEMA)
            .field("bool", Schema.BOOLEAN_SCHEMA)
            .field("str", SchemaBuilder.string().defaultValue("12").build())
            .field("bytes", Schema.OPTIONAL_BYTES_SCHEMA)
            .field("dec", Decimal.builder(2).optional().build())
            .field("date", Date.builder().optional().build())
            .field("time", Time.builder().optional().build())
            .field("ts", Timestamp.builder().optional().build())
            .field("arr", SchemaBuilder.array(Schema.INT32_SCHEMA).optional().build())
            .build();

    static Struct full() {
        return new Struct(STRUCT)
                .put("i8", (byte) -8)
                .put("i32", 70000)
                .put("i64", 1L << 40)
                .put("f64", -2.75d)
                .put("bool", true)
                .put("str", "127")
                .put("bytes", new byte[] {1, 2, 3})
                .put("dec", new BigDecimal("123.45"))
                .put("date", new java.util.Date(86_400_000L * 365))
                .put("time", new java.util.Date(3_723_004L))
                .put("ts", new java.util.Date(1_700_000_000_123L))
                .put("arr", List.of(1));
    }

    static SourceRecord[] records() {
        Struct sparse = new Struct(STRUCT).put("i8", (byte) 1).put("f64", 0.0d).put("bool", false);
        Map<String, Object> map = new HashMap<>();
        map.put("i8", (byte) 5);
        map.put("i32", 70000);
        map.put("f64", 1e300);
        map.put("bool", false);
        map.put("str", "true");
        map.put("bytes", ByteBuffer.wrap(new byte[] {9, 8}));
        map.put("dec", new BigDecimal("1.5"));
        map.put("date", new java.util.Date(0));
        map.put("arr", List.of(1));
        map.put("nul", null);
        return new SourceRecord[] {
            record(STRUCT, full(), STRUCT, full()),
            record(STRUCT, sparse, STRUCT, sparse),
            record(null, map, null, map),
            record(STRUCT, null, STRUCT, null),
            record(null, null, null, null),
            record(Schema.INT64_SCHEMA, 1234567L, Schema.FLOAT64_SCHEMA, 1.5e10),
            record(Schema.STRING_SCHEMA, "42", Schema.STRING_SCHEMA, "not a number"),
            record(null, "1e3", null, true),
            record(Timestamp.SCHEMA, new java.util.Date(1_700_000_000_123L), Date.SCHEMA, new java.util.Date(0)),
            record(Schema.BYTES_SCHEMA, new byte[] {1}, null, new byte[] {2}),
            record(Decimal.schema(3), new BigDecimal("3.142"), null, new BigDecimal("2.5")),
            record(SchemaBuilder.int16().optional().defaultValue((short) 7).build(), (short) 9, null, List.of(1)),
        };
    }

    static final List<Map<String, String>> CONFIGS = List.of(
            Map.of("spec", "i8:int16,i32:int8,i64:string,f64:int32,bool:int64,str:int8"),
            Map.of("spec", "i8:float32,i32:float64,i64:boolean,f64:string,bool:string,str:boolean"),
            Map.of("spec", "bytes:string,dec:string,date:string,time:string,ts:string"),
            Map.of("spec", "dec:int32,date:int32,time:int64,ts:int64"),
            Map.of("spec", "dec:float64,ts:float64,date:boolean"),
            Map.of("spec", "i32:string", "replace.null.with.default", "false"),
            Map.of("spec", "i32:int16"),
            Map.of("spec", "str:int8,str:int64"),
            Map.of("spec", " i8 : INT64 ,bool:Boolean"),
            Map.of("spec", "missing:int8"),
            Map.of("spec", "nul:int8,arr:string"),
            Map.of("spec", "bytes:int8"),
            Map.of("spec", "arr:string"),
            Map.of("spec", "int8"),
            Map.of("spec", "int64"),
            Map.of("spec", "string"),
            Map.of("spec", "float64"),
            Map.of("spec", "boolean"),
            Map.of("spec", "int8:"),
            Map.of("spec", ":int8"),
            Map.of("spec", ""),
            Map.of("spec", "bytes"),
            Map.of("spec", "a:bytes"),
            Map.of("spec", "a:foo"),
            Map.of("spec", "foo"),
            Map.of("spec", "int8,int16"),
            Map.of("spec", "a:int8,int16"),
            Map.of("spec", "a:b:c"),
            Map.of("spec", "a:int8,,b:int8"),
            Map.of("spec", "::"),
            Map.of());

    @Test
    void valueVariantMatchesConnect() {
        Differential differential =
                Differential.of(Cast.Value::new, org.apache.kafka.connect.transforms.Cast.Value::new);
        for (Map<String, String> config : CONFIGS) {
            differential.check(config, records());
        }
        assertThat(differential.comparisons())
                .filteredOn(c -> c.apache().kind() == Differential.Kind.RECORD)
                .hasSizeGreaterThan(80);
        assertThat(differential.comparisons())
                .filteredOn(c -> c.apache().kind() == Differential.Kind.DATA_ERROR)
                .hasSizeGreaterThan(20);
    }

    @Test
    void keyVariantMatchesConnect() {
        Differential differential = Differential.of(Cast.Key::new, org.apache.kafka.connect.transforms.Cast.Key::new);
        for (Map<String, String> config : CONFIGS) {
            differential.check(config, records());
        }
        assertThat(differential.comparisons())
                .filteredOn(c -> c.apache().kind() == Differential.Kind.RECORD)
                .hasSizeGreaterThan(80);
    }

    @Provide
    Arbitrary<Object> primitives() {
        return Arbitraries.oneOf(
                Arbitraries.bytes().map(Object.class::cast),
                Arbitraries.shorts().map(Object.class::cast),
                Arbitraries.integers().map(Object.class::cast),
                Arbitraries.longs().map(Object.class::cast),
                Arbitraries.floats().map(Object.class::cast),
                Arbitraries.doubles().map(Object.class::cast),
                Arbitraries.of(true, false).map(Object.class::cast),
                Arbitraries.of(
                                "0",
                                "-1",
                                "127",
                                "128",
                                "32768",
                                "2147483648",
                                "1.5",
                                "1e3",
                                "NaN",
                                "true",
                                "TRUE",
                                "yes",
                                "",
                                " 1",
                                "9223372036854775808",
                                "-Infinity")
                        .map(Object.class::cast),
                Arbitraries.strings().ofMaxLength(5).map(Object.class::cast));
    }

    @Property(tries = 400)
    void everyPrimitiveCastsAsInConnect(@ForAll("primitives") Object value, @ForAll("types") String target) {
        Schema schema = io.kanal.api.data.ConnectSchema.schemaType(value.getClass()) == null
                ? null
                : SchemaBuilder.type(io.kanal.api.data.ConnectSchema.schemaType(value.getClass()))
                        .build();
        Differential differential =
                Differential.of(Cast.Value::new, org.apache.kafka.connect.transforms.Cast.Value::new);
        differential.check(Map.of("spec", target), valueRecord(null, value), valueRecord(schema, value));
        Map<String, Object> map = new HashMap<>();
        map.put("f", value);
        differential.check(Map.of("spec", "f:" + target), valueRecord(null, map));
        Schema struct = SchemaBuilder.struct().field("f", schema).build();
        differential.check(Map.of("spec", "f:" + target), valueRecord(struct, new Struct(struct).put("f", value)));
    }

    @Provide
    Arbitrary<String> types() {
        return Arbitraries.of(TYPES);
    }
}
