package io.kanal.runtime.transform;

import static io.kanal.runtime.transform.SampleRecords.at;
import static io.kanal.runtime.transform.SampleRecords.headers;
import static io.kanal.runtime.transform.SampleRecords.onTopic;
import static io.kanal.runtime.transform.SampleRecords.withHeaders;
import static org.assertj.core.api.Assertions.assertThat;

import io.kanal.api.data.Headers;
import io.kanal.api.data.Schema;
import io.kanal.api.source.SourceRecord;
import io.kanal.runtime.transform.Differential.Kind;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Differential tests of the transforms that touch the record rather than its key or value: DropHeaders, Filter,
 * InsertHeader, RegexRouter and TimestampRouter, against Apache Kafka Connect's.
 */
class RecordTransformsDifferentialTest {

    private static final SourceRecord[] HEADER_RECORDS = {
        withHeaders(Headers.empty()),
        withHeaders(headers("a")),
        withHeaders(headers("a", "b", "a", "c")),
        withHeaders(headers("c", "d")),
        withHeaders(Headers.empty().add("a", null, null).add("x", Schema.STRING_SCHEMA, "v")),
        Differential.valueRecord(null, null),
    };

    @Test
    void dropHeaders() {
        Differential differential =
                Differential.of(DropHeaders::new, org.apache.kafka.connect.transforms.DropHeaders::new);
        for (Map<String, ?> config : List.<Map<String, ?>>of(
                Map.of("headers", "a"),
                Map.of("headers", "a,c"),
                Map.of("headers", " a , b "),
                Map.of("headers", "a,a"),
                Map.of("headers", List.of("a", "x")),
                Map.of("headers", "zz"),
                Map.of("headers", ""),
                Map.of("headers", "a,,b"),
                Map.of("headers", "a,"),
                Map.of())) {
            differential.check(config, HEADER_RECORDS);
        }
        assertThat(differential.comparisons()).hasSize(10 * HEADER_RECORDS.length);
    }

    @Test
    void filterDropsEverything() {
        Differential differential = Differential.of(Filter::new, org.apache.kafka.connect.transforms.Filter::new);
        List<Differential.Comparison> results = differential.check(Map.of(), HEADER_RECORDS);
        assertThat(results)
                .allSatisfy(result -> assertThat(result.kanal().kind()).isEqualTo(Kind.RECORD));
        assertThat(results)
                .allSatisfy(result -> assertThat(result.kanal().record()).isNull());
    }

    @Test
    void insertHeader() {
        Differential differential =
                Differential.of(InsertHeader::new, org.apache.kafka.connect.transforms.InsertHeader::new);
        for (String literal : List.of(
                "hello",
                "42",
                "-129",
                "3000000000",
                "1.5",
                "true",
                "null",
                "",
                "  spaced  ",
                "[1,2,3]",
                "[1,\"a\"]",
                "{\"a\":1,\"b\":2}",
                "{}",
                "2020-01-31",
                "12:34:56.789",
                "2020-01-31T12:34:56.789Z",
                "1e400",
                "[unclosed")) {
            differential.check(Map.of("header", "a", "value.literal", literal), HEADER_RECORDS);
        }
        differential.check(Map.of("header", "", "value.literal", "x"), HEADER_RECORDS);
        differential.check(Map.of("header", "a"), HEADER_RECORDS);
        differential.check(Map.of("value.literal", "x"), HEADER_RECORDS);
    }

    @Test
    void regexRouter() {
        Differential differential =
                Differential.of(RegexRouter::new, org.apache.kafka.connect.transforms.RegexRouter::new);
        SourceRecord[] records = {
            onTopic("orders-raw"),
            onTopic("orders"),
            onTopic("ab"),
            onTopic("a"),
            onTopic("raw-orders-raw"),
            onTopic("")
        };
        for (Map<String, ?> config : List.<Map<String, ?>>of(
                Map.of("regex", "(.*)-raw", "replacement", "$1"),
                Map.of("regex", "(.*)-raw", "replacement", "clean-$1-\\$"),
                Map.of("regex", "(?<name>.*)-raw", "replacement", "${name}_x"),
                Map.of("regex", ".*", "replacement", "all"),
                Map.of("regex", "", "replacement", "empty"),
                // matches() takes "ab" through the second alternative; replaceFirst then replaces only "a".
                Map.of("regex", "a|ab", "replacement", "X"),
                Map.of("regex", "(orders)", "replacement", ""),
                Map.of("regex", " (.*)-raw ", "replacement", " $1 "),
                Map.of("regex", "(", "replacement", "x"),
                Map.of("regex", "a"),
                Map.of("replacement", "a"))) {
            differential.check(config, records);
        }
    }

    @Test
    void regexRouterRejectsABrokenReplacementWhenConfigured() {
        Differential differential =
                Differential.of(RegexRouter::new, org.apache.kafka.connect.transforms.RegexRouter::new);
        // Connect fails on the first matching record (IndexOutOfBounds / IllegalArgument); Kanal fails earlier, as a
        // config error naming 'replacement'. The harness accepts a proper error where Connect throws a bug.
        for (String replacement : List.of("$2", "${nope}", "trailing\\", "${unclosed")) {
            List<Differential.Comparison> results =
                    differential.check(Map.of("regex", "(.*)-raw", "replacement", replacement), onTopic("orders-raw"));
            assertThat(results.get(0).apache().kind()).isEqualTo(Kind.OTHER_ERROR);
            assertThat(results.get(0).kanal().kind()).isEqualTo(Kind.CONFIG_ERROR);
            assertThat(results.get(0).kanal().message()).contains("'replacement'");
        }
    }

    @Test
    void timestampRouter() {
        Differential differential =
                Differential.of(TimestampRouter::new, org.apache.kafka.connect.transforms.TimestampRouter::new);
        SourceRecord[] records = {
            at(1_700_000_000_123L),
            at(1_700_000_000_123L),
            at(0L),
            at(-1L),
            at(253_402_300_799_999L),
            onTopic("weird-${timestamp}-${topic}"),
            onTopic("a$b\\c"),
        };
        for (Map<String, ?> config : List.<Map<String, ?>>of(
                Map.of(),
                Map.of("topic.format", "${topic}_${timestamp}_${topic}"),
                Map.of("topic.format", "static"),
                Map.of("topic.format", " ${timestamp} "),
                Map.of("topic.format", "${TOPIC}-${timestamp}"),
                Map.of("timestamp.format", "yyyy-MM-dd'T'HH:mm:ss.SSSZ"),
                Map.of("timestamp.format", "YYYY-ww-u"),
                Map.of("timestamp.format", "EEE MMM d"),
                Map.of("timestamp.format", "'literal'"),
                Map.of("timestamp.format", ""))) {
            differential.check(config, records);
        }
    }

    @Test
    void timestampRouterFailsOnARecordWithoutTimestamp() {
        // The message prints the record, whose toString differs between the two models.
        Differential differential = Differential.of(
                        TimestampRouter::new, org.apache.kafka.connect.transforms.TimestampRouter::new)
                .ignoringMessages();
        List<Differential.Comparison> results = differential.check(Map.of(), at(null));
        assertThat(results.get(0).kanal().kind()).isEqualTo(Kind.DATA_ERROR);
        assertThat(results.get(0).kanal().message()).startsWith("Timestamp missing on record: ");
    }

    @Test
    void timestampRouterRejectsAnInvalidDateFormatWhenConfigured() {
        Differential differential =
                Differential.of(TimestampRouter::new, org.apache.kafka.connect.transforms.TimestampRouter::new);
        // Connect builds the formatter lazily and fails on the first record with an IllegalArgumentException.
        List<Differential.Comparison> results =
                differential.check(Map.of("timestamp.format", "yyyy-qq"), at(1_700_000_000_123L));
        assertThat(results.get(0).apache().kind()).isEqualTo(Kind.OTHER_ERROR);
        assertThat(results.get(0).kanal().kind()).isEqualTo(Kind.CONFIG_ERROR);
        assertThat(results.get(0).kanal().message()).contains("'timestamp.format'");
    }
}
