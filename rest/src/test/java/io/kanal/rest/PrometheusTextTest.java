package io.kanal.rest;

import static org.assertj.core.api.Assertions.assertThat;

import io.kanal.runtime.api.MetricFamily;
import io.kanal.runtime.api.MetricFamily.Kind;
import io.kanal.runtime.api.MetricFamily.Sample;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class PrometheusTextTest {

    /** One sample line of format 0.0.4: name, optional labels with escaped values, a float value. */
    private static final Pattern SAMPLE = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*"
            + "(\\{([a-zA-Z_][a-zA-Z0-9_]*=\"([^\"\\\\\\n]|\\\\[\\\\\"n])*\")(,[a-zA-Z_][a-zA-Z0-9_]*=\"([^\"\\\\\\n]|\\\\[\\\\\"n])*\")*})?"
            + " (NaN|[+-]Inf|-?[0-9]+(\\.[0-9]+)?([eE][+-]?[0-9]+)?)");

    private static final Pattern COMMENT =
            Pattern.compile("# (HELP [a-zA-Z_:][a-zA-Z0-9_:]* .*|TYPE [a-zA-Z_:][a-zA-Z0-9_:]* (counter|gauge))");

    @Test
    void namesFollowTheJmxExportersDefaultMapping() {
        MetricFamily poll = new MetricFamily(
                "kafka.connect",
                "source-task-metrics",
                "source-record-poll-total",
                Kind.COUNTER,
                "Records polled.",
                List.of("connector", "task"),
                List.of(new Sample(List.of("c", "0"), 42)));

        assertThat(PrometheusText.render(List.of(poll)))
                .isEqualTo(
                        "# HELP kafka_connect_source_task_metrics_source_record_poll_total Records polled.\n"
                                + "# TYPE kafka_connect_source_task_metrics_source_record_poll_total counter\n"
                                + "kafka_connect_source_task_metrics_source_record_poll_total{connector=\"c\",task=\"0\"} 42\n");
    }

    @Test
    void escapesLabelValuesAndHelpText() {
        MetricFamily f = new MetricFamily(
                "kafka.connect",
                "connector-metrics",
                "status",
                Kind.GAUGE,
                "a \\ back\nslash",
                List.of("connector", "client-id"),
                List.of(new Sample(List.of("we\"ird\\name\nx", "é"), 1)));

        String text = PrometheusText.render(List.of(f));

        assertThat(text)
                .contains("# HELP kafka_connect_connector_metrics_status a \\\\ back\\nslash\n")
                .contains(
                        "kafka_connect_connector_metrics_status{connector=\"we\\\"ird\\\\name\\nx\",client_id=\"é\"} 1\n");
        assertValid(text);
    }

    @Test
    void writesWholeNumbersPlainlyAndOtherValuesAsPrometheusParsesThem() {
        assertThat(PrometheusText.value(3)).isEqualTo("3");
        assertThat(PrometheusText.value(-0.0)).isEqualTo("0");
        assertThat(PrometheusText.value(0.25)).isEqualTo("0.25");
        assertThat(PrometheusText.value(1e-7)).isEqualTo("1.0E-7");
        assertThat(PrometheusText.value(1e300)).isEqualTo("1.0E300");
        assertThat(PrometheusText.value(Double.NaN)).isEqualTo("NaN");
        assertThat(PrometheusText.value(Double.POSITIVE_INFINITY)).isEqualTo("+Inf");
        assertThat(PrometheusText.value(Double.NEGATIVE_INFINITY)).isEqualTo("-Inf");
    }

    @Test
    void sanitizesNamesOutsideTheAlphabet() {
        assertThat(PrometheusText.sanitize("kafka.producer_producer-metrics_record-send-total"))
                .isEqualTo("kafka_producer_producer_metrics_record_send_total");
        assertThat(PrometheusText.sanitize("9lives")).isEqualTo("_9lives");
    }

    @Test
    void everyFamilyHasOneHelpAndTypeLineBeforeItsSamples() {
        List<MetricFamily> families = List.of(
                new MetricFamily(
                        "kafka.connect",
                        "connect-worker-metrics",
                        "connector-count",
                        Kind.GAUGE,
                        "Connectors.",
                        List.of(),
                        List.of(new Sample(List.of(), 2))),
                new MetricFamily(
                        "kafka.connect",
                        "connector-task-metrics",
                        "batch-size-avg",
                        Kind.GAUGE,
                        "Batches.",
                        List.of("connector", "task"),
                        List.of(new Sample(List.of("a", "0"), 1.5), new Sample(List.of("b", "1"), Double.NaN))),
                new MetricFamily(
                        "kafka.connect",
                        "connector-task-metrics",
                        "empty",
                        Kind.GAUGE,
                        "No samples.",
                        List.of("connector"),
                        List.of()));

        String text = PrometheusText.render(families);

        assertValid(text);
        assertThat(text.lines().filter(l -> l.startsWith("# TYPE"))).hasSize(3);
        assertThat(text.lines().filter(l -> l.startsWith("# HELP"))).hasSize(3);
        assertThat(text)
                .contains("kafka_connect_connect_worker_metrics_connector_count 2\n")
                .contains("kafka_connect_connector_task_metrics_batch_size_avg{connector=\"a\",task=\"0\"} 1.5\n")
                .contains("kafka_connect_connector_task_metrics_batch_size_avg{connector=\"b\",task=\"1\"} NaN\n")
                .endsWith("\n");
    }

    /** Every line is a HELP, a TYPE or a sample; each family's samples follow its TYPE line and use its name. */
    private static void assertValid(String text) {
        String family = null;
        for (String line : text.split("\n", -1)) {
            if (line.isEmpty()) {
                continue;
            }
            if (line.startsWith("#")) {
                assertThat(line).matches(COMMENT);
                family = line.split(" ")[2];
            } else {
                assertThat(line).matches(SAMPLE);
                assertThat(line).startsWith(family);
            }
        }
    }
}
