package io.kanal.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileConfigProviderTest {

    private static final String SECRET = "s3cr3t-db-pa55";

    @TempDir
    Path temp;

    private Path secrets(Path directory) throws IOException {
        Files.createDirectories(directory);
        Path file = directory.resolve("secrets.properties");
        Files.writeString(
                file, "db.password=" + SECRET + "\ndb.user=kanal\nunicode=gr\\u00FC\\u00DF\n", StandardCharsets.UTF_8);
        return file;
    }

    @Test
    void readsTheRequestedKeysOfAPropertiesFile() throws IOException {
        Path file = secrets(temp);

        Map<String, String> values =
                new FileConfigProvider().resolve(file.toString(), Set.of("db.password", "unicode", "absent"));

        assertThat(values).containsExactlyInAnyOrderEntriesOf(Map.of("db.password", SECRET, "unicode", "grüß"));
    }

    @Test
    void resolvesThroughTheResolverAndLeavesMissingKeysAsWritten() throws IOException {
        Path file = secrets(temp);
        ConfigVariableResolver resolver = ConfigVariableResolver.builder()
                .provider(FileConfigProvider.NAME, new FileConfigProvider())
                .build();
        String password = "${file:" + file + ":db.password}";
        String missing = "${file:" + file + ":nope}";

        ConfigVariableResolver.Resolution resolution =
                resolver.resolveReporting(Map.of("password", password, "missing", missing, "user", "u"));

        assertThat(((ResolvedValue) resolution.values().get("password")).reveal())
                .isEqualTo(SECRET);
        assertThat(resolution.values()).containsEntry("missing", missing).containsEntry("user", "u");
        assertThat(resolution.unresolved()).containsOnlyKeys("missing");
        assertThat(resolution.unresolved().get("missing"))
                .extracting(VariableReference::text)
                .containsExactly(missing);
        assertThat(resolution.toString()).doesNotContain(SECRET);
    }

    @Test
    void aReferenceWithoutAPathResolvesNothing() {
        assertThat(new FileConfigProvider().resolve("", Set.of("db.password"))).isEmpty();
    }

    @Test
    void aMissingFileFailsNamingThePathOnly() {
        Path missing = temp.resolve("missing.properties");

        assertThatThrownBy(() -> new FileConfigProvider().resolve(missing.toString(), Set.of("k")))
                .isInstanceOf(ConfigProviderException.class)
                .hasMessageContaining(missing.toString())
                .hasMessageContaining("could not read");
    }

    @Test
    void aMalformedFileFailsWithoutShowingItsContent() throws IOException {
        Path file = temp.resolve("bad.properties");
        Files.writeString(file, "db.password=" + SECRET + "\\uZZZZ\n");

        assertThatThrownBy(() -> new FileConfigProvider().resolve(file.toString(), Set.of("db.password")))
                .isInstanceOf(ConfigProviderException.class)
                .hasMessageContaining("not a valid properties file")
                .hasNoCause()
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(SECRET));
    }

    @Test
    void allowedPathsPermitsFilesUnderTheListedDirectories() throws IOException {
        Path file = secrets(temp.resolve("allowed").resolve("nested"));
        FileConfigProvider provider = FileConfigProvider.fromParams(
                Map.of(AllowedPaths.CONFIG, temp.resolve("allowed").toString()));

        assertThat(provider.resolve(file.toString(), Set.of("db.password"))).containsEntry("db.password", SECRET);
    }

    @Test
    void allowedPathsRefusesAPathOutsideWithAClearMessage() throws IOException {
        Files.createDirectories(temp.resolve("allowed"));
        Path outside = secrets(temp.resolve("outside"));
        FileConfigProvider provider = FileConfigProvider.fromParams(
                Map.of(AllowedPaths.CONFIG, temp.resolve("allowed").toString()));

        assertThatThrownBy(() -> provider.resolve(outside.toString(), Set.of("db.password")))
                .isInstanceOf(ConfigProviderException.class)
                .hasMessageContaining("refuses path '" + outside + "'")
                .hasMessageContaining(AllowedPaths.CONFIG)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(SECRET));
    }

    @Test
    void allowedPathsCannotBeEscapedWithDotDot() throws IOException {
        Path allowed = temp.resolve("allowed");
        secrets(allowed);
        secrets(temp.resolve("outside"));
        FileConfigProvider provider = new FileConfigProvider(AllowedPaths.parse(allowed.toString()));
        String escape = allowed + "/../outside/secrets.properties";

        assertThat(provider.resolve(allowed + "/./secrets.properties", Set.of("db.password")))
                .containsEntry("db.password", SECRET);
        assertThatThrownBy(() -> provider.resolve(escape, Set.of("db.password")))
                .isInstanceOf(ConfigProviderException.class)
                .hasMessageContaining("refuses path");
    }

    @Test
    void allowedPathsCannotBeEscapedThroughASymbolicLink() throws IOException {
        Path allowed = Files.createDirectories(temp.resolve("allowed"));
        Path outside = secrets(temp.resolve("outside"));
        Path link = Files.createSymbolicLink(allowed.resolve("link.properties"), outside);
        FileConfigProvider provider = new FileConfigProvider(AllowedPaths.parse(allowed.toString()));

        assertThatThrownBy(() -> provider.resolve(link.toString(), Set.of("db.password")))
                .isInstanceOf(ConfigProviderException.class)
                .hasMessageContaining("refuses path");
    }

    @Test
    void allowedPathsEntriesMustBeAbsoluteAndExist() {
        assertThatThrownBy(() -> AllowedPaths.parse("relative/dir"))
                .isInstanceOfSatisfying(InvalidConfigValueException.class, e -> assertThat(e.key())
                        .isEqualTo(AllowedPaths.CONFIG))
                .hasMessageContaining("absolute");
        assertThatThrownBy(() -> AllowedPaths.parse(temp.resolve("missing").toString()))
                .isInstanceOf(InvalidConfigValueException.class)
                .hasMessageContaining("does not exist");
        assertThatThrownBy(() -> AllowedPaths.parse(" , "))
                .isInstanceOf(InvalidConfigValueException.class)
                .hasMessageContaining("at least one");
        assertThat(AllowedPaths.parse("").isRestricted()).isFalse();
        assertThat(AllowedPaths.parse(null).isRestricted()).isFalse();
    }

    @Test
    void allowedPathsAcceptsSeveralDirectoriesWithSpaces() throws IOException {
        Path first = Files.createDirectories(temp.resolve("a"));
        Path second = secrets(temp.resolve("b")).getParent();

        AllowedPaths paths = AllowedPaths.parse(first + " , " + second + ",");

        assertThat(paths.roots()).containsExactly(first.toRealPath(), second.toRealPath());
        assertThat(new FileConfigProvider(paths).resolve(second + "/secrets.properties", Set.of("db.user")))
                .isEqualTo(Map.of("db.user", "kanal"));
    }

    @Test
    void toStringShowsTheRestrictionOnly() throws IOException {
        Path file = secrets(temp);
        FileConfigProvider provider = new FileConfigProvider(AllowedPaths.parse(temp.toString()));
        provider.resolve(file.toString(), Set.of("db.password"));

        assertThat(provider.toString()).contains(AllowedPaths.CONFIG).doesNotContain(SECRET);
        assertThat(List.of(new FileConfigProvider().toString()))
                .containsExactly("FileConfigProvider[allowed.paths=<any>]");
    }
}
