package io.kanal.bench;

import io.kanal.api.data.Schema;
import io.kanal.api.data.SchemaBuilder;
import io.kanal.api.data.Struct;
import io.kanal.runtime.convert.JsonConverter;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Kanal's JsonConverter side by side with Apache Kafka Connect's, on the same record: to bytes and from bytes, with
 * the schema envelope ({@code schemas.enable=true}) and without, for a flat 10-field struct and a nested one (a
 * struct, an array of structs and a map inside). Both converters produce the same bytes; the input of the
 * from-bytes benchmarks is those bytes.
 *
 * <pre>{@code
 * java -jar benchmarks/target/benchmarks.jar JsonConverterBenchmark -f 1 -wi 3 -w 2s -i 5 -r 2s
 * }</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class JsonConverterBenchmark {

    /** The record's shape. */
    @Param({"flat", "nested"})
    public String shape;

    /** Whether the envelope with the schema is written and read. */
    @Param({"true", "false"})
    public boolean schemas;

    private JsonConverter kanal;
    private org.apache.kafka.connect.json.JsonConverter apache;
    private Schema kanalSchema;
    private Struct kanalValue;
    private org.apache.kafka.connect.data.Schema apacheSchema;
    private org.apache.kafka.connect.data.Struct apacheValue;
    private byte[] bytes;

    /** Builds both converters and the record in both data models. */
    @Setup
    public void setUp() {
        Map<String, Object> config = Map.of("schemas.enable", String.valueOf(schemas));
        kanal = new JsonConverter();
        kanal.configure(kanal.configSpec().parse(config), false);
        apache = new org.apache.kafka.connect.json.JsonConverter();
        apache.configure(config, false);
        if (shape.equals("flat")) {
            kanalSchema = KanalRecords.flatSchema();
            kanalValue = KanalRecords.flat(kanalSchema);
            apacheSchema = ApacheRecords.flatSchema();
            apacheValue = ApacheRecords.flat(apacheSchema);
        } else {
            kanalSchema = KanalRecords.nestedSchema();
            kanalValue = KanalRecords.nested(kanalSchema);
            apacheSchema = ApacheRecords.nestedSchema();
            apacheValue = ApacheRecords.nested(apacheSchema);
        }
        bytes = apache.fromConnectData("topic", apacheSchema, apacheValue);
        byte[] ours = kanal.fromConnectData("topic", null, kanalSchema, kanalValue);
        if (!java.util.Arrays.equals(bytes, ours)) {
            throw new IllegalStateException(
                    "Kanal and Apache disagree:\n" + new String(ours) + "\n" + new String(bytes));
        }
    }

    /** Kanal, Connect data to JSON bytes. */
    @Benchmark
    public byte[] kanalToBytes() {
        return kanal.fromConnectData("topic", null, kanalSchema, kanalValue);
    }

    /** Apache, Connect data to JSON bytes. */
    @Benchmark
    public byte[] apacheToBytes() {
        return apache.fromConnectData("topic", apacheSchema, apacheValue);
    }

    /** Kanal, JSON bytes to Connect data. */
    @Benchmark
    public Object kanalFromBytes() {
        return kanal.toConnectData("topic", null, bytes);
    }

    /** Apache, JSON bytes to Connect data. */
    @Benchmark
    public Object apacheFromBytes() {
        return apache.toConnectData("topic", bytes);
    }

    /** The record in Kanal's data model. */
    static final class KanalRecords {
        private KanalRecords() {}

        static Schema flatSchema() {
            return SchemaBuilder.struct()
                    .name("com.example.Customer")
                    .field("id", Schema.INT64_SCHEMA)
                    .field("name", Schema.STRING_SCHEMA)
                    .field("email", Schema.OPTIONAL_STRING_SCHEMA)
                    .field("age", Schema.INT32_SCHEMA)
                    .field("score", Schema.FLOAT64_SCHEMA)
                    .field("active", Schema.BOOLEAN_SCHEMA)
                    .field("created", io.kanal.api.data.Timestamp.SCHEMA)
                    .field("balance", io.kanal.api.data.Decimal.schema(2))
                    .field(
                            "country",
                            SchemaBuilder.string().optional().defaultValue("DE").build())
                    .field("level", Schema.INT16_SCHEMA)
                    .build();
        }

        static Struct flat(Schema schema) {
            return new Struct(schema)
                    .put("id", 1234567890123L)
                    .put("name", "Ada Lovelace")
                    .put("email", "ada@example.com")
                    .put("age", 36)
                    .put("score", 98.25)
                    .put("active", true)
                    .put("created", new java.util.Date(1_700_000_000_000L))
                    .put("balance", new BigDecimal("1234.56"))
                    .put("country", "UK")
                    .put("level", (short) 7);
        }

        static Schema nestedSchema() {
            Schema address = SchemaBuilder.struct()
                    .name("com.example.Address")
                    .field("street", Schema.STRING_SCHEMA)
                    .field("city", Schema.STRING_SCHEMA)
                    .field("zip", Schema.STRING_SCHEMA)
                    .build();
            Schema line = SchemaBuilder.struct()
                    .name("com.example.Line")
                    .field("sku", Schema.STRING_SCHEMA)
                    .field("quantity", Schema.INT32_SCHEMA)
                    .field("price", Schema.FLOAT64_SCHEMA)
                    .build();
            return SchemaBuilder.struct()
                    .name("com.example.Order")
                    .field("id", Schema.INT64_SCHEMA)
                    .field("customer", flatSchema())
                    .field("shipping", address)
                    .field("lines", SchemaBuilder.array(line).build())
                    .field(
                            "attributes",
                            SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.STRING_SCHEMA)
                                    .build())
                    .build();
        }

        static Struct nested(Schema schema) {
            Schema address = schema.field("shipping").schema();
            Schema line = schema.field("lines").schema().valueSchema();
            List<Object> lines = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                lines.add(new Struct(line)
                        .put("sku", "SKU-" + i)
                        .put("quantity", i + 1)
                        .put("price", 9.99 * (i + 1)));
            }
            Map<String, String> attributes = new LinkedHashMap<>();
            attributes.put("channel", "web");
            attributes.put("campaign", "winter");
            return new Struct(schema)
                    .put("id", 42L)
                    .put("customer", flat(schema.field("customer").schema()))
                    .put(
                            "shipping",
                            new Struct(address)
                                    .put("street", "1 Main St")
                                    .put("city", "London")
                                    .put("zip", "N1"))
                    .put("lines", lines)
                    .put("attributes", attributes);
        }
    }

    /** The same record in Apache Kafka Connect's data model. */
    static final class ApacheRecords {
        private ApacheRecords() {}

        static org.apache.kafka.connect.data.Schema flatSchema() {
            return org.apache.kafka.connect.data.SchemaBuilder.struct()
                    .name("com.example.Customer")
                    .field("id", org.apache.kafka.connect.data.Schema.INT64_SCHEMA)
                    .field("name", org.apache.kafka.connect.data.Schema.STRING_SCHEMA)
                    .field("email", org.apache.kafka.connect.data.Schema.OPTIONAL_STRING_SCHEMA)
                    .field("age", org.apache.kafka.connect.data.Schema.INT32_SCHEMA)
                    .field("score", org.apache.kafka.connect.data.Schema.FLOAT64_SCHEMA)
                    .field("active", org.apache.kafka.connect.data.Schema.BOOLEAN_SCHEMA)
                    .field("created", org.apache.kafka.connect.data.Timestamp.SCHEMA)
                    .field("balance", org.apache.kafka.connect.data.Decimal.schema(2))
                    .field(
                            "country",
                            org.apache.kafka.connect.data.SchemaBuilder.string()
                                    .optional()
                                    .defaultValue("DE")
                                    .build())
                    .field("level", org.apache.kafka.connect.data.Schema.INT16_SCHEMA)
                    .build();
        }

        static org.apache.kafka.connect.data.Struct flat(org.apache.kafka.connect.data.Schema schema) {
            return new org.apache.kafka.connect.data.Struct(schema)
                    .put("id", 1234567890123L)
                    .put("name", "Ada Lovelace")
                    .put("email", "ada@example.com")
                    .put("age", 36)
                    .put("score", 98.25)
                    .put("active", true)
                    .put("created", new java.util.Date(1_700_000_000_000L))
                    .put("balance", new BigDecimal("1234.56"))
                    .put("country", "UK")
                    .put("level", (short) 7);
        }

        static org.apache.kafka.connect.data.Schema nestedSchema() {
            org.apache.kafka.connect.data.Schema address = org.apache.kafka.connect.data.SchemaBuilder.struct()
                    .name("com.example.Address")
                    .field("street", org.apache.kafka.connect.data.Schema.STRING_SCHEMA)
                    .field("city", org.apache.kafka.connect.data.Schema.STRING_SCHEMA)
                    .field("zip", org.apache.kafka.connect.data.Schema.STRING_SCHEMA)
                    .build();
            org.apache.kafka.connect.data.Schema line = org.apache.kafka.connect.data.SchemaBuilder.struct()
                    .name("com.example.Line")
                    .field("sku", org.apache.kafka.connect.data.Schema.STRING_SCHEMA)
                    .field("quantity", org.apache.kafka.connect.data.Schema.INT32_SCHEMA)
                    .field("price", org.apache.kafka.connect.data.Schema.FLOAT64_SCHEMA)
                    .build();
            return org.apache.kafka.connect.data.SchemaBuilder.struct()
                    .name("com.example.Order")
                    .field("id", org.apache.kafka.connect.data.Schema.INT64_SCHEMA)
                    .field("customer", flatSchema())
                    .field("shipping", address)
                    .field(
                            "lines",
                            org.apache.kafka.connect.data.SchemaBuilder.array(line)
                                    .build())
                    .field(
                            "attributes",
                            org.apache.kafka.connect.data.SchemaBuilder.map(
                                            org.apache.kafka.connect.data.Schema.STRING_SCHEMA,
                                            org.apache.kafka.connect.data.Schema.STRING_SCHEMA)
                                    .build())
                    .build();
        }

        static org.apache.kafka.connect.data.Struct nested(org.apache.kafka.connect.data.Schema schema) {
            org.apache.kafka.connect.data.Schema address =
                    schema.field("shipping").schema();
            org.apache.kafka.connect.data.Schema line =
                    schema.field("lines").schema().valueSchema();
            List<Object> lines = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                lines.add(new org.apache.kafka.connect.data.Struct(line)
                        .put("sku", "SKU-" + i)
                        .put("quantity", i + 1)
                        .put("price", 9.99 * (i + 1)));
            }
            Map<String, String> attributes = new LinkedHashMap<>();
            attributes.put("channel", "web");
            attributes.put("campaign", "winter");
            return new org.apache.kafka.connect.data.Struct(schema)
                    .put("id", 42L)
                    .put("customer", flat(schema.field("customer").schema()))
                    .put(
                            "shipping",
                            new org.apache.kafka.connect.data.Struct(address)
                                    .put("street", "1 Main St")
                                    .put("city", "London")
                                    .put("zip", "N1"))
                    .put("lines", lines)
                    .put("attributes", attributes);
        }
    }
}
