package io.kanal.runtime.transform;

import static io.kanal.runtime.transform.Differential.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kanal.api.data.Schema;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The harness itself: it must notice a difference. */
class DifferentialTest {

    @Test
    void aDifferentResultFailsTheCheck() {
        // Kanal's Key variant against Apache's Value variant: the results differ.
        Differential mismatched =
                Differential.of(ExtractField.Key::new, org.apache.kafka.connect.transforms.ExtractField.Value::new);
        assertThatThrownBy(() ->
                        mismatched.check(Map.of("field", "a"), record(null, Map.of("a", 1), null, Map.of("a", 2))))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("key");
    }

    @Test
    void aDifferentErrorMessageFailsTheCheckUnlessRelaxed() {
        Differential differential =
                Differential.of(ExtractField.Value::new, org.apache.kafka.connect.transforms.ExtractField.Value::new);
        // Apache says "found: java.lang.String" like Kanal: equal.
        differential.check(Map.of("field", "a"), record(null, null, null, "text"));
        assertThat(differential.comparisons()).singleElement().satisfies(c -> {
            assertThat(c.apache().kind()).isEqualTo(Differential.Kind.DATA_ERROR);
            assertThat(c.kanal().message()).isEqualTo(c.apache().message());
        });
    }

    @Test
    void deepEqualsLooksIntoArraysListsAndMaps() {
        assertThat(Differential.deepEquals(Map.of("a", List.of(new byte[] {1})), Map.of("a", List.of(new byte[] {1}))))
                .isTrue();
        assertThat(Differential.deepEquals(Map.of("a", new byte[] {1}), Map.of("a", new byte[] {2})))
                .isFalse();
        assertThat(Differential.deepEquals(Map.of("a", 1), Map.of("b", 1))).isFalse();
        assertThat(Differential.deepEquals(List.of(1), List.of(1, 2))).isFalse();
        assertThat(Differential.deepEquals(Schema.INT8_SCHEMA, Schema.INT8_SCHEMA))
                .isTrue();
    }
}
