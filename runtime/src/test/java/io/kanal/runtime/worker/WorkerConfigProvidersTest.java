package io.kanal.runtime.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kanal.config.ConfigProviderException;
import io.kanal.config.InvalidConfigValueException;
import io.kanal.config.MissingConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkerConfigProvidersTest {

    private static final String SECRET = "sasl-pa55word-in-a-file";
    private static final String TOKEN = "dir-mounted-token";

    @TempDir
    Path temp;

    private Path secretsFile;
    private Path secretsDir;

    @BeforeEach
    void writeSecrets() throws IOException {
        secretsDir = Files.createDirectories(temp.resolve("secrets"));
        secretsFile = secretsDir.resolve("worker.properties");
        Files.writeString(secretsFile, "sasl.password=" + SECRET + "\n");
        Files.writeString(secretsDir.resolve("token"), TOKEN);
    }

    /** A worker config with Connect's class names and parameters, in file order. */
    private Map<String, String> workerConfig() {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("bootstrap.servers", "localhost:9092");
        config.put("config.providers", "file, env,dir");
        config.put("config.providers.file.class", "org.apache.kafka.common.config.provider.FileConfigProvider");
        config.put("config.providers.file.param.allowed.paths", secretsDir.toString());
        config.put("config.providers.env.class", "org.apache.kafka.common.config.provider.EnvVarConfigProvider");
        config.put("config.providers.env.param.allowlist.pattern", "KANAL_TEST_NOTHING_.*");
        config.put("config.providers.dir.class", "org.apache.kafka.common.config.provider.DirectoryConfigProvider");
        config.put("sasl.jaas.config", "password=\"${file:" + secretsFile + ":sasl.password}\"");
        return config;
    }

    @Test
    void connectClassNamesMapToTheBuiltIns() {
        try (WorkerConfigProviders providers = WorkerConfigProviders.from(workerConfig())) {
            assertThat(providers.providerNames()).containsExactly("file", "env", "dir");
            assertThat(providers.toString())
                    .contains("file=FileConfigProvider[allowed.paths=[" + secretsDir.toAbsolutePath())
                    .contains("allowlist.pattern=KANAL_TEST_NOTHING_.*")
                    .contains("dir=DirectoryConfigProvider[allowed.paths=<any>]");
        }
    }

    @Test
    void kanalClassNamesAreAcceptedToo() {
        Map<String, String> config = Map.of(
                "config.providers", "f,d,e",
                "config.providers.f.class", "io.kanal.config.FileConfigProvider",
                "config.providers.d.class", "io.kanal.config.DirectoryConfigProvider",
                "config.providers.e.class", "io.kanal.config.EnvConfigProvider");

        try (WorkerConfigProviders providers = WorkerConfigProviders.from(config)) {
            assertThat(providers.providerNames()).containsExactly("f", "d", "e");
        }
    }

    @Test
    void noConfigProvidersMeansNothingIsResolved() {
        try (WorkerConfigProviders providers = WorkerConfigProviders.from(Map.of("bootstrap.servers", "b:9092"))) {
            Map<String, String> connector = Map.of("x", "${file:/etc/passwd:root}");

            assertThat(providers.providerNames()).isEmpty();
            assertThat(providers.resolveConnector(connector)).isEqualTo(connector);
        }
    }

    @Test
    void theWorkerConfigIsResolvedAndItsProviderKeysPassThrough() {
        Map<String, String> raw = workerConfig();
        try (WorkerConfigProviders providers = WorkerConfigProviders.from(raw)) {
            Map<String, String> resolved = providers.resolveWorker(raw);

            assertThat(resolved).containsOnlyKeys(raw.keySet());
            assertThat(List.copyOf(resolved.keySet())).isEqualTo(List.copyOf(raw.keySet()));
            assertThat(resolved.get("sasl.jaas.config")).isEqualTo("password=\"" + SECRET + "\"");
            assertThat(resolved.get("config.providers.file.param.allowed.paths"))
                    .isEqualTo(secretsDir.toString());
            assertThat(resolved.toString()).contains("${file:" + secretsFile).doesNotContain(SECRET);
        }
    }

    @Test
    void aConnectorConfigIsResolvedWhileTheStoredOneKeepsItsReferences() throws IOException {
        Map<String, String> stored = new LinkedHashMap<>();
        stored.put("name", "jdbc-sink");
        stored.put("connection.password", "${file:" + secretsFile + ":sasl.password}");
        stored.put("token", "Bearer ${dir:" + secretsDir + ":token}");
        stored.put("topics", "orders");
        Map<String, String> before = Map.copyOf(stored);
        try (WorkerConfigProviders providers = WorkerConfigProviders.from(workerConfig())) {
            Map<String, String> resolved = providers.resolveConnector(stored);

            assertThat(resolved)
                    .containsEntry("connection.password", SECRET)
                    .containsEntry("token", "Bearer " + TOKEN)
                    .containsEntry("topics", "orders");
            assertThat(stored).isEqualTo(before);
            assertThat(resolved.toString()).doesNotContain(SECRET).doesNotContain(TOKEN);

            // Resolved again at the next start: a rotated secret is picked up.
            Files.writeString(secretsFile, "sasl.password=rotated\n");
            assertThat(providers.resolveConnector(stored)).containsEntry("connection.password", "rotated");
        }
    }

    @Test
    void unresolvableReferencesAreLeftAsWrittenAndWarnedByKeyAndReference() {
        try (WorkerConfigProviders providers = WorkerConfigProviders.from(workerConfig())) {
            String missingKey = "${file:" + secretsFile + ":nope}";
            Map<String, String> stored = new LinkedHashMap<>();
            stored.put("name", "c");
            stored.put("a", missingKey + "/${file:" + secretsFile + ":sasl.password}");
            stored.put("b", "${vault:secret/db:password}");
            stored.put("c", "${env:HOME}");
            List<String> warnings = new ArrayList<>();

            Map<String, String> resolved = providers.resolveConnector(stored, warnings::add);

            assertThat(resolved)
                    .containsEntry("a", missingKey + "/" + SECRET)
                    .containsEntry("b", stored.get("b"))
                    .containsEntry("c", "${env:HOME}");
            assertThat(warnings)
                    .containsExactly(
                            "connector 'c': 'a' keeps the unresolved reference " + missingKey
                                    + " (provider 'file' has no such key)",
                            "connector 'c': 'b' keeps the unresolved reference ${vault:secret/db:password}"
                                    + " (no config provider named 'vault' is configured in config.providers)",
                            "connector 'c': 'c' keeps the unresolved reference ${env:HOME}"
                                    + " (provider 'env' has no such key)");
            assertThat(String.join("\n", warnings)).doesNotContain(SECRET);
        }
    }

    @Test
    void aPathOutsideAllowedPathsIsRefusedWithoutTheValue() throws IOException {
        Path outside = Files.createDirectories(temp.resolve("outside")).resolve("other.properties");
        Files.writeString(outside, "k=" + SECRET + "\n");
        try (WorkerConfigProviders providers = WorkerConfigProviders.from(workerConfig())) {
            assertThatThrownBy(() -> providers.resolveConnector(Map.of("k", "${file:" + outside + ":k}")))
                    .isInstanceOf(ConfigProviderException.class)
                    .hasMessageContaining("refuses path '" + outside + "'")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain(SECRET));
        }
    }

    @Test
    void anUnknownClassNamesTheKeyAndTheKnownClasses() {
        Map<String, String> config = Map.of(
                "config.providers", "vault",
                "config.providers.vault.class", "com.example.VaultConfigProvider");

        assertThatThrownBy(() -> WorkerConfigProviders.from(config))
                .isInstanceOfSatisfying(InvalidConfigValueException.class, e -> assertThat(e.key())
                        .isEqualTo("config.providers.vault.class"))
                .hasMessageContaining("com.example.VaultConfigProvider")
                .hasMessageContaining("org.apache.kafka.common.config.provider.FileConfigProvider")
                .hasMessageContaining("io.kanal.config.EnvConfigProvider");
    }

    @Test
    void aProviderWithoutClassOrABadParameterNamesTheWorkerKey() {
        assertThatThrownBy(() -> WorkerConfigProviders.from(Map.of("config.providers", "file")))
                .isInstanceOfSatisfying(MissingConfigException.class, e -> assertThat(e.key())
                        .isEqualTo("config.providers.file.class"));
        assertThatThrownBy(() -> WorkerConfigProviders.from(Map.of(
                        "config.providers", "file",
                        "config.providers.file.class", "io.kanal.config.FileConfigProvider",
                        "config.providers.file.param.allowed.paths", "relative/dir")))
                .isInstanceOfSatisfying(InvalidConfigValueException.class, e -> assertThat(e.key())
                        .isEqualTo("config.providers.file.param.allowed.paths"))
                .hasMessageContaining("absolute");
        assertThatThrownBy(() -> WorkerConfigProviders.from(Map.of(
                        "config.providers", "file,file",
                        "config.providers.file.class", "io.kanal.config.FileConfigProvider")))
                .isInstanceOfSatisfying(InvalidConfigValueException.class, e -> assertThat(e.key())
                        .isEqualTo("config.providers"))
                .hasMessageContaining("twice");
    }

    @Test
    void aClassThatIsNoBuiltInComesFromPluginPathWithItsParameters() {
        Map<String, String> config = workerConfig();
        config.put("config.providers", "file,vault");
        config.put("config.providers.vault.class", "com.example.VaultConfigProvider");
        config.put("config.providers.vault.param.token", "vault-t0ken");
        config.put("db.password", "${vault:db/prod:password}");
        List<String> asked = new ArrayList<>();
        List<Map<String, String>> params = new ArrayList<>();
        List<String> closed = new ArrayList<>();
        WorkerConfigProviders.PluginProviders plugins = (className, given) -> {
            asked.add(className);
            params.add(given);
            return java.util.Optional.of(new io.kanal.config.ConfigProvider() {
                @Override
                public Map<String, String> resolve(String path, java.util.Set<String> keys) {
                    return path.equals("db/prod") ? Map.of("password", "from-vault") : Map.of();
                }

                @Override
                public void close() {
                    closed.add(className);
                }
            });
        };
        Map<String, String> resolved;
        try (WorkerConfigProviders providers = WorkerConfigProviders.from(config, plugins)) {
            resolved = providers.resolveWorker(config);
            assertThat(providers.providerNames()).containsExactly("file", "vault");
            assertThat(resolved.toString())
                    .contains("${vault:db/prod:password}")
                    .doesNotContain("from-vault");
        }
        // The built-in answered Connect's FileConfigProvider; only the unknown class went to plugin.path.
        assertThat(asked).containsExactly("com.example.VaultConfigProvider");
        assertThat(params).containsExactly(Map.of("token", "vault-t0ken"));
        assertThat(resolved.get("db.password")).isEqualTo("from-vault");
        assertThat(resolved.get("sasl.jaas.config")).isEqualTo("password=\"" + SECRET + "\"");
        assertThat(closed).containsExactly("com.example.VaultConfigProvider");
    }

    @Test
    void aClassNeitherBuiltInNorInstalledIsRefusedNamingTheKey() {
        Map<String, String> config = workerConfig();
        config.put("config.providers", "vault");
        config.put("config.providers.vault.class", "com.example.Missing");
        assertThatThrownBy(() -> WorkerConfigProviders.from(config, (c, p) -> java.util.Optional.empty()))
                .isInstanceOf(InvalidConfigValueException.class)
                .hasMessageContaining("config.providers.vault.class")
                .hasMessageContaining("com.example.Missing")
                .hasMessageContaining("plugin.path");
    }

    @Test
    void anInstalledProviderThatCannotBeConfiguredNamesTheKeyNotItsParameters() {
        Map<String, String> config = workerConfig();
        config.put("config.providers", "vault");
        config.put("config.providers.vault.class", "com.example.VaultConfigProvider");
        config.put("config.providers.vault.param.token", "vault-t0ken");
        IllegalStateException refused = new IllegalStateException("vault unreachable");
        assertThatThrownBy(() -> WorkerConfigProviders.from(config, (c, p) -> {
                    throw new ConfigProviderException(c + " could not be created or configured", refused);
                }))
                .isInstanceOf(ConfigProviderException.class)
                .hasMessageStartingWith("config.providers.vault.class: com.example.VaultConfigProvider")
                .hasCause(refused)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("vault-t0ken"));
    }
}
