package io.kanal.runtime.transform;

import static io.kanal.runtime.transform.Differential.record;
import static io.kanal.runtime.transform.Differential.valueRecord;

import io.kanal.api.data.Schema;
import io.kanal.api.data.SchemaBuilder;
import io.kanal.api.data.Struct;
import io.kanal.api.source.SourceRecord;
import io.kanal.api.transform.Transformation;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Operands Connect's data API does not expect (odd Java types, maps with null or non-string keys, structs that do
 * not match the record's schema, values that do not match their schema) through every key/value transform of this
 * set: Kanal must fail exactly when Connect does, with a data or config error, and never with a {@code
 * NullPointerException} or {@code ClassCastException}, where Connect sometimes throws those. Messages are not
 * compared: they name classes, which differ between the two models.
 */
class OddInputDifferentialTest {

    private static SourceRecord[] oddRecords() {
        Map<String, Object> nullKey = new HashMap<>();
        nullKey.put(null, 1);
        nullKey.put("a", 2);
        Map<Object, Object> intKeys = new HashMap<>(Map.of(1, "one", "two", 2));
        Map<String, Object> nestedIntKeys = new HashMap<>(Map.of("n", intKeys));
        Map<String, Object> nestedNullKey = new HashMap<>(Map.of("n", nullKey));
        Map<String, Object> nullKeyNested = new HashMap<>();
        nullKeyNested.put(null, new HashMap<>(Map.of("x", 1)));
        Map<String, Object> oddValues = new HashMap<>();
        oddValues.put("char", 'c');
        oddValues.put("buffer", ByteBuffer.wrap(new byte[] {1}));
        oddValues.put("array", new int[] {1});
        Schema other = SchemaBuilder.struct().field("x", Schema.INT32_SCHEMA).build();
        Struct otherStruct = new Struct(other).put("x", 1);
        List<SourceRecord> records = new ArrayList<>();
        for (Object odd : new Object[] {
            'c',
            Optional.empty(),
            new int[] {1},
            ByteBuffer.wrap(new byte[] {2}),
            new byte[] {3},
            nullKey,
            intKeys,
            nestedIntKeys,
            oddValues,
            Arrays.asList(1, null),
            otherStruct
        }) {
            records.add(valueRecord(null, odd));
        }
        records.add(valueRecord(SampleData.PERSON, otherStruct));
        records.add(valueRecord(Schema.INT32_SCHEMA, "not an int"));
        records.add(valueRecord(Schema.STRING_SCHEMA, otherStruct));
        records.add(valueRecord(
                SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.INT32_SCHEMA).build(), nullKey));
        records.add(record(null, intKeys, null, oddValues));
        return records.toArray(new SourceRecord[0]);
    }

    private static void check(
            Supplier<? extends Transformation<SourceRecord>> kanal,
            Supplier<
                            ? extends
                                    org.apache.kafka.connect.transforms.Transformation<
                                            org.apache.kafka.connect.source.SourceRecord>>
                    apache,
            Map<String, ?> config) {
        Differential.of(kanal, apache).ignoringMessages().check(config, oddRecords());
    }

    private static void checkStructsOnly(
            Supplier<? extends Transformation<SourceRecord>> kanal,
            Supplier<
                            ? extends
                                    org.apache.kafka.connect.transforms.Transformation<
                                            org.apache.kafka.connect.source.SourceRecord>>
                    apache,
            Map<String, ?> config) {
        // SetSchemaMetadata renames non-struct schemas where Connect 4.4.0 fails (see its differential test).
        SourceRecord[] structsOrSchemaless = Arrays.stream(oddRecords())
                .filter(record ->
                        record.valueSchema() == null || record.valueSchema().type() == Schema.Type.STRUCT)
                .toArray(SourceRecord[]::new);
        Differential.of(kanal, apache).ignoringMessages().check(config, structsOrSchemaless);
    }

    @Test
    void flatten() {
        check(Flatten.Value::new, org.apache.kafka.connect.transforms.Flatten.Value::new, Map.of());
        check(Flatten.Key::new, org.apache.kafka.connect.transforms.Flatten.Key::new, Map.of());
    }

    @Test
    void hoistField() {
        check(HoistField.Value::new, org.apache.kafka.connect.transforms.HoistField.Value::new, Map.of("field", "f"));
    }

    @Test
    void insertField() {
        check(
                InsertField.Value::new,
                org.apache.kafka.connect.transforms.InsertField.Value::new,
                Map.of("topic.field", "t", "static.field", "s", "static.value", "v"));
    }

    @Test
    void setSchemaMetadata() {
        checkStructsOnly(
                SetSchemaMetadata.Value::new,
                org.apache.kafka.connect.transforms.SetSchemaMetadata.Value::new,
                Map.of("schema.name", "n"));
    }

    @Test
    void recordLevelTransforms() {
        check(DropHeaders::new, org.apache.kafka.connect.transforms.DropHeaders::new, Map.of("headers", "h"));
        check(
                InsertHeader::new,
                org.apache.kafka.connect.transforms.InsertHeader::new,
                Map.of("header", "h", "value.literal", "1"));
        check(
                RegexRouter::new,
                org.apache.kafka.connect.transforms.RegexRouter::new,
                Map.of("regex", "t", "replacement", "u"));
        check(TimestampRouter::new, org.apache.kafka.connect.transforms.TimestampRouter::new, Map.of());
    }
}
