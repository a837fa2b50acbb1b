package io.kanal.runtime.isolation;

import static io.kanal.runtime.isolation.TestPlugins.converter;
import static io.kanal.runtime.isolation.TestPlugins.manifest;
import static io.kanal.runtime.isolation.TestPlugins.sourceConnector;
import static io.kanal.runtime.isolation.TestPlugins.transformation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@code plugin.path} of real, freshly compiled plugins in every layout, with the conflicts and breakage the
 * registry must survive:
 *
 * <pre>
 * plugins/                          first plugin.path entry
 *   alpha.jar                       uber-jar: AlphaConverter + Greeting "v1"
 *   beta/beta.jar, beta/lib/greeting-2.jar   directory of jars: BetaConverter + Greeting "v2"
 *   gamma/fixture/gamma/...         directory of classes: GammaTransformation
 *   versioned-1/versioned.jar       VersionedSourceConnector and SharedConverter, version.txt = 1.0.0
 *   versioned-2/versioned.jar       the same classes, version.txt = 2.1.0
 *   dup/one.jar, dup/two.jar        fixture.one.DupTransformation and fixture.two.DupTransformation
 *   broken.jar                      a missing class, a static initializer that throws, a missing superclass,
 *                                   a class of the wrong type, a version() that throws, and one GoodConverter
 *   apicopy.jar                     ApiCopyConverter + its own io.kanal.api.errors.DataException
 *   linked -> ../elsewhere/linked   symlink to a directory of jars (which holds a symlink loop)
 *   zz-alpha-again.jar -> alpha.jar a second link to a location already seen
 *   empty/                          neither jars nor classes
 *   README.txt                      not a plugin
 * standalone/uber.jar               second entry: an uber-jar named directly
 * missing/                          third entry: does not exist
 * </pre>
 *
 * <p>Built with three compiler runs (the plugins with Greeting v1, Greeting v2, the API copy) to stay fast.
 */
public final class PluginFixtures {

    static final String CONVERTER = "io.kanal.api.convert.Converter";

    final Path root;
    final Path plugins;
    final Path standaloneJar;
    final Path missing;
    public final String pluginPath;
    /** A separate path: {@code stuck.jar}, whose static initializer blocks until interrupted, and a copy of alpha. */
    final Path stuckPath;

    private PluginFixtures(Path root) {
        this.root = root;
        this.plugins = root.resolve("plugins");
        this.standaloneJar = root.resolve("standalone/uber.jar");
        this.missing = root.resolve("missing");
        this.pluginPath = plugins + ", " + standaloneJar + ",," + missing;
        this.stuckPath = root.resolve("stuck-path");
    }

    public static PluginFixtures build(Path root) throws IOException {
        PluginFixtures f = new PluginFixtures(root);
        Path main = TestPlugins.compile(root.resolve("classes/main"), mainSources(), TestPlugins.apiClassPath());
        Path libV2 = TestPlugins.compile(
                root.resolve("classes/lib-v2"), Map.of("fixture.lib.Greeting", TestPlugins.greeting("v2")), List.of());
        Path apiCopy = TestPlugins.compile(root.resolve("classes/api-copy"), apiCopySources(), List.of());
        Path p = f.plugins;

        TestPlugins.jar(
                p.resolve("alpha.jar"),
                main,
                List.of("fixture/alpha/", "fixture/lib/"),
                Map.ofEntries(manifest(PluginType.CONVERTER, "fixture.alpha.AlphaConverter")));
        TestPlugins.jar(
                p.resolve("beta/beta.jar"),
                main,
                List.of("fixture/beta/"),
                Map.ofEntries(manifest(PluginType.CONVERTER, "fixture.beta.BetaConverter")));
        TestPlugins.jar(p.resolve("beta/lib/greeting-2.jar"), libV2, List.of("fixture/lib/"), Map.of());
        TestPlugins.classesDir(
                p.resolve("gamma"),
                main,
                List.of("fixture/gamma/"),
                Map.ofEntries(manifest(PluginType.TRANSFORMATION, "fixture.gamma.GammaTransformation")));
        for (String version : List.of("1.0.0", "2.1.0")) {
            TestPlugins.jar(
                    p.resolve("versioned-" + version.charAt(0) + "/versioned.jar"),
                    main,
                    List.of("fixture/versioned/"),
                    Map.ofEntries(
                            Map.entry("fixture/versioned/version.txt", version),
                            manifest(PluginType.SOURCE, "fixture.versioned.VersionedSourceConnector"),
                            manifest(PluginType.CONVERTER, "fixture.versioned.SharedConverter")));
        }
        TestPlugins.jar(
                p.resolve("dup/one.jar"),
                main,
                List.of("fixture/one/"),
                Map.ofEntries(manifest(PluginType.TRANSFORMATION, "fixture.one.DupTransformation")));
        TestPlugins.jar(
                p.resolve("dup/two.jar"),
                main,
                List.of("fixture/two/"),
                Map.ofEntries(manifest(PluginType.TRANSFORMATION, "fixture.two.DupTransformation")));
        // Everything of fixture.broken except GoneBase, the superclass Orphan needs.
        TestPlugins.jar(
                p.resolve("broken.jar"),
                main,
                List.of(
                        "fixture/broken/ExplodingConverter",
                        "fixture/broken/GoodConverter",
                        "fixture/broken/NotAConverter",
                        "fixture/broken/Orphan",
                        "fixture/broken/VersionlessSource"),
                Map.ofEntries(
                        manifest(
                                PluginType.CONVERTER,
                                "fixture.broken.Missing",
                                "fixture.broken.ExplodingConverter",
                                "fixture.broken.Orphan",
                                "fixture.broken.NotAConverter",
                                "fixture.broken.GoodConverter"),
                        manifest(PluginType.SOURCE, "fixture.broken.VersionlessSource")));
        TestPlugins.jar(
                p.resolve("apicopy.jar"),
                main,
                List.of("fixture/apicopy/"),
                Map.ofEntries(manifest(PluginType.CONVERTER, "fixture.apicopy.ApiCopyConverter")));
        addToJar(p.resolve("apicopy.jar"), apiCopy, root.resolve("scratch"));

        Path linked = root.resolve("elsewhere/linked");
        TestPlugins.jar(
                linked.resolve("linked.jar"),
                main,
                List.of("fixture/symlinked/"),
                Map.ofEntries(manifest(PluginType.CONVERTER, "fixture.symlinked.LinkedConverter")));
        Files.createSymbolicLink(linked.resolve("loop"), linked);
        Files.createSymbolicLink(p.resolve("linked"), linked);
        Files.createSymbolicLink(p.resolve("zz-alpha-again.jar"), p.resolve("alpha.jar"));
        Files.createDirectories(p.resolve("empty"));
        Files.writeString(p.resolve("README.txt"), "not a plugin");

        TestPlugins.jar(
                f.stuckPath.resolve("a-stuck.jar"),
                main,
                List.of("fixture/stuck/"),
                Map.ofEntries(manifest(PluginType.CONVERTER, "fixture.stuck.StuckConverter")));
        Files.copy(p.resolve("alpha.jar"), f.stuckPath.resolve("b-alpha.jar"));

        TestPlugins.jar(
                f.standaloneJar,
                main,
                List.of("fixture/uber/"),
                Map.ofEntries(manifest(PluginType.SOURCE, "fixture.uber.UberSourceConnector")));
        return f;
    }

    private static void addToJar(Path jar, Path classes, Path scratch) {
        try {
            Path merged = scratch.resolve(jar.getFileName());
            Path unpacked = scratch.resolve("unpacked");
            try (FileSystem zip = FileSystems.newFileSystem(jar)) {
                try (var walk = Files.walk(zip.getPath("/"))) {
                    for (Path entry : walk.filter(Files::isRegularFile).toList()) {
                        Path target = unpacked.resolve(entry.toString().substring(1));
                        Files.createDirectories(target.getParent());
                        Files.copy(entry, target);
                    }
                }
            }
            try (var walk = Files.walk(classes)) {
                for (Path file : walk.filter(Files::isRegularFile).toList()) {
                    Path target = unpacked.resolve(classes.relativize(file).toString());
                    Files.createDirectories(target.getParent());
                    Files.copy(file, target);
                }
            }
            TestPlugins.jar(merged, unpacked, List.of(""), Map.of());
            Files.move(merged, jar, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, String> mainSources() {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("fixture.lib.Greeting", TestPlugins.greeting("v1"));
        s.put("fixture.alpha.AlphaConverter", converter("fixture.alpha", "AlphaConverter", "Converter", ""));
        s.put("fixture.beta.BetaConverter", converter("fixture.beta", "BetaConverter", "Converter", ""));
        // Discovery must run a plugin's constructor with the plugin's loader as the context loader.
        s.put(
                "fixture.gamma.GammaTransformation",
                transformation("fixture.gamma", "GammaTransformation")
                        .replace(
                                "public ConfigSpec configSpec()",
                                "public GammaTransformation() {\n"
                                        + "        if (Thread.currentThread().getContextClassLoader()"
                                        + " != getClass().getClassLoader()) {\n"
                                        + "            throw new IllegalStateException(\"context loader not swapped\");\n"
                                        + "        }\n"
                                        + "    }\n"
                                        + "    public ConfigSpec configSpec()"));
        String versionFromJar = "new String(getClass().getResourceAsStream(\"version.txt\").readAllBytes(),"
                + " java.nio.charset.StandardCharsets.UTF_8).trim()";
        s.put(
                "fixture.versioned.VersionedSourceConnector",
                sourceConnector("fixture.versioned", "VersionedSourceConnector", "readVersion()")
                        .replace(
                                "public void stop() {}",
                                "public void stop() {}\n    private String readVersion() { try { return "
                                        + versionFromJar + "; } catch (java.io.IOException e) {"
                                        + " throw new java.io.UncheckedIOException(e); } }"));
        s.put(
                "fixture.versioned.SharedConverter",
                converter(
                        "fixture.versioned",
                        "SharedConverter",
                        "Converter, io.kanal.api.connector.Versioned",
                        "public String version() { return new VersionedSourceConnector().version(); }"));
        s.put("fixture.one.DupTransformation", transformation("fixture.one", "DupTransformation"));
        s.put("fixture.two.DupTransformation", transformation("fixture.two", "DupTransformation"));
        s.put(
                "fixture.broken.ExplodingConverter",
                converter(
                        "fixture.broken",
                        "ExplodingConverter",
                        "Converter",
                        "static { explode(); }\n"
                                + "static void explode() { throw new IllegalStateException(\"boom in static init\"); }"));
        s.put("fixture.broken.GoodConverter", converter("fixture.broken", "GoodConverter", "Converter", ""));
        s.put("fixture.broken.NotAConverter", "package fixture.broken; public class NotAConverter {}");
        s.put("fixture.broken.GoneBase", "package fixture.broken; public abstract class GoneBase {}");
        s.put(
                "fixture.broken.Orphan",
                converter("fixture.broken", "Orphan", "Converter", "")
                        .replace("public class Orphan implements", "public class Orphan extends GoneBase implements"));
        s.put(
                "fixture.broken.VersionlessSource",
                sourceConnector("fixture.broken", "VersionlessSource", "fail()")
                        .replace(
                                "public void stop() {}",
                                "public void stop() {}\n    private static String fail() {"
                                        + " throw new IllegalStateException(\"no version today\"); }"));
        s.put(
                "fixture.apicopy.ApiCopyConverter",
                converter(
                        "fixture.apicopy",
                        "ApiCopyConverter",
                        "Converter",
                        "public static RuntimeException apiError() {"
                                + " return new io.kanal.api.errors.DataException(\"from the plugin\"); }"));
        s.put(
                "fixture.stuck.StuckConverter",
                converter(
                        "fixture.stuck",
                        "StuckConverter",
                        "Converter",
                        "static { block(); }\n"
                                + "static void block() {\n"
                                + "    try { new java.util.concurrent.CountDownLatch(1).await(); }\n"
                                + "    catch (InterruptedException e) { Thread.currentThread().interrupt(); }\n"
                                + "}"));
        s.put("fixture.symlinked.LinkedConverter", converter("fixture.symlinked", "LinkedConverter", "Converter", ""));
        s.put("fixture.uber.UberSourceConnector", sourceConnector("fixture.uber", "UberSourceConnector", "\"0.9\""));
        return s;
    }

    /** A different class under Kanal's API name, and a class in an API package that only the plugin has. */
    private static Map<String, String> apiCopySources() {
        return Map.of(
                "io.kanal.api.errors.DataException",
                "package io.kanal.api.errors;\n"
                        + "public class DataException extends RuntimeException {\n"
                        + "    public static final String COPY = \"the plugin's own copy\";\n"
                        + "    public DataException(String message) { super(message); }\n"
                        + "}\n",
                "io.kanal.api.errors.PluginOnlyMarker",
                "package io.kanal.api.errors;\npublic final class PluginOnlyMarker {}\n");
    }
}
