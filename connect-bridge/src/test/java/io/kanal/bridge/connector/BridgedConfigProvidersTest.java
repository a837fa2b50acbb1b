package io.kanal.bridge.connector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kanal.api.connector.Versioned;
import io.kanal.config.ConfigProvider;
import io.kanal.config.ConfigProviderException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.config.provider.DirectoryConfigProvider;
import org.apache.kafka.common.config.provider.FileConfigProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Apache's own config providers (kafka-clients 4.3.1), run as Kanal config providers through the bridge. */
class BridgedConfigProvidersTest {

    private static final String SECRET = "s3cr3t-from-a-file";

    private final ConnectPluginAdapter adapter = new ConnectPluginAdapter();

    @TempDir
    Path dir;

    @Test
    void aConnectConfigProviderIsDiscoveredAsAKanalConfigProvider() throws Exception {
        assertThat(adapter.kanalTypes(FileConfigProvider.class)).containsExactly(ConfigProvider.class);
        Object unconfigured = adapter.adapt(FileConfigProvider.class, ConfigProvider.class);
        assertThat(unconfigured).isInstanceOf(ConfigProvider.class).isInstanceOf(Versioned.class);
        // Apache's providers declare no version of their own.
        assertThat(((Versioned) unconfigured).version()).isNull();
        assertThat(unconfigured.toString())
                .isEqualTo("BridgedConfigProvider[" + FileConfigProvider.class.getName() + "]");
    }

    @Test
    void resolvesWhatApachesFileProviderReadsAndLeavesMissingKeysOut() throws Exception {
        Path secrets = Files.createDirectories(dir.resolve("secrets"));
        Path file = secrets.resolve("db.properties");
        Files.writeString(file, "password=" + SECRET + "\nuser=app\n");
        try (ConfigProvider provider =
                adapter.configProvider(FileConfigProvider.class, Map.of("allowed.paths", secrets.toString()))) {
            assertThat(provider.resolve(file.toString(), Set.of("password", "absent")))
                    .isEqualTo(Map.of("password", SECRET));
            assertThat(provider.resolve(file.toString(), Set.of("user"))).isEqualTo(Map.of("user", "app"));
        }
    }

    @Test
    void aPathOutsideAllowedPathsResolvesNothingAsInConnect() throws Exception {
        Path allowed = Files.createDirectories(dir.resolve("allowed"));
        Path outside = dir.resolve("outside.properties");
        Files.writeString(outside, "password=" + SECRET + "\n");
        try (ConfigProvider provider =
                adapter.configProvider(FileConfigProvider.class, Map.of("allowed.paths", allowed.toString()))) {
            // Apache's provider refuses by returning nothing: the reference stays unresolved.
            assertThat(provider.resolve(outside.toString(), Set.of("password"))).isEmpty();
        }
    }

    @Test
    void aFileThatCannotBeReadFailsNamingTheClassAndPathNeverAValue() throws Exception {
        Path missing = dir.resolve("missing.properties");
        try (ConfigProvider provider = adapter.configProvider(FileConfigProvider.class, Map.of())) {
            assertThatThrownBy(() -> provider.resolve(missing.toString(), Set.of("password")))
                    .isInstanceOf(ConfigProviderException.class)
                    .hasMessageContaining(FileConfigProvider.class.getName())
                    .hasMessageContaining(missing.toString())
                    .hasCauseInstanceOf(org.apache.kafka.common.config.ConfigException.class);
        }
    }

    @Test
    void theDirectoryProviderReadsOneFilePerKey() throws Exception {
        Path mounted = Files.createDirectories(dir.resolve("mounted"));
        Files.writeString(mounted.resolve("token"), SECRET);
        try (ConfigProvider provider = adapter.configProvider(DirectoryConfigProvider.class, Map.of())) {
            assertThat(provider.resolve(mounted.toString(), Set.of("token"))).isEqualTo(Map.of("token", SECRET));
        }
    }

    @Test
    void aClassThatIsNoConfigProviderIsRefused() {
        assertThatThrownBy(() -> adapter.configProvider(String.class, Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("java.lang.String");
    }
}
