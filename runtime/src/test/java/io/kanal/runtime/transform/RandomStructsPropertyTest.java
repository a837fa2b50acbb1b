package io.kanal.runtime.transform;

import static org.assertj.core.api.Assertions.assertThat;

import io.kanal.api.data.DataArbitraries;
import io.kanal.api.data.Field;
import io.kanal.api.data.SchemaAndValue;
import io.kanal.api.source.SourceRecord;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Random struct schemas and values (nested, optional, defaults, logical types, from the data model's {@link
 * DataArbitraries}) through every transform of this package, configured from the schema's own field names, against
 * Apache's: equal records or equal failures.
 */
class RandomStructsPropertyTest {

    @Provide
    Arbitrary<SchemaAndValue> structs() {
        return DataArbitraries.structsAndValues();
    }

    @Provide
    Arbitrary<Long> seeds() {
        return Arbitraries.longs();
    }

    private static final List<String> TYPES =
            List.of("int8", "int16", "int32", "int64", "float32", "float64", "boolean", "string");

    @Property(tries = 300)
    void everyTransformAgreesWithConnect(
            @ForAll("structs") SchemaAndValue struct, @ForAll("seeds") long seed, @ForAll boolean withDefaults) {
        Random random = new Random(seed);
        List<String> names = struct.schema().fields().stream().map(Field::name).toList();
        String some = names.stream().filter(name -> random.nextBoolean()).collect(Collectors.joining(","));
        String one = names.isEmpty() ? "none" : names.get(random.nextInt(names.size()));
        String defaults = String.valueOf(withDefaults);
        SourceRecord record = Differential.record(struct.schema(), struct.value(), struct.schema(), struct.value());
        String castSpec = names.stream()
                .filter(name -> random.nextBoolean())
                .map(name -> name + ":" + TYPES.get(random.nextInt(TYPES.size())))
                .collect(Collectors.joining(","));

        Differential.of(ReplaceField.Value::new, org.apache.kafka.connect.transforms.ReplaceField.Value::new)
                .check(
                        Map.of("exclude", some, "renames", one + ":renamed", "replace.null.with.default", defaults),
                        record);
        Differential.of(ExtractField.Key::new, org.apache.kafka.connect.transforms.ExtractField.Key::new)
                .check(Map.of("field", one, "replace.null.with.default", defaults), record);
        Differential.of(ValueToKey::new, org.apache.kafka.connect.transforms.ValueToKey::new)
                .check(Map.of("fields", some.isEmpty() ? one : some, "replace.null.with.default", defaults), record);
        Differential.of(HeaderFrom.Value::new, org.apache.kafka.connect.transforms.HeaderFrom.Value::new)
                .check(
                        Map.of(
                                "fields",
                                one,
                                "headers",
                                "h1",
                                "operation",
                                random.nextBoolean() ? "move" : "copy",
                                "replace.null.with.default",
                                defaults),
                        record);
        if (!castSpec.isEmpty()) {
            Differential.of(Cast.Value::new, org.apache.kafka.connect.transforms.Cast.Value::new)
                    .check(Map.of("spec", castSpec, "replace.null.with.default", defaults), record);
        }
        // Masking a struct or bytes names the value's class, Apache's or Kanal's: compare the kinds only.
        List<Differential.Comparison> masked = Differential.of(
                        MaskField.Value::new, org.apache.kafka.connect.transforms.MaskField.Value::new)
                .ignoringMessages()
                .check(Map.of("fields", some.isEmpty() ? one : some, "replace.null.with.default", defaults), record);
        assertThat(masked).hasSize(1);
        Differential.of(
                        TimestampConverter.Value::new,
                        org.apache.kafka.connect.transforms.TimestampConverter.Value::new)
                .check(Map.of("field", one, "target.type", "unix", "replace.null.with.default", defaults), record);
    }
}
