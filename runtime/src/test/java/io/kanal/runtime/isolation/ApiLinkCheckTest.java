package io.kanal.runtime.isolation;

import static org.assertj.core.api.Assertions.assertThat;

import io.kanal.runtime.isolation.spi.MissingMember;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The link check against a small API of two versions compiled here: a plugin compiled against version 1 is checked
 * against version 2, which lost a static method, an inherited instance method, a field and a class.
 */
class ApiLinkCheckTest {

    private static final Map<String, String> API_V1 = Map.of(
            "org/example/api/Base.java",
            "package org.example.api; public abstract class Base {"
                    + " public void kept() {} public void dropped(String s) {} public int gone; public int stays; }",
            "org/example/api/Util.java",
            "package org.example.api; public final class Util {"
                    + " public static int old() { return 1; } public static int current() { return 2; } }",
            "org/example/api/Gone.java",
            "package org.example.api; public final class Gone { public static void run() {} }",
            "org/example/api/Face.java",
            "package org.example.api; public interface Face { int size(); }");

    private static final Map<String, String> API_V2 = Map.of(
            "org/example/api/Base.java",
            "package org.example.api; public abstract class Base { public void kept() {} public int stays; }",
            "org/example/api/Util.java",
            "package org.example.api; public final class Util { public static int current() { return 2; } }",
            "org/example/api/Face.java",
            "package org.example.api; public interface Face { int size(); }");

    private static final Map<String, String> PLUGIN = Map.of(
            "com/acme/Plugin.java",
            "package com.acme; public class Plugin extends org.example.api.Base {"
                    + " public void go() { kept(); stays++; new Helper().help(this); } }",
            "com/acme/Helper.java",
            "package com.acme; class Helper { void help(Plugin p) {"
                    + " p.dropped(\"x\"); p.gone = org.example.api.Util.old() + org.example.api.Util.current();"
                    + " org.example.api.Gone.run(); } }",
            "com/acme/other/Elsewhere.java",
            "package com.acme.other; public class Elsewhere { static int f() { return org.example.api.Util.old(); } }",
            "com/acme/Clean.java",
            "package com.acme; public class Clean extends org.example.api.Base { public void go() { kept(); }"
                    // Object's methods through an interface type: an InterfaceMethodref that resolves in Object.
                    + " public String face(org.example.api.Face f) { return f.toString() + f.getClass() + f.size(); } }");

    @TempDir
    Path dir;

    private URLClassLoader api;
    private URLClassLoader plugin;

    @BeforeEach
    void compile() throws IOException {
        Path v1 = compile("v1", API_V1, List.of());
        Path v2 = compile("v2", API_V2, List.of());
        Path classes = compile("plugin", PLUGIN, List.of(v1));
        api = new URLClassLoader("api-v2", new URL[] {v2.toUri().toURL()}, ClassLoader.getPlatformClassLoader());
        plugin = new URLClassLoader("plugin", new URL[] {classes.toUri().toURL()}, api);
    }

    @AfterEach
    void close() throws IOException {
        plugin.close();
        api.close();
    }

    @Test
    void namesEveryMissingMemberOfThePluginAndItsPackagesClassesOnce() throws Exception {
        ApiLinkCheck check = new ApiLinkCheck(plugin, List.of("org.example.api."));

        List<MissingMember> missing = check.missing(plugin.loadClass("com.acme.Plugin"));

        assertThat(missing)
                .extracting(MissingMember::display)
                .containsExactlyInAnyOrder(
                        // Called through the plugin's own class, reported under the API class it came from.
                        "Base.dropped(String)", "Base.gone", "Util.old()", "class Gone");
        // The same answer from the per-location cache, and a clean class of the same location has nothing missing.
        assertThat(check.missing(plugin.loadClass("com.acme.Plugin"))).isEqualTo(missing);
        assertThat(check.missing(plugin.loadClass("com.acme.Clean"))).isEmpty();
    }

    @Test
    void readsOnlyThePluginsOwnPackage() throws Exception {
        // Elsewhere calls Util.old() too, but it is no plugin class and not in a plugin's package.
        ApiLinkCheck check = new ApiLinkCheck(plugin, List.of("org.example.api."));
        assertThat(check.missing(plugin.loadClass("com.acme.Clean"))).isEmpty();
        assertThat(check.missing(plugin.loadClass("com.acme.other.Elsewhere")))
                .extracting(MissingMember::key)
                .containsExactly("org.example.api.Util#old()I");
    }

    @Test
    void checksNothingOutsideTheApiPackages() throws Exception {
        ApiLinkCheck check = new ApiLinkCheck(plugin, List.of("org.other."));
        assertThat(check.missing(plugin.loadClass("com.acme.Plugin"))).isEmpty();
    }

    private Path compile(String name, Map<String, String> sources, List<Path> classpath) throws IOException {
        Path out = Files.createDirectories(dir.resolve(name));
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        List<JavaFileObject> units = new ArrayList<>();
        sources.forEach((path, code) -> units.add(new Source(path, code)));
        List<String> options = new ArrayList<>(List.of("-d", out.toString(), "-proc:none"));
        if (!classpath.isEmpty()) {
            options.addAll(List.of("-classpath", classpath.get(0).toString()));
        }
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        Boolean compiled =
                compiler.getTask(null, null, diagnostics, options, null, units).call();
        assertThat(compiled)
                .as(
                        "%s: %s",
                        name,
                        diagnostics.getDiagnostics().stream()
                                .map(d -> d.getMessage(Locale.ROOT))
                                .toList())
                .isTrue();
        return out;
    }

    /** A source file held in memory. */
    private static final class Source extends SimpleJavaFileObject {

        private final String code;

        Source(String path, String code) {
            super(URI.create("string:///" + path), Kind.SOURCE);
            this.code = code;
        }

        @Override
        public CharSequence getCharContent(boolean ignoreEncodingErrors) {
            return code;
        }
    }
}
