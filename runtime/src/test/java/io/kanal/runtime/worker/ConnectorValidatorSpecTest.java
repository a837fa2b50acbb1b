package io.kanal.runtime.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kanal.config.ConfigKey;
import io.kanal.config.ConfigProblem;
import io.kanal.config.ConfigSpec;
import io.kanal.config.ConfigType;
import io.kanal.config.ConfigValidationResult;
import io.kanal.config.ConfigValueResult;
import io.kanal.runtime.invoke.PluginInvoker;
import io.kanal.runtime.isolation.PluginDescriptor;
import io.kanal.runtime.isolation.PluginPath;
import io.kanal.runtime.isolation.PluginRegistry;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A plugin whose spec cannot be had is not asked again for a while: REST reads a connector's spec on every config
 * read, and a hanging plugin would otherwise cost each read the whole timeout and one more thread.
 */
class ConnectorValidatorSpecTest {

    /** How often each fixture's spec was asked for; the registry creates the instances, so the count is static. */
    static final AtomicInteger ASKED = new AtomicInteger();
    /** Holds the hanging fixture until the test ends; a fresh one per test. */
    static final AtomicReference<CountDownLatch> RELEASE = new AtomicReference<>(new CountDownLatch(0));

    /** A connector whose spec throws. */
    public static final class FailingSpecConnector extends NeverStartedSourceConnector {
        /** Created by the invoker. */
        public FailingSpecConnector() {}

        @Override
        public ConfigSpec configSpec() {
            ASKED.incrementAndGet();
            throw new IllegalStateException("no spec today");
        }
    }

    /** A connector whose spec never returns (until the test releases it). */
    public static final class HangingSpecConnector extends NeverStartedSourceConnector {
        /** Created by the invoker. */
        public HangingSpecConnector() {}

        @Override
        public ConfigSpec configSpec() {
            ASKED.incrementAndGet();
            try {
                RELEASE.get().await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return ConfigSpec.builder().build();
        }
    }

    /** A connector that rejects {@code endpoint}, quoting the value it was given, as a spec's rules do. */
    public static final class QuotingConnector extends NeverStartedSourceConnector {
        /** Created by the invoker. */
        public QuotingConnector() {}

        @Override
        public ConfigSpec configSpec() {
            return ConfigSpec.builder()
                    .define(ConfigKey.builder("db.pwd", ConfigType.PASSWORD).build())
                    .build();
        }

        @Override
        public ConfigValidationResult validate(Map<String, String> config) {
            String endpoint = config.get("endpoint");
            ConfigProblem problem = ConfigProblem.invalidValue(
                    "endpoint", endpoint, "cannot reach " + endpoint + " as " + config.get("db.pwd"));
            return new ConfigValidationResult(
                    List.of(new ConfigValueResult(
                            "endpoint", Optional.of(endpoint), List.of(), List.of(problem), true)),
                    Set.of());
        }
    }

    private final PluginRegistry registry = PluginRegistry.load(
            PluginPath.parse(""),
            new PluginRegistry.Builtins(
                    List.of(
                            FailingSpecConnector.class.getName(),
                            HangingSpecConnector.class.getName(),
                            QuotingConnector.class.getName()),
                    Map.of(),
                    "1.0"));
    private final PluginInvoker invoker = PluginInvoker.builder().build();
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final ConnectorValidator validator = new ConnectorValidator(
            registry,
            invoker,
            new ConnectorConfigs(ConnectorValidatorSpecTest::resolve, Set.of()),
            Duration.ofSeconds(5),
            nanos::get);

    /** The config provider: {@code ${vault:endpoint}} resolves to a URL with a password in it. */
    private static Map<String, String> resolve(Map<String, String> raw) {
        Map<String, String> out = new HashMap<>(raw);
        out.replaceAll((k, v) -> v.equals("${vault:endpoint}") ? "https://admin:hunter22@db.internal" : v);
        return out;
    }

    @AfterEach
    void close() {
        RELEASE.get().countDown();
        validator.close();
        registry.close();
        ASKED.set(0);
    }

    private PluginDescriptor plugin(Class<?> type) {
        return registry.resolveConnector(type.getName(), null);
    }

    @Test
    void aFailedSpecIsRememberedForAMinuteThenAskedAgain() {
        PluginDescriptor failing = plugin(FailingSpecConnector.class);
        ASKED.set(0);

        assertThatThrownBy(() -> validator.spec(failing, Duration.ofSeconds(5)))
                .isInstanceOf(IllegalStateException.class);
        assertThat(ASKED).hasValue(1);

        nanos.addAndGet(Duration.ofSeconds(59).toNanos());
        assertThatThrownBy(() -> validator.spec(failing, Duration.ofSeconds(5)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("remembered");
        assertThat(ASKED).as("not asked again within the minute").hasValue(1);

        nanos.addAndGet(Duration.ofSeconds(2).toNanos());
        assertThatThrownBy(() -> validator.spec(failing, Duration.ofSeconds(5)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageNotContaining("remembered");
        assertThat(ASKED).as("asked again after the minute").hasValue(2);
    }

    @Test
    void aHangingSpecCostsOneTimeoutNotOnePerRead() {
        PluginDescriptor hanging = plugin(HangingSpecConnector.class);
        RELEASE.set(new CountDownLatch(1));
        ASKED.set(0);

        assertThatThrownBy(() -> validator.spec(hanging, Duration.ofMillis(200)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("did not return within 200 ms");
        for (int read = 0; read < 20; read++) {
            assertThatThrownBy(() -> validator.spec(hanging, Duration.ofSeconds(30)))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("remembered");
        }
        assertThat(ASKED).hasValue(1);
    }

    @Test
    void validationMessagesNeverShowWhatAReferenceResolvedTo() throws InterruptedException {
        ConnectorValidator.Outcome outcome = validator.validate(
                "c",
                Map.of("connector.class", QuotingConnector.class.getName(), "endpoint", "${vault:endpoint}"),
                Duration.ofSeconds(10));

        assertThat(outcome.result()).isPresent();
        ConfigValueResult endpoint = outcome.result().get().value("endpoint").orElseThrow();
        assertThat(endpoint.errors())
                .hasSize(1)
                .allSatisfy(e -> assertThat(e).doesNotContain("hunter22").contains("[hidden]"));
        assertThat(endpoint.shownValue()).hasValue("[hidden]");
        assertThat(outcome.explanation()).doesNotContain("hunter22");
    }

    @Test
    void aPasswordKeyNotNamedLikeOneIsMaskedInMessagesOnceTheSpecIsKnown() throws InterruptedException {
        PluginDescriptor quoting = plugin(QuotingConnector.class);
        validator.spec(quoting, Duration.ofSeconds(10));

        ConnectorValidator.Outcome outcome = validator.validate(
                "c",
                Map.of("connector.class", QuotingConnector.class.getName(), "endpoint", "db", "db.pwd", "pa55w0rd"),
                Duration.ofSeconds(10));

        assertThat(outcome.result().orElseThrow().problems()).singleElement().satisfies(p -> assertThat(p.message())
                .doesNotContain("pa55w0rd")
                .contains("[hidden]"));
    }

    @Test
    void anExactlyOnceWorkerAcceptsASourceWhoseProducerWritesToAnotherCluster() throws Exception {
        Map<String, String> worker = Map.of("bootstrap.servers", "a:9092", "exactly.once.source.support", "enabled");
        try (ConnectorValidator eos = new ConnectorValidator(
                registry,
                invoker,
                new ConnectorConfigs(ConnectorValidatorSpecTest::resolve, Set.of()),
                Duration.ofSeconds(5),
                nanos::get,
                io.kanal.runtime.task.ExactlyOnceMode.ENABLED,
                worker)) {
            ConnectorValidator.Outcome other = eos.validate(
                    "c",
                    Map.of(
                            "connector.class",
                            QuotingConnector.class.getName(),
                            "endpoint",
                            "db",
                            "producer.override.bootstrap.servers",
                            "other:9092"),
                    Duration.ofSeconds(10));
            // KIP-618: its offsets go to a connector-specific store on the producer's cluster; nothing to refuse
            assertThat(other.frameworkErrors()).isEmpty();

            ConnectorValidator.Outcome same = eos.validate(
                    "c",
                    Map.of(
                            "connector.class",
                            QuotingConnector.class.getName(),
                            "endpoint",
                            "db",
                            "producer.override.bootstrap.servers",
                            "a:9092"),
                    Duration.ofSeconds(10));
            assertThat(same.frameworkErrors()).isEmpty();
        }
    }
}
