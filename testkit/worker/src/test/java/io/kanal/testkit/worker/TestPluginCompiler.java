package io.kanal.testkit.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
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

/**
 * Compiles a small Connect plugin written in a test into a {@code plugin.path} location (a class directory with its
 * {@code META-INF/services} manifests), against the Connect bridge layer's jars, as a third party would build it.
 * Stateless.
 */
final class TestPluginCompiler {

    private TestPluginCompiler() {}

    /**
     * Compiles the sources into the location and writes the manifests.
     *
     * @param location the plugin location directory
     * @param sources source path (such as {@code com/example/X.java}) to code
     * @param manifests Connect plugin interface to the class names its manifest lists
     * @throws IOException when the location cannot be written
     */
    static void compile(Path location, Map<String, String> sources, Map<String, List<String>> manifests)
            throws IOException {
        Path layer = ConnectBridgeFileIT.layer();
        compile(
                String.join(
                        java.io.File.pathSeparator,
                        layer.resolve("kafka-clients-4.3.1.jar").toString(),
                        layer.resolve("connect-api-4.3.1.jar").toString()),
                location,
                sources,
                manifests);
    }

    /**
     * Compiles the sources against the given class path (another Connect version's jars) into the location and writes
     * the manifests.
     *
     * @param classpath the class path to compile against
     * @param location the plugin location directory
     * @param sources source path (such as {@code com/example/X.java}) to code
     * @param manifests Connect plugin interface to the class names its manifest lists
     * @throws IOException when the location cannot be written
     */
    static void compile(
            String classpath, Path location, Map<String, String> sources, Map<String, List<String>> manifests)
            throws IOException {
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        List<JavaFileObject> units = new ArrayList<>();
        sources.forEach((path, code) -> units.add(new Source(path, code)));
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        Boolean compiled = compiler.getTask(
                        null,
                        null,
                        diagnostics,
                        List.of("-classpath", classpath, "-d", location.toString(), "-proc:none", "--release", "17"),
                        null,
                        units)
                .call();
        assertThat(compiled)
                .as(
                        "compiling %s: %s",
                        sources.keySet(),
                        diagnostics.getDiagnostics().stream()
                                .map(d -> d.getMessage(Locale.ROOT))
                                .toList())
                .isTrue();
        Path services = Files.createDirectories(location.resolve("META-INF").resolve("services"));
        for (Map.Entry<String, List<String>> manifest : manifests.entrySet()) {
            Files.writeString(
                    services.resolve(manifest.getKey()),
                    String.join("\n", manifest.getValue()) + "\n",
                    StandardCharsets.UTF_8);
        }
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
