package io.kanal.runtime.transform.predicate;

import static org.assertj.core.api.Assertions.assertThat;

import io.kanal.api.data.Headers;
import io.kanal.api.data.Schema;
import io.kanal.api.source.SourceRecord;
import io.kanal.api.transform.Predicate;
import io.kanal.config.ConfigException;
import io.kanal.runtime.transform.Differential;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Runs configurations and records through Apache Kafka Connect's predicates and Kanal's and requires the same
 * configuration errors and the same answer for every record.
 */
class PredicatesDifferentialTest {

    private static final SourceRecord[] RECORDS = {
        record("orders", Headers.empty(), Schema.INT32_SCHEMA, 1),
        record("orders-eu", Headers.empty().add("trace", Schema.STRING_SCHEMA, "t"), null, null),
        record("Orders", Headers.empty().add("Trace", null, null), Schema.OPTIONAL_INT32_SCHEMA, null),
        record("", Headers.empty().add("trace", null, null).add("trace", Schema.INT8_SCHEMA, (byte) 1), null, "v"),
        record("a.b-c_d", Headers.empty().add("other", Schema.STRING_SCHEMA, "x"), Schema.STRING_SCHEMA, ""),
    };

    private static SourceRecord record(String topic, Headers headers, Schema valueSchema, Object value) {
        return new SourceRecord(Map.of(), Map.of(), topic, 0, null, null, valueSchema, value, 1L, headers);
    }

    @Test
    void topicNameMatches() {
        int matched = 0;
        for (Map<String, ?> config : List.<Map<String, ?>>of(
                Map.of("pattern", "orders"),
                Map.of("pattern", "orders.*"),
                Map.of("pattern", " orders-.* "),
                Map.of("pattern", "(?i)orders"),
                Map.of("pattern", "ord"),
                Map.of("pattern", ".*"),
                Map.of("pattern", ""),
                Map.of("pattern", "   "),
                Map.of("pattern", "[unclosed"),
                Map.of())) {
            matched += check(
                    TopicNameMatches::new,
                    org.apache.kafka.connect.transforms.predicates.TopicNameMatches::new,
                    config);
        }
        assertThat(matched).isPositive();
    }

    @Test
    void hasHeaderKey() {
        int matched = 0;
        for (Map<String, ?> config : List.<Map<String, ?>>of(
                Map.of("name", "trace"),
                Map.of("name", " trace "),
                Map.of("name", "missing"),
                Map.of("name", ""),
                Map.of())) {
            matched +=
                    check(HasHeaderKey::new, org.apache.kafka.connect.transforms.predicates.HasHeaderKey::new, config);
        }
        assertThat(matched).isPositive();
    }

    @Test
    void recordIsTombstone() {
        int matched = check(
                RecordIsTombstone::new,
                org.apache.kafka.connect.transforms.predicates.RecordIsTombstone::new,
                Map.of());
        assertThat(matched).isEqualTo(2);
        assertThat(new RecordIsTombstone<SourceRecord>().toString())
                .isEqualTo(new org.apache.kafka.connect.transforms.predicates.RecordIsTombstone<>().toString());
    }

    /** Compares one configuration over every record; returns how many records matched. */
    private static int check(
            Supplier<? extends Predicate<SourceRecord>> kanalFactory,
            Supplier<
                            ? extends
                                    org.apache.kafka.connect.transforms.predicates.Predicate<
                                            org.apache.kafka.connect.source.SourceRecord>>
                    apacheFactory,
            Map<String, ?> config) {
        Predicate<SourceRecord> kanal = kanalFactory.get();
        var apache = apacheFactory.get();
        boolean apacheRefused =
                refuses(() -> apache.configure(config), org.apache.kafka.common.config.ConfigException.class);
        boolean kanalRefused = refuses(() -> kanal.configure(kanal.configSpec().parse(config)), ConfigException.class);
        assertThat(kanalRefused).as("config %s refused", config).isEqualTo(apacheRefused);
        if (apacheRefused) {
            return 0;
        }
        List<Boolean> apacheAnswers = new ArrayList<>();
        List<Boolean> kanalAnswers = new ArrayList<>();
        for (SourceRecord record : RECORDS) {
            apacheAnswers.add(apache.test(Differential.toApache(record)));
            kanalAnswers.add(kanal.test(record));
        }
        assertThat(kanalAnswers).as("answers under %s", config).isEqualTo(apacheAnswers);
        kanal.close();
        apache.close();
        return (int) kanalAnswers.stream().filter(Boolean::booleanValue).count();
    }

    private static boolean refuses(Runnable configure, Class<? extends RuntimeException> configError) {
        try {
            configure.run();
            return false;
        } catch (RuntimeException failure) {
            assertThat(failure).isInstanceOf(configError);
            return true;
        }
    }
}
