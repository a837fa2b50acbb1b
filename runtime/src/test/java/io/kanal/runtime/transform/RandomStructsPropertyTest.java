package io.kanal.runtime.transform;

import static org.assertj.core.api.Assertions.assertThat;

import io.kanal.api.data.DataArbitraries;
import io.kanal.api.data.Field;
import io.kanal.api.data.Schema;
import io.kanal.api.data.SchemaAndValue;
import io.kanal.api.data.Struct;
import io.kanal.api.source.SourceRecord;
import java.util.ArrayList;
import java.util.HashMap;
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

    @Property(tries = 500)
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

        // Nested paths (V2), schema'd and schemaless: the same data as nested maps.
        String path = nestedPath(struct.schema(), random);
        SourceRecord schemaless = Differential.record(null, asMaps(struct.value()), null, asMaps(struct.value()));
        for (SourceRecord input : List.of(record, schemaless)) {
            Differential.of(ExtractField.Value::new, org.apache.kafka.connect.transforms.ExtractField.Value::new)
                    .check(
                            Map.of("field", path, "field.syntax.version", "V2", "replace.null.with.default", defaults),
                            input);
            Differential.of(ValueToKey::new, org.apache.kafka.connect.transforms.ValueToKey::new)
                    .check(Map.of("fields", path + "," + one, "field.syntax.version", "V2"), input);
        }
        Differential.of(ReplaceField.Key::new, org.apache.kafka.connect.transforms.ReplaceField.Key::new)
                .check(Map.of("include", some, "renames", one + ":renamed"), schemaless);
        Differential.of(HeaderFrom.Key::new, org.apache.kafka.connect.transforms.HeaderFrom.Key::new)
                .check(Map.of("fields", one, "headers", "h1", "operation", "move"), schemaless);
        if (!castSpec.isEmpty()) {
            Differential.of(Cast.Key::new, org.apache.kafka.connect.transforms.Cast.Key::new)
                    .check(Map.of("spec", castSpec), schemaless);
        }
    }

    /** A dotted path into the schema: a field, then, while the field is a struct, sometimes one of its fields. */
    private static String nestedPath(Schema schema, Random random) {
        List<String> steps = new ArrayList<>();
        Schema current = schema;
        while (current.type() == Schema.Type.STRUCT && !current.fields().isEmpty()) {
            Field field = current.fields().get(random.nextInt(current.fields().size()));
            steps.add(field.name());
            current = field.schema();
            if (random.nextInt(4) == 0) {
                break;
            }
        }
        if (steps.isEmpty() || random.nextInt(5) == 0) {
            steps.add("absent");
        }
        return String.join(".", steps);
    }

    /** The schemaless form of a value: structs become maps of their set fields, recursively. */
    private static Object asMaps(Object value) {
        if (value instanceof Struct struct) {
            Map<String, Object> map = new HashMap<>();
            for (Field field : struct.schema().fields()) {
                Object fieldValue = struct.getWithoutDefault(field.name());
                if (fieldValue != null) {
                    map.put(field.name(), asMaps(fieldValue));
                }
            }
            return map;
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>();
            list.forEach(element -> copy.add(asMaps(element)));
            return copy;
        }
        if (value instanceof Map<?, ?> map) {
            Map<Object, Object> copy = new HashMap<>();
            map.forEach((k, v) -> copy.put(asMaps(k), asMaps(v)));
            return copy;
        }
        return value;
    }
}
