package io.kanal.runtime.transform;

import static org.assertj.core.api.Assertions.assertThat;

import io.kanal.api.data.Schema;
import io.kanal.api.data.SchemaBuilder;
import io.kanal.api.data.Struct;
import io.kanal.api.data.Timestamp;
import io.kanal.api.source.SourceRecord;
import io.kanal.api.transform.Transformation;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Odd records (values that do not match their schema, maps with non-string keys, nested junk) through every
 * transform of this package, against Apache's: the outcome kinds must agree, and Kanal never throws anything but a
 * config or data error.
 */
class RobustnessPropertyTest {

    record Case(
            String name,
            Supplier<? extends Transformation<SourceRecord>> kanal,
            Supplier<
                            ? extends
                                    org.apache.kafka.connect.transforms.Transformation<
                                            org.apache.kafka.connect.source.SourceRecord>>
                    apache,
            Map<String, String> config) {
        @Override
        public String toString() {
            return name + config;
        }
    }

    static final Schema STRUCT = SchemaBuilder.struct()
            .field("a", Schema.OPTIONAL_INT64_SCHEMA)
            .field("b", Schema.OPTIONAL_STRING_SCHEMA)
            .field("t", Timestamp.builder().optional().build())
            .build();

    @Provide
    Arbitrary<Case> cases() {
        return Arbitraries.of(
                new Case(
                        "Cast",
                        Cast.Value::new,
                        org.apache.kafka.connect.transforms.Cast.Value::new,
                        Map.of("spec", "a:int8,b:string")),
                new Case(
                        "Cast",
                        Cast.Value::new,
                        org.apache.kafka.connect.transforms.Cast.Value::new,
                        Map.of("spec", "string")),
                new Case(
                        "ExtractField",
                        ExtractField.Value::new,
                        org.apache.kafka.connect.transforms.ExtractField.Value::new,
                        Map.of("field", "a")),
                new Case(
                        "ExtractField",
                        ExtractField.Value::new,
                        org.apache.kafka.connect.transforms.ExtractField.Value::new,
                        Map.of("field", "a.b", "field.syntax.version", "V2")),
                new Case(
                        "HeaderFrom",
                        HeaderFrom.Value::new,
                        org.apache.kafka.connect.transforms.HeaderFrom.Value::new,
                        Map.of("fields", "a", "headers", "h", "operation", "move")),
                new Case(
                        "MaskField",
                        MaskField.Value::new,
                        org.apache.kafka.connect.transforms.MaskField.Value::new,
                        Map.of("fields", "a,b")),
                new Case(
                        "MaskField",
                        MaskField.Value::new,
                        org.apache.kafka.connect.transforms.MaskField.Value::new,
                        Map.of("fields", "a,b", "replacement", "7")),
                new Case(
                        "ReplaceField",
                        ReplaceField.Value::new,
                        org.apache.kafka.connect.transforms.ReplaceField.Value::new,
                        Map.of("renames", "a:z", "exclude", "b")),
                new Case(
                        "TimestampConverter",
                        TimestampConverter.Value::new,
                        org.apache.kafka.connect.transforms.TimestampConverter.Value::new,
                        Map.of("target.type", "unix", "field", "t")),
                new Case(
                        "TimestampConverter",
                        TimestampConverter.Value::new,
                        org.apache.kafka.connect.transforms.TimestampConverter.Value::new,
                        Map.of("target.type", "string", "format", "yyyy")),
                new Case(
                        "ValueToKey",
                        ValueToKey::new,
                        org.apache.kafka.connect.transforms.ValueToKey::new,
                        Map.of("fields", "a,b")),
                new Case(
                        "ValueToKey",
                        ValueToKey::new,
                        org.apache.kafka.connect.transforms.ValueToKey::new,
                        Map.of("fields", "a.b", "field.syntax.version", "V2")));
    }

    @Provide
    Arbitrary<Object> junk() {
        Arbitrary<Object> leaf = Arbitraries.oneOf(
                Arbitraries.just(null),
                Arbitraries.longs().map(Object.class::cast),
                Arbitraries.integers().map(Object.class::cast),
                Arbitraries.strings().ofMaxLength(4).map(Object.class::cast),
                Arbitraries.of(true, false).map(Object.class::cast),
                Arbitraries.just(new byte[] {1}),
                Arbitraries.just(new java.util.Date(5)),
                Arbitraries.just(new Struct(STRUCT).put("a", 1L)));
        Arbitrary<Object> map = Combinators.combine(
                        Arbitraries.of("a", "b", "t", "x"), leaf, Arbitraries.of("a", "b"), leaf)
                .as((k1, v1, k2, v2) -> {
                    Map<Object, Object> m = new HashMap<>();
                    m.put(k1, v1);
                    m.put(k2, v2 instanceof Long l ? Map.of("b", l) : v2);
                    return m;
                });
        Arbitrary<Object> list = leaf.list().ofMaxSize(2).map(l -> new ArrayList<>(l));
        return Arbitraries.oneOf(leaf, map, list, leaf.map(v -> {
            Map<Object, Object> m = new HashMap<>();
            m.put(1, v);
            return m;
        }));
    }

    @Provide
    Arbitrary<Schema> schemas() {
        return Arbitraries.of(STRUCT, Schema.INT64_SCHEMA, Schema.OPTIONAL_STRING_SCHEMA, Timestamp.SCHEMA)
                .injectNull(0.5);
    }

    @Property(tries = 1500)
    void oddRecordsFailTheSameWayInBoth(
            @ForAll("cases") Case transform, @ForAll("junk") Object value, @ForAll("schemas") Schema schema) {
        // A schema with an unrelated value is not something a converter produces, but it reaches transforms when
        // a connector gets it wrong: both sides must still answer, and Kanal never with an NPE or CCE.
        List<Differential.Comparison> comparisons = Differential.of(transform.kanal(), transform.apache())
                .ignoringMessages()
                .check(transform.config(), Differential.valueRecord(schema, value));
        assertThat(comparisons).singleElement().satisfies(comparison -> assertThat(
                        comparison.kanal().kind())
                .isNotEqualTo(Differential.Kind.OTHER_ERROR));
    }
}
