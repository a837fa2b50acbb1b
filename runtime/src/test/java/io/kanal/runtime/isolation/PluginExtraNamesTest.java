package io.kanal.runtime.isolation;

import static io.kanal.runtime.isolation.TestPlugins.manifest;
import static io.kanal.runtime.isolation.TestPlugins.sourceConnector;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The extra names plugin locations give their plugins in {@code META-INF/kanal/connect-names.properties}, over real
 * plugins compiled at test time:
 *
 * <pre>
 * plugins/
 *   file-like.jar      FileLikeSourceConnector as Connect's FileStreamSourceConnector and com.example.Shared;
 *                      LikeJsonConverter as Connect's JsonConverter (a built-in's extra name); a name for a class
 *                      that is not there
 *   rival.jar          RivalSourceConnector, also as com.example.Shared
 *   multi-1/, multi-2/ MultiSourceConnector 1.0.0 and 2.0.0, both as com.example.Multi
 *   bad-names.jar      BadNamesSourceConnector with an unreadable names file
 * </pre>
 */
class PluginExtraNamesTest {

    private static final String CONNECT_FILE_SOURCE = "org.apache.kafka.connect.file.FileStreamSourceConnector";
    private static final String CONNECT_JSON = "org.apache.kafka.connect.json.JsonConverter";
    private static final String NAMES = PluginExtraNames.RESOURCE;

    @TempDir
    static Path root;

    private static Path plugins;
    private static PluginRegistry registry;

    @BeforeAll
    static void load() {
        Map<String, String> sources = new LinkedHashMap<>();
        sources.put("fixture.lib.Greeting", TestPlugins.greeting("names"));
        sources.put(
                "fixture.files.FileLikeSourceConnector",
                sourceConnector("fixture.files", "FileLikeSourceConnector", "\"1.0.0\""));
        sources.put(
                "fixture.files.LikeJsonConverter",
                TestPlugins.converter("fixture.files", "LikeJsonConverter", "Converter", ""));
        sources.put(
                "fixture.rival.RivalSourceConnector",
                sourceConnector("fixture.rival", "RivalSourceConnector", "\"1.0.0\""));
        sources.put(
                "fixture.bad.BadNamesSourceConnector",
                sourceConnector("fixture.bad", "BadNamesSourceConnector", "\"1.0.0\""));
        Path main = TestPlugins.compile(root.resolve("classes/main"), sources, TestPlugins.apiClassPath());
        plugins = root.resolve("plugins");

        TestPlugins.jar(
                plugins.resolve("file-like.jar"),
                main,
                List.of("fixture/files/", "fixture/lib/"),
                Map.ofEntries(
                        manifest(PluginType.SOURCE, "fixture.files.FileLikeSourceConnector"),
                        manifest(PluginType.CONVERTER, "fixture.files.LikeJsonConverter"),
                        Map.entry(
                                NAMES,
                                "# Connect's names\n"
                                        + CONNECT_FILE_SOURCE + " = fixture.files.FileLikeSourceConnector\n"
                                        + "com.example.Shared=fixture.files.FileLikeSourceConnector\n"
                                        + CONNECT_JSON + "=fixture.files.LikeJsonConverter\n"
                                        + "org.example.Gone=fixture.files.NotThere\n")));
        TestPlugins.jar(
                plugins.resolve("rival.jar"),
                main,
                List.of("fixture/rival/"),
                Map.ofEntries(
                        manifest(PluginType.SOURCE, "fixture.rival.RivalSourceConnector"),
                        Map.entry(NAMES, "com.example.Shared=fixture.rival.RivalSourceConnector\n")));
        for (String version : List.of("1.0.0", "2.0.0")) {
            Path classes = TestPlugins.compile(
                    root.resolve("classes/multi-" + version),
                    Map.of(
                            "fixture.multi.MultiSourceConnector",
                            sourceConnector("fixture.multi", "MultiSourceConnector", '"' + version + '"')),
                    TestPlugins.apiClassPath());
            TestPlugins.jar(
                    plugins.resolve("multi-" + version.charAt(0) + "/multi.jar"),
                    classes,
                    List.of("fixture/multi/"),
                    Map.ofEntries(
                            manifest(PluginType.SOURCE, "fixture.multi.MultiSourceConnector"),
                            Map.entry(NAMES, "com.example.Multi=fixture.multi.MultiSourceConnector\n")));
        }
        TestPlugins.jar(
                plugins.resolve("bad-names.jar"),
                main,
                List.of("fixture/bad/"),
                Map.ofEntries(
                        manifest(PluginType.SOURCE, "fixture.bad.BadNamesSourceConnector"),
                        Map.entry(NAMES, "broken=\\u00zz\n")));

        registry = PluginRegistry.load(
                PluginPath.parse(plugins.toString()),
                new PluginRegistry.Builtins(
                        List.of(TestBuiltinConverter.class.getName()),
                        Map.of(CONNECT_JSON, TestBuiltinConverter.class.getName()),
                        "4.4.0-kanal"));
    }

    @AfterAll
    static void close() {
        if (registry != null) {
            registry.close();
        }
    }

    @Test
    void aForeignClassNameFromThePluginsNamesFileResolvesToThePlugin() {
        PluginDescriptor plugin = registry.resolveConnector(CONNECT_FILE_SOURCE, null);

        assertThat(plugin.className()).isEqualTo("fixture.files.FileLikeSourceConnector");
        assertThat(plugin.location()).isEqualTo(plugins.resolve("file-like.jar"));
        assertThat(registry.resolveConnector("FileLikeSource", null)).isEqualTo(plugin);
    }

    @Test
    void aNameClaimedForTwoDifferentClassesIsAmbiguousLikeAnAlias() {
        assertThatThrownBy(() -> registry.resolveConnector("com.example.Shared", null))
                .isInstanceOfSatisfying(AmbiguousPluginAliasException.class, e -> {
                    assertThat(e.alias()).isEqualTo("com.example.Shared");
                    assertThat(e.classNames())
                            .containsExactly(
                                    "fixture.files.FileLikeSourceConnector", "fixture.rival.RivalSourceConnector");
                });
        assertThat(registry.resolveConnector("fixture.rival.RivalSourceConnector", null)
                        .location())
                .isEqualTo(plugins.resolve("rival.jar"));
    }

    @Test
    void aPluginClaimingABuiltinsExtraNameMakesItAmbiguous() {
        Set<PluginType> converters = Set.of(PluginType.CONVERTER);
        assertThatThrownBy(() -> registry.resolve(converters, CONNECT_JSON, null))
                .isInstanceOfSatisfying(AmbiguousPluginAliasException.class, e -> assertThat(e.classNames())
                        .containsExactly("fixture.files.LikeJsonConverter", TestBuiltinConverter.class.getName()));
        assertThat(registry.resolve(converters, TestBuiltinConverter.class.getName(), null)
                        .builtin())
                .isTrue();
    }

    @Test
    void theSameClassInTwoVersionsClaimingOneNameIsNotAmbiguousAndVersionsStillChoose() {
        assertThat(registry.resolveConnector("com.example.Multi", null).version())
                .hasToString("2.0.0");
        assertThat(registry.resolveConnector("com.example.Multi", "1.0.0").location())
                .isEqualTo(plugins.resolve("multi-1"));
    }

    @Test
    void aBadNamesFileOrEntryIsReportedWhileThePluginsAndTheOtherNamesLoad() {
        assertThat(registry.failures())
                .filteredOn(f -> f.stage() == PluginLoadFailure.Stage.NAMES)
                .hasSize(2)
                .anySatisfy(f -> {
                    assertThat(f.location()).isEqualTo(plugins.resolve("file-like.jar"));
                    assertThat(f.className()).isEqualTo("fixture.files.NotThere");
                    assertThat(f.describe())
                            .contains("names failed")
                            .contains("'org.example.Gone'")
                            .contains("not a plugin of this location");
                })
                .anySatisfy(f -> {
                    assertThat(f.location()).isEqualTo(plugins.resolve("bad-names.jar"));
                    assertThat(f.describe()).contains("cannot read").contains(NAMES);
                });
        assertThat(registry.resolveConnector("BadNamesSource", null).location())
                .isEqualTo(plugins.resolve("bad-names.jar"));
        assertThatThrownBy(() -> registry.resolveConnector("org.example.Gone", null))
                .isInstanceOf(UnknownPluginException.class);
    }

    @Test
    void aMisspelledForeignNameSuggestsTheExtraName() {
        assertThatThrownBy(
                        () -> registry.resolveConnector("org.apache.kafka.connect.file.FileStreamSourceConector", null))
                .isInstanceOfSatisfying(
                        UnknownPluginException.class,
                        e -> assertThat(e.closestNames()).first().isEqualTo(CONNECT_FILE_SOURCE));
    }
}
