package io.kanal.runtime.isolation;

import static org.assertj.core.api.Assertions.assertThat;

import io.kanal.runtime.isolation.PluginLocation.Layout;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which locations a {@code plugin.path} yields; the registry test loads real plugins from each layout. */
class PluginPathTest {

    @TempDir
    Path root;

    @Test
    void eachChildOfADirectoryEntryIsALocationOfItsLayout() throws IOException {
        Path plugins = root.resolve("plugins");
        Path uber = jar(plugins.resolve("uber.jar"));
        Path jars = plugins.resolve("jars");
        jar(jars.resolve("b.jar"));
        jar(jars.resolve("deps/a.jar"));
        Files.writeString(jars.resolve("README"), "ignored");
        Path classes = plugins.resolve("classes");
        write(classes.resolve("com/acme/Plugin.class"));
        Path mixed = plugins.resolve("mixed");
        jar(mixed.resolve("m.jar"));
        write(mixed.resolve("com/acme/Ignored.class"));
        Files.writeString(plugins.resolve("notes.txt"), "not a plugin");

        PluginPath path = PluginPath.parse(plugins.toString());

        assertThat(path.problems()).isEmpty();
        assertThat(path.locations())
                .extracting(PluginLocation::path, PluginLocation::layout)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(classes, Layout.DIRECTORY_OF_CLASSES),
                        org.assertj.core.groups.Tuple.tuple(jars, Layout.DIRECTORY_OF_ARCHIVES),
                        org.assertj.core.groups.Tuple.tuple(mixed, Layout.DIRECTORY_OF_ARCHIVES),
                        org.assertj.core.groups.Tuple.tuple(uber, Layout.ARCHIVE));
        PluginLocation jarsLocation = path.locations().get(1);
        assertThat(jarsLocation.urls())
                .extracting(u -> Path.of(u.getPath()).getFileName().toString())
                .containsExactly("b.jar", "a.jar"); // sorted by path: jars/b.jar < jars/deps/a.jar
        assertThat(path.locations().get(0).urls().get(0).toString()).endsWith("/");
    }

    @Test
    void anArchiveEntryIsOneLocationAndBadEntriesAreProblemsThatDoNotStopTheRest() throws IOException {
        Path uber = jar(root.resolve("direct.jar"));
        Path text = Files.writeString(root.resolve("x.txt"), "?");
        Path missing = root.resolve("missing");
        Path empty = Files.createDirectories(root.resolve("dir/empty"));

        PluginPath path = PluginPath.parse(" " + missing + " ,," + text + "," + uber + "," + root.resolve("dir"));

        assertThat(path.locations()).extracting(PluginLocation::path).containsExactly(uber);
        assertThat(path.problems())
                .allSatisfy(p -> assertThat(p.stage()).isEqualTo(PluginLoadFailure.Stage.LOCATION))
                .extracting(PluginLoadFailure::location)
                .containsExactly(missing, text, empty);
        assertThat(path.problems().get(0).describe()).startsWith(missing + ": location failed");
    }

    @Test
    void symlinksAreFollowedLoopsCutAndALocationReachedTwiceKeptOnce() throws IOException {
        Path real = root.resolve("real-plugin");
        jar(real.resolve("p.jar"));
        Files.createSymbolicLink(real.resolve("loop"), real);
        Path plugins = Files.createDirectories(root.resolve("plugins"));
        Files.createSymbolicLink(plugins.resolve("a-link"), real);
        Files.createSymbolicLink(plugins.resolve("b-link"), real);

        PluginPath path = PluginPath.of(List.of(plugins));

        assertThat(path.problems()).isEmpty();
        assertThat(path.locations()).singleElement().satisfies(l -> {
            assertThat(l.path()).isEqualTo(plugins.resolve("a-link"));
            assertThat(l.layout()).isEqualTo(Layout.DIRECTORY_OF_ARCHIVES);
            assertThat(l.urls()).hasSize(1);
        });
    }

    @Test
    void nothingConfiguredIsNoLocation() {
        assertThat(PluginPath.parse(null).locations()).isEmpty();
        assertThat(PluginPath.parse(" , ").problems()).isEmpty();
        assertThat(PluginPath.empty().locations()).isEmpty();
    }

    private static Path jar(Path path) {
        return TestPlugins.jar(path, path.getParent(), List.of("nothing/"), Map.of("x.txt", "x"));
    }

    private static Path write(Path path) throws IOException {
        Files.createDirectories(path.getParent());
        return Files.write(path, new byte[] {(byte) 0xCA, (byte) 0xFE});
    }
}
