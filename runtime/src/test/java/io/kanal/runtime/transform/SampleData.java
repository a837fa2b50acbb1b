package io.kanal.runtime.transform;

import static io.kanal.runtime.transform.Differential.record;
import static io.kanal.runtime.transform.Differential.valueRecord;

import io.kanal.api.data.ConnectSchema;
import io.kanal.api.data.Decimal;
import io.kanal.api.data.Schema;
import io.kanal.api.data.SchemaBuilder;
import io.kanal.api.data.Struct;
import io.kanal.api.data.Timestamp;
import io.kanal.api.source.SourceRecord;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Keys and values, with and without schemas, for the differential tests of the key/value transforms: nested and
 * optional structs, defaults (including a struct default), arrays, logical types, nested maps with nulls, and values
 * that do not fit.
 */
final class SampleData {

    private SampleData() {}

    static final Schema ADDRESS = SchemaBuilder.struct()
            .name("Address")
            .field("street", Schema.STRING_SCHEMA)
            .field("zip", SchemaBuilder.int32().optional().defaultValue(1000).build())
            .optional()
            .build();

    static final Schema GEO = SchemaBuilder.struct()
            .field("lat", Schema.FLOAT64_SCHEMA)
            .field("lon", Schema.OPTIONAL_FLOAT64_SCHEMA)
            .build();

    static final Schema LOCATION = location();

    /**
     * A struct with a struct default. Connect's builders accept a struct default only as a struct of the builder
     * itself, which ApacheData cannot map (it recurses), so the schema is made directly, as a deserializer would.
     */
    private static Schema location() {
        Schema plain = SchemaBuilder.struct()
                .name("Location")
                .field("geo", GEO)
                .field("label", Schema.OPTIONAL_STRING_SCHEMA)
                .build();
        Struct home = new Struct(plain)
                .put("geo", new Struct(GEO).put("lat", 1.5).put("lon", 2.5))
                .put("label", "home");
        return new ConnectSchema(
                Schema.Type.STRUCT, false, home, "Location", null, null, null, plain.fields(), null, null);
    }

    static final Schema PERSON = SchemaBuilder.struct()
            .name("Person")
            .version(3)
            .doc("a person")
            .parameter("origin", "test")
            .field("name", Schema.STRING_SCHEMA)
            .field("age", SchemaBuilder.int32().optional().defaultValue(18).build())
            .field("address", ADDRESS)
            .field("tags", SchemaBuilder.array(Schema.STRING_SCHEMA).optional().build())
            .field("balance", Decimal.builder(2).optional().build())
            .field("born", Timestamp.builder().optional().build())
            .field("location", LOCATION)
            .build();

    static final Schema OPTIONAL_PERSON = SchemaBuilder.struct()
            .name("Person")
            .field("name", Schema.STRING_SCHEMA)
            .field("address", ADDRESS)
            .optional()
            .build();

    static final Schema WITH_MAP = SchemaBuilder.struct()
            .field("id", Schema.INT64_SCHEMA)
            .field(
                    "attributes",
                    SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.STRING_SCHEMA)
                            .optional()
                            .build())
            .build();

    static Struct fullPerson() {
        return new Struct(PERSON)
                .put("name", "Ada")
                .put("age", 36)
                .put("address", new Struct(ADDRESS).put("street", "Main St").put("zip", 12345))
                .put("tags", List.of("x", "y"))
                .put("balance", new BigDecimal("12.34"))
                .put("born", new java.util.Date(-4_000_000_000_000L))
                .put(
                        "location",
                        new Struct(PERSON.field("location").schema())
                                .put("geo", new Struct(GEO).put("lat", 10.0))
                                .put("label", null));
    }

    static Struct sparsePerson() {
        return new Struct(PERSON).put("name", "Bob").put("age", null);
    }

    static Struct optionalPerson() {
        return new Struct(OPTIONAL_PERSON).put("name", "Cy");
    }

    static Struct withMap() {
        return new Struct(WITH_MAP).put("id", 1L).put("attributes", Map.of("k", "v"));
    }

    static Map<String, Object> nestedMap() {
        Map<String, Object> inner = new LinkedHashMap<>();
        inner.put("street", "Main St");
        inner.put("zip", null);
        inner.put("deeper", new HashMap<>(Map.of("x", 1, "y", List.of(1, 2))));
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("name", "Ada");
        map.put("address", inner);
        map.put("tags", Arrays.asList("a", null));
        map.put("nothing", null);
        map.put("bytes", new byte[] {1, 2});
        map.put("empty", new HashMap<>());
        map.put("", new HashMap<>(Map.of("under.empty", true)));
        return map;
    }

    /** Records whose value is the operand, with and without schemas, valid and not. */
    static SourceRecord[] valueRecords() {
        List<SourceRecord> records = new ArrayList<>();
        records.add(valueRecord(PERSON, fullPerson()));
        records.add(valueRecord(PERSON, sparsePerson()));
        records.add(valueRecord(PERSON, fullPerson()));
        records.add(valueRecord(OPTIONAL_PERSON, optionalPerson()));
        records.add(valueRecord(OPTIONAL_PERSON, null));
        records.add(valueRecord(null, nestedMap()));
        records.add(valueRecord(null, new HashMap<>(Map.of("a", 1))));
        records.add(valueRecord(null, new HashMap<>()));
        records.add(valueRecord(null, null));
        records.add(valueRecord(Schema.INT32_SCHEMA, 5));
        records.add(valueRecord(Schema.OPTIONAL_STRING_SCHEMA, null));
        records.add(valueRecord(null, "not a map"));
        records.add(valueRecord(null, List.of(1, 2)));
        records.add(valueRecord(SchemaBuilder.array(Schema.INT32_SCHEMA).build(), List.of(1, 2)));
        return records.toArray(new SourceRecord[0]);
    }

    /** The same operands as keys, the value being something else. */
    static SourceRecord[] keyRecords() {
        List<SourceRecord> records = new ArrayList<>();
        for (SourceRecord value : valueRecords()) {
            records.add(record(value.valueSchema(), value.value(), Schema.STRING_SCHEMA, "value"));
        }
        return records.toArray(new SourceRecord[0]);
    }

    /**
     * Guards the corpus: a differential run where every record failed, or none did, compares too little.
     *
     * @param differential a harness that has run
     */
    static void assertBothOutcomesSeen(Differential differential) {
        org.assertj.core.api.Assertions.assertThat(differential.comparisons())
                .extracting(comparison -> comparison.apache().kind())
                .contains(Differential.Kind.RECORD, Differential.Kind.DATA_ERROR);
    }
}
