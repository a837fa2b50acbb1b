package io.kanal.runtime.transform;

import io.kanal.runtime.transform.Differential.Kind;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.StringLength;
import net.jqwik.api.statistics.Statistics;

/**
 * Property-based differential tests: random nested data through Apache Kafka Connect's transforms and Kanal's, under
 * a few configurations, must give equal records or equal errors.
 */
class RandomDifferentialTest {

    @Property(tries = 300)
    void flattenMatchesConnect(@ForAll long seed) {
        RandomData data = new RandomData(seed);
        for (String delimiter : new String[] {".", "_", ""}) {
            Differential.of(Flatten.Value::new, org.apache.kafka.connect.transforms.Flatten.Value::new)
                    .check(Map.of("delimiter", delimiter), data.valueRecord(), data.valueRecord())
                    .forEach(
                            comparison -> Statistics.collect(comparison.apache().kind()));
        }
        // Most random records must flatten, or the property compares little more than errors.
        Statistics.coverage(coverage -> coverage.check(Kind.RECORD).percentage(percent -> percent > 50));
    }

    @Property(tries = 200)
    void insertFieldMatchesConnect(@ForAll long seed, @ForAll boolean replaceNullWithDefault) {
        RandomData data = new RandomData(seed);
        Differential.of(InsertField.Value::new, org.apache.kafka.connect.transforms.InsertField.Value::new)
                .check(
                        Map.of(
                                "topic.field", "t!",
                                "timestamp.field", "ts",
                                "static.field", "s",
                                "static.value", "v",
                                "replace.null.with.default", String.valueOf(replaceNullWithDefault)),
                        data.valueRecord(),
                        data.valueRecord());
    }

    @Property(tries = 200)
    void setSchemaMetadataMatchesConnect(@ForAll long seed, @ForAll boolean replaceNullWithDefault) {
        RandomData data = new RandomData(seed);
        Differential.of(SetSchemaMetadata.Value::new, org.apache.kafka.connect.transforms.SetSchemaMetadata.Value::new)
                .check(
                        Map.of(
                                "schema.name", "renamed",
                                "schema.version", "7",
                                "replace.null.with.default", String.valueOf(replaceNullWithDefault)),
                        data.valueRecord(),
                        data.valueRecord());
    }

    @Property(tries = 200)
    void hoistFieldMatchesConnect(@ForAll long seed, @ForAll @StringLength(min = 1, max = 5) String field) {
        RandomData data = new RandomData(seed);
        Differential.of(HoistField.Value::new, org.apache.kafka.connect.transforms.HoistField.Value::new)
                .check(Map.of("field", field), data.valueRecord(), data.valueRecord());
    }
}
