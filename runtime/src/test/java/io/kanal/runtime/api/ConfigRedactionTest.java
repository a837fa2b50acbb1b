package io.kanal.runtime.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kanal.api.connector.ConnectRecord;
import io.kanal.api.convert.Converter;
import io.kanal.api.data.Headers;
import io.kanal.api.data.Schema;
import io.kanal.api.data.SchemaAndValue;
import io.kanal.api.transform.Transformation;
import io.kanal.config.ConfigKey;
import io.kanal.config.ConfigSpec;
import io.kanal.config.ConfigType;
import io.kanal.config.ConfigValidationResult;
import io.kanal.config.ParsedConfig;
import io.kanal.runtime.herder.HerderEvent;
import io.kanal.runtime.herder.HerderReply;
import io.kanal.runtime.herder.HerderView;
import io.kanal.runtime.herder.Status;
import io.kanal.runtime.herder.StatusState;
import io.kanal.runtime.herder.TargetState;
import io.kanal.runtime.isolation.PluginPath;
import io.kanal.runtime.isolation.PluginRegistry;
import io.kanal.runtime.task.ActiveTopics;
import io.kanal.runtime.worker.ConnectorValidator;
import io.kanal.runtime.worker.NeverStartedSourceConnector;
import io.kanal.runtime.worker.WorkerOffsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Which values the API hides and when a written-back marker gets its stored value: never across a change of plugin,
 * and, without the plugin's spec, every value named like a secret.
 */
class ConfigRedactionTest {

    private static final String HIDDEN = ConfigRedaction.MARKER;

    /** A connector whose {@code db.password} is a PASSWORD. */
    public static final class SecretConnector extends NeverStartedSourceConnector {
        /** Created by the registry. */
        public SecretConnector() {}

        @Override
        public ConfigSpec configSpec() {
            return ConfigSpec.builder()
                    .define(ConfigKey.builder("db.password", ConfigType.PASSWORD)
                            .build())
                    .define(ConfigKey.builder("db.user", ConfigType.STRING).build())
                    .build();
        }
    }

    /** A connector whose {@code db.password} is a plain string: it shows it. */
    public static final class PlainConnector extends NeverStartedSourceConnector {
        /** Created by the registry. */
        public PlainConnector() {}

        @Override
        public ConfigSpec configSpec() {
            return ConfigSpec.builder()
                    .define(ConfigKey.builder("db.password", ConfigType.STRING).build())
                    .build();
        }
    }

    /** A connector whose spec cannot be had. */
    public static final class BrokenConnector extends NeverStartedSourceConnector {
        /** Created by the registry. */
        public BrokenConnector() {}

        @Override
        public ConfigSpec configSpec() {
            throw new IllegalStateException("no spec today");
        }
    }

    /** A converter with a PASSWORD key whose name does not say so. */
    public static final class AuthConverter implements Converter {
        /** Created by the registry. */
        public AuthConverter() {}

        @Override
        public ConfigSpec configSpec() {
            return ConfigSpec.builder()
                    .define(ConfigKey.builder("registry.auth", ConfigType.PASSWORD)
                            .build())
                    .define(ConfigKey.builder("registry.url", ConfigType.STRING).build())
                    .build();
        }

        @Override
        public void configure(ParsedConfig config, boolean isKey) {
            // Never used.
        }

        @Override
        public byte[] fromConnectData(String topic, Headers headers, Schema schema, Object value) {
            throw new UnsupportedOperationException("never used");
        }

        @Override
        public SchemaAndValue toConnectData(String topic, Headers headers, byte[] value) {
            throw new UnsupportedOperationException("never used");
        }
    }

    /** A transformation with a PASSWORD key whose name does not say so. */
    public static final class LookupTransform<R extends ConnectRecord<R>> implements Transformation<R> {
        /** Created by the registry. */
        public LookupTransform() {}

        @Override
        public ConfigSpec configSpec() {
            return ConfigSpec.builder()
                    .define(ConfigKey.builder("lookup.auth", ConfigType.PASSWORD)
                            .build())
                    .build();
        }

        @Override
        public void configure(ParsedConfig config) {
            // Never used.
        }

        @Override
        public R apply(R record) {
            return record;
        }
    }

    private final PluginRegistry registry = PluginRegistry.load(
            PluginPath.parse(""),
            new PluginRegistry.Builtins(
                    List.of(
                            SecretConnector.class.getName(),
                            PlainConnector.class.getName(),
                            BrokenConnector.class.getName(),
                            AuthConverter.class.getName(),
                            LookupTransform.class.getName()),
                    Map.of(),
                    "1.0"));

    @AfterEach
    void close() {
        registry.close();
    }

    /** A worker with the three connectors, one stored connector and a herder that accepts every write. */
    private final class FakeWorker implements WorkerApi {
        final List<HerderEvent.Request> requests = new ArrayList<>();
        HerderView view = new HerderView(1, "w:8083", false, new TreeMap<>());

        @Override
        public CompletableFuture<HerderReply> request(LongFunction<? extends HerderEvent.Request> request) {
            HerderEvent.Request r = request.apply(requests.size() + 1L);
            requests.add(r);
            return new CompletableFuture<>();
        }

        @Override
        public HerderView view() {
            return view;
        }

        @Override
        public PluginRegistry registry() {
            return registry;
        }

        final List<Map<String, String>> validated = new ArrayList<>();
        boolean valid;

        @Override
        public ConnectorValidator.Outcome validate(String name, Map<String, String> config, Duration timeout) {
            validated.add(config);
            return valid
                    ? new ConnectorValidator.Outcome(
                            Optional.of(new ConfigValidationResult(List.of(), Set.of())), Optional.empty())
                    : new ConnectorValidator.Outcome(Optional.empty(), Optional.of("not validated here"));
        }

        @Override
        public boolean ready() {
            return true;
        }

        @Override
        public ActiveTopics activeTopics() {
            return new ActiveTopics(true, true);
        }

        @Override
        public WorkerOffsets offsets() {
            throw new UnsupportedOperationException("not needed here");
        }

        @Override
        public String version() {
            return "9.9";
        }

        void store(String name, Map<String, String> config) {
            view = new HerderView(
                    2,
                    "w:8083",
                    false,
                    new TreeMap<>(Map.of(
                            name,
                            new HerderView.ConnectorView(
                                    name,
                                    config,
                                    TargetState.RUNNING,
                                    Status.of(StatusState.RUNNING, "w:8083"),
                                    List.of()))));
        }
    }

    private final FakeWorker worker = new FakeWorker();
    private final ConfigRedaction redaction = new ConfigRedaction(worker, Duration.ofSeconds(5));

    private static Map<String, String> config(Class<?> connector, String password) {
        return Map.of("connector.class", connector.getName(), "db.password", password, "db.user", "bob");
    }

    @Test
    void theMarkerWrittenBackUnderTheSamePluginGetsTheStoredPassword() {
        Map<String, String> stored = config(SecretConnector.class, "s3cret");
        assertThat(redaction.redact(stored)).containsEntry("db.password", HIDDEN);

        Map<String, String> restored = redaction.restore(config(SecretConnector.class, HIDDEN), stored);

        assertThat(restored).containsEntry("db.password", "s3cret").containsEntry("db.user", "bob");
    }

    @Test
    void theMarkerIsRefusedWhenTheClassChangesToOneThatShowsTheKey() {
        Map<String, String> stored = config(SecretConnector.class, "s3cret");

        assertThatThrownBy(() -> redaction.restore(config(PlainConnector.class, HIDDEN), stored))
                .isInstanceOfSatisfying(
                        ApiException.class, e -> assertThat(e.errorCode()).isEqualTo(400))
                .hasMessageContaining("db.password")
                .hasMessageContaining("send the value again")
                .hasMessageNotContaining("s3cret");
    }

    @Test
    void theMarkerIsRefusedWhenThePluginVersionChanges() {
        Map<String, String> stored = config(SecretConnector.class, "s3cret");
        Map<String, String> written = new java.util.HashMap<>(config(SecretConnector.class, HIDDEN));
        written.put("connector.plugin.version", "1.0");

        assertThatThrownBy(() -> redaction.restore(written, stored))
                .isInstanceOfSatisfying(
                        ApiException.class, e -> assertThat(e.errorCode()).isEqualTo(400));
    }

    @Test
    void aPatchThatChangesTheClassCannotCarryTheStoredSecretOver() {
        worker.store("c", config(SecretConnector.class, "s3cret"));
        ConnectorService service = new ConnectorService(worker, Duration.ofSeconds(5));

        assertThatThrownBy(() -> service.patch("c", Map.of("connector.class", PlainConnector.class.getName())))
                .isInstanceOfSatisfying(
                        ApiException.class, e -> assertThat(e.errorCode()).isEqualTo(400))
                .hasMessageContaining("send the value again")
                .hasMessageNotContaining("s3cret");
        assertThat(worker.requests).isEmpty();
    }

    @Test
    void withoutTheSpecEveryValueNamedLikeASecretIsHiddenButReferencesStayVisible() {
        Map<String, String> broken = new java.util.LinkedHashMap<>();
        broken.put("connector.class", BrokenConnector.class.getName());
        broken.put("db.password", "s3cret");
        broken.put("api.token", "t0ken");
        broken.put("client.secret", "cl13nt");
        broken.put("vault.password", "${file:/etc/db.properties:password}");
        broken.put("db.user", "bob");

        Map<String, String> shown = redaction.redact(broken);

        assertThat(shown)
                .containsEntry("db.password", HIDDEN)
                .containsEntry("api.token", HIDDEN)
                .containsEntry("client.secret", HIDDEN)
                .containsEntry("vault.password", "${file:/etc/db.properties:password}")
                .containsEntry("db.user", "bob");

        Map<String, String> notInstalled = new java.util.HashMap<>(broken);
        notInstalled.put("connector.class", "com.acme.GoneConnector");
        assertThat(redaction.redact(notInstalled)).containsEntry("db.password", HIDDEN);

        // A task whose connector was deleted mid-call: its connector config is empty.
        assertThat(redaction.redact(Map.of("db.password", "s3cret", "task.id", "0"), Map.of()))
                .containsEntry("db.password", HIDDEN)
                .containsEntry("task.id", "0");
    }

    @Test
    void withTheSpecOnlyItsPasswordsAreHidden() {
        assertThat(redaction.redact(config(PlainConnector.class, "shown"))).containsEntry("db.password", "shown");
    }

    @Test
    void validateNamingAStoredConnectorGetsItsHiddenPasswordsBackUnderTheSamePluginOnly() throws Exception {
        worker.store("c", config(SecretConnector.class, "s3cret"));
        worker.valid = true;
        PluginConfigService service = new PluginConfigService(worker, Duration.ofSeconds(5));
        Map<String, String> read = new java.util.HashMap<>(config(SecretConnector.class, HIDDEN));
        read.put("name", "c");

        ConfigInfoModel.ConfigInfos infos = service.validate(SecretConnector.class.getName(), read);

        assertThat(worker.validated).singleElement().satisfies(v -> assertThat(v)
                .containsEntry("db.password", "s3cret"));
        assertThat(infos.toString()).doesNotContain("s3cret");

        Map<String, String> otherPlugin = new java.util.HashMap<>(config(PlainConnector.class, HIDDEN));
        otherPlugin.put("name", "c");
        assertThatThrownBy(() -> service.validate(PlainConnector.class.getName(), otherPlugin))
                .isInstanceOfSatisfying(
                        ApiException.class, e -> assertThat(e.errorCode()).isEqualTo(400));
        assertThat(worker.validated).hasSize(1);
    }

    @Test
    void passwordsOfConvertersAndTransformsAreHiddenToo() {
        Map<String, String> config = new java.util.LinkedHashMap<>(config(PlainConnector.class, "shown"));
        config.put("value.converter", AuthConverter.class.getName());
        config.put("value.converter.registry.auth", "conv-s3cret");
        config.put("value.converter.registry.url", "http://registry");
        config.put("header.converter", "com.acme.GoneHeaderConverter");
        config.put("header.converter.basic.password", "hdr-s3cret");
        config.put("header.converter.url", "http://hdr");
        config.put("transforms", "lookup, gone");
        config.put("transforms.lookup.type", LookupTransform.class.getName());
        config.put("transforms.lookup.lookup.auth", "smt-s3cret");
        config.put("transforms.gone.type", "com.acme.GoneTransform");
        config.put("transforms.gone.api.token", "gone-s3cret");

        Map<String, String> shown = redaction.redact(config);

        assertThat(shown)
                .containsEntry("value.converter.registry.auth", HIDDEN)
                .containsEntry("value.converter.registry.url", "http://registry")
                .containsEntry("header.converter.basic.password", HIDDEN)
                .containsEntry("header.converter.url", "http://hdr")
                .containsEntry("transforms.lookup.lookup.auth", HIDDEN)
                .containsEntry("transforms.gone.api.token", HIDDEN)
                .containsEntry("db.password", "shown");

        // Read-modify-write keeps them.
        Map<String, String> restored = redaction.restore(shown, config);
        assertThat(restored).isEqualTo(config);
    }

    @Test
    void taskConfigsHideKeysNamedLikeSecretsTheConnectorSpecDoesNotDefine() {
        Map<String, String> task = Map.of("conn.secret", "t-s3cret", "db.password", "shown", "topic", "t");

        assertThat(redaction.redact(task, config(PlainConnector.class, "shown")))
                .containsEntry("conn.secret", HIDDEN)
                .containsEntry("topic", "t");
    }
}
