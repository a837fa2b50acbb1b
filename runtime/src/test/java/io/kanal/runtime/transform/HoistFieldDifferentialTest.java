package io.kanal.runtime.transform;

import static io.kanal.runtime.transform.Differential.valueRecord;
import static org.assertj.core.api.Assertions.assertThat;

import io.kanal.api.data.Schema;
import io.kanal.runtime.transform.Differential.Kind;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HoistFieldDifferentialTest {

    private static final List<Map<String, ?>> CONFIGS = List.of(
            Map.of("field", "wrapped"),
            Map.of("field", " wrapped "),
            Map.of("field", "a.b"),
            Map.of("field", ""),
            Map.of());

    @Test
    void valueVariantMatchesConnect() {
        Differential differential =
                Differential.of(HoistField.Value::new, org.apache.kafka.connect.transforms.HoistField.Value::new);
        for (Map<String, ?> config : CONFIGS) {
            differential.check(config, SampleData.valueRecords());
        }
        SampleData.assertBothOutcomesSeen(differential);
    }

    @Test
    void keyVariantMatchesConnect() {
        Differential differential =
                Differential.of(HoistField.Key::new, org.apache.kafka.connect.transforms.HoistField.Key::new);
        for (Map<String, ?> config : CONFIGS) {
            differential.check(config, SampleData.keyRecords());
        }
        SampleData.assertBothOutcomesSeen(differential);
    }

    @Test
    void aNullUnderARequiredSchemaIsADataErrorNamingTheField() {
        Differential differential =
                Differential.of(HoistField.Value::new, org.apache.kafka.connect.transforms.HoistField.Value::new);
        List<Differential.Comparison> results =
                differential.check(Map.of("field", "wrapped"), valueRecord(Schema.INT32_SCHEMA, null));
        assertThat(results.get(0).kanal().kind()).isEqualTo(Kind.DATA_ERROR);
        assertThat(results.get(0).kanal().message()).contains("wrapped");
        // A value that does not match its schema.
        differential.check(Map.of("field", "wrapped"), valueRecord(Schema.INT32_SCHEMA, "text"));
    }
}
