package io.kanal.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectoryConfigProviderTest {

    private static final String SECRET = "kube-mounted-token\nsecond line";

    @TempDir
    Path temp;

    private Path secrets;

    @BeforeEach
    void mountSecrets() throws IOException {
        secrets = Files.createDirectories(temp.resolve("secrets"));
        Files.writeString(secrets.resolve("token"), SECRET);
        Files.writeString(secrets.resolve("user"), "kanal");
        Files.createDirectories(secrets.resolve("subdir"));
        Files.writeString(secrets.resolve("subdir").resolve("nested"), "nested-value");
    }

    @Test
    void readsWholeFilesByName() {
        Map<String, String> values = new DirectoryConfigProvider().resolve(secrets.toString(), Set.of("token", "user"));

        assertThat(values).isEqualTo(Map.of("token", SECRET, "user", "kanal"));
    }

    @Test
    void onlyRegularFilesDirectlyInTheDirectoryCount() {
        Map<String, String> values = new DirectoryConfigProvider()
                .resolve(secrets.toString(), Set.of("subdir", "subdir/nested", "..", ".", "absent", "../secrets/user"));

        assertThat(values).isEmpty();
    }

    @Test
    void aPathThatIsNotADirectoryResolvesNothing() {
        DirectoryConfigProvider provider = new DirectoryConfigProvider();

        assertThat(provider.resolve(secrets.resolve("token").toString(), Set.of("token")))
                .isEmpty();
        assertThat(provider.resolve(temp.resolve("missing").toString(), Set.of("token")))
                .isEmpty();
        assertThat(provider.resolve("", Set.of("token"))).isEmpty();
    }

    @Test
    void resolvesThroughTheResolver() {
        ConfigVariableResolver resolver = ConfigVariableResolver.builder()
                .provider(DirectoryConfigProvider.NAME, new DirectoryConfigProvider())
                .build();
        String template = "Bearer ${dir:" + secrets + ":token}";

        Object value = resolver.resolve(Map.of("auth", template)).get("auth");

        assertThat(((ResolvedValue) value).reveal()).isEqualTo("Bearer " + SECRET);
        assertThat(value).hasToString(template);
    }

    @Test
    void allowedPathsRefusesADirectoryOutside() throws IOException {
        Path allowed = Files.createDirectories(temp.resolve("allowed"));
        DirectoryConfigProvider provider =
                DirectoryConfigProvider.fromParams(Map.of(AllowedPaths.CONFIG, allowed.toString()));

        assertThatThrownBy(() -> provider.resolve(secrets.toString(), Set.of("token")))
                .isInstanceOf(ConfigProviderException.class)
                .hasMessageContaining("refuses path '" + secrets + "'")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(SECRET));
        assertThatThrownBy(() -> provider.resolve(allowed + "/../secrets", Set.of("token")))
                .isInstanceOf(ConfigProviderException.class)
                .hasMessageContaining("refuses path");
    }

    @Test
    void allowedPathsPermitsTheDirectoryItselfAndRefusesALinkLeadingOut() throws IOException {
        Path allowed = Files.createDirectories(temp.resolve("allowed"));
        Files.writeString(allowed.resolve("inside"), "inside-value");
        Files.createSymbolicLink(allowed.resolve("escape"), secrets.resolve("token"));
        DirectoryConfigProvider provider = new DirectoryConfigProvider(AllowedPaths.parse(allowed.toString()));

        assertThat(provider.resolve(allowed.toString(), Set.of("inside"))).isEqualTo(Map.of("inside", "inside-value"));
        assertThatThrownBy(() -> provider.resolve(allowed.toString(), Set.of("escape")))
                .isInstanceOf(ConfigProviderException.class)
                .hasMessageContaining("refuses path")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(SECRET));
    }

    @Test
    void aFileThatIsNotUtf8FailsWithoutItsContent() throws IOException {
        Files.write(secrets.resolve("binary"), new byte[] {(byte) 0xC3, (byte) 0x28, 's', 'e', 'c'});

        assertThatThrownBy(() -> new DirectoryConfigProvider().resolve(secrets.toString(), Set.of("binary")))
                .isInstanceOf(ConfigProviderException.class)
                .hasMessageContaining("'binary'")
                .hasMessageContaining("not valid UTF-8");
    }
}
