package io.kanal.runtime.transform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kanal.api.source.SourceRecord;
import io.kanal.api.transform.Predicate;
import io.kanal.api.transform.Transformation;
import io.kanal.config.ConfigException;
import io.kanal.config.ConfigSpec;
import io.kanal.config.InvalidConfigValueException;
import io.kanal.config.ParsedConfig;
import io.kanal.runtime.transform.PredicatedTransformation.Condition;
import io.kanal.runtime.transform.predicate.RecordIsTombstone;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PredicatedTransformationTest {

    private static final SourceRecord TOMBSTONE = Differential.valueRecord(null, null);
    private static final SourceRecord LIVE = Differential.valueRecord(null, "v");

    @Test
    void appliesWhenThePredicateMatchesOrWhenItDoesNotUnderNegate() {
        PredicatedTransformation<SourceRecord> dropTombstones =
                new PredicatedTransformation<SourceRecord>(new Filter<>(), new RecordIsTombstone<>(), false);
        assertThat(dropTombstones.apply(TOMBSTONE)).isNull();
        assertThat(dropTombstones.apply(LIVE)).isSameAs(LIVE);

        PredicatedTransformation<SourceRecord> keepTombstones =
                new PredicatedTransformation<SourceRecord>(new Filter<>(), new RecordIsTombstone<>(), true);
        assertThat(keepTombstones.apply(TOMBSTONE)).isSameAs(TOMBSTONE);
        assertThat(keepTombstones.apply(LIVE)).isNull();

        PredicatedTransformation<SourceRecord> always =
                new PredicatedTransformation<SourceRecord>(new Filter<>(), null, false);
        assertThat(always.apply(LIVE)).isNull();
        assertThat(always.predicate()).isNull();
        assertThatThrownBy(() -> new PredicatedTransformation<SourceRecord>(new Filter<>(), null, true))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void matchesConnectsStageOnEveryCombination() {
        // Connect's TransformationStage: transform when predicate == null || negate ^ predicate.test(record).
        for (boolean negate : new boolean[] {false, true}) {
            for (SourceRecord record : List.of(TOMBSTONE, LIVE)) {
                var apachePredicate = new org.apache.kafka.connect.transforms.predicates.RecordIsTombstone<
                        org.apache.kafka.connect.source.SourceRecord>();
                boolean connectTransforms = negate ^ apachePredicate.test(Differential.toApache(record));
                SourceRecord result = new PredicatedTransformation<>(
                                new Filter<SourceRecord>(), new RecordIsTombstone<>(), negate)
                        .apply(record);
                assertThat(result == null)
                        .as("negate=%s record=%s", negate, record)
                        .isEqualTo(connectTransforms);
            }
        }
    }

    @Test
    void configureAndCloseReachTheWrappedPlugins() {
        List<String> calls = new ArrayList<>();
        Transformation<SourceRecord> transformation = new Transformation<>() {
            @Override
            public ConfigSpec configSpec() {
                return DropHeaders.CONFIG_SPEC;
            }

            @Override
            public void configure(ParsedConfig config) {
                calls.add("configure " + config.get(DropHeaders.HEADERS));
            }

            @Override
            public SourceRecord apply(SourceRecord record) {
                return record;
            }

            @Override
            public void close() {
                calls.add("close transformation");
                throw new IllegalStateException("boom");
            }
        };
        Predicate<SourceRecord> predicate = new Predicate<>() {
            @Override
            public ConfigSpec configSpec() {
                return RecordIsTombstone.CONFIG_SPEC;
            }

            @Override
            public void configure(ParsedConfig config) {}

            @Override
            public boolean test(SourceRecord record) {
                return true;
            }

            @Override
            public void close() {
                calls.add("close predicate");
            }
        };
        PredicatedTransformation<SourceRecord> wrapper =
                new PredicatedTransformation<>(transformation, predicate, false);
        assertThat(wrapper.configSpec()).isSameAs(DropHeaders.CONFIG_SPEC);
        wrapper.configure(wrapper.configSpec().parse(Map.of("headers", "a")));
        assertThatThrownBy(wrapper::close).hasMessage("boom");
        assertThat(calls).containsExactly("configure [a]", "close transformation", "close predicate");
    }

    @Test
    void conditionsAreParsedAsConnectDoes() {
        assertThat(Condition.parse("transforms.t.", Map.of())).isEqualTo(Condition.ALWAYS);
        assertThat(Condition.parse("transforms.t.", Map.of("predicate", " isTombstone ")))
                .isEqualTo(new Condition("isTombstone", false));
        assertThat(Condition.parse("transforms.t.", Map.of("predicate", "p", "negate", "TRUE")))
                .isEqualTo(new Condition("p", true));
        assertThat(Condition.parse("transforms.t.", Map.of("predicate", "p", "negate", false)))
                .isEqualTo(new Condition("p", false));
        assertThatThrownBy(() -> Condition.parse("transforms.t.", Map.of("negate", "false")))
                .isInstanceOf(InvalidConfigValueException.class)
                .hasMessageContaining("'transforms.t.negate'")
                .hasMessageContaining("there is no config 'transforms.t.predicate' defining a predicate to be negated");
        assertThatThrownBy(() -> Condition.parse("transforms.t.", Map.of("predicate", "p", "negate", "yes")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'transforms.t.negate'")
                .hasMessageContaining("true or false");
        assertThatThrownBy(() -> Condition.parse("transforms.t.", Map.of("predicate", " ")))
                .isInstanceOf(InvalidConfigValueException.class)
                .hasMessageContaining("'transforms.t.predicate'");
    }

    @Test
    void theImplicitKeysAreStrippedFromTheTransformsOwnConfiguration() {
        Map<String, Object> own = Condition.strip(Map.of("predicate", "p", "negate", "true", "headers", "a"));
        assertThat(own).containsOnlyKeys("headers");
        assertThat(PredicatedTransformation.CONDITION_SPEC.parse(Map.of()).get(PredicatedTransformation.NEGATE))
                .isFalse();
    }
}
