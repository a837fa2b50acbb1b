package io.kanal.runtime.isolation;

import io.kanal.api.convert.Converter;
import io.kanal.config.ConfigSpec;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * Builds real plugins at test time: compiles Java sources with {@link JavaCompiler} into directories and packages
 * them into jars with {@link JarOutputStream}. Also the source templates of the test plugins.
 */
public final class TestPlugins {

    private TestPlugins() {}

    /** The class path plugins compile against: the plugin API and the config module. */
    static List<Path> apiClassPath() {
        return List.of(codeSource(Converter.class), codeSource(ConfigSpec.class));
    }

    /**
     * Compiles sources into a fresh directory.
     *
     * @param out the output directory
     * @param sources binary class name → source text
     * @param classPath what the sources compile against
     * @return {@code out}
     */
    static Path compile(Path out, Map<String, String> sources, List<Path> classPath) {
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager files =
                compiler.getStandardFileManager(diagnostics, null, StandardCharsets.UTF_8)) {
            Files.createDirectories(out);
            List<JavaFileObject> units = new ArrayList<>();
            sources.forEach((name, text) -> units.add(new Source(name, text)));
            List<String> options = new ArrayList<>(List.of("-d", out.toString(), "-proc:none", "--release", "17"));
            if (!classPath.isEmpty()) {
                options.add("-classpath");
                options.add(String.join(
                        java.io.File.pathSeparator,
                        classPath.stream().map(Path::toString).toList()));
            }
            boolean ok = compiler.getTask(null, files, diagnostics, options, null, units)
                    .call();
            if (!ok) {
                throw new IllegalStateException("test plugin does not compile: " + diagnostics.getDiagnostics());
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Writes a jar of the class files under {@code classes} whose relative path starts with one of the prefixes, plus
     * text entries.
     *
     * @param jar the jar to write
     * @param classes a compiler output directory
     * @param prefixes relative path prefixes such as {@code fixture/alpha/}
     * @param entries further entries, name → text (such as {@code META-INF/services/...})
     * @return {@code jar}
     */
    static Path jar(Path jar, Path classes, List<String> prefixes, Map<String, String> entries) {
        try {
            Files.createDirectories(jar.getParent());
            try (OutputStream file = Files.newOutputStream(jar);
                    JarOutputStream out = new JarOutputStream(file);
                    Stream<Path> walk = Files.walk(classes)) {
                for (Path path : walk.filter(Files::isRegularFile).sorted().toList()) {
                    String name = classes.relativize(path).toString().replace('\\', '/');
                    if (prefixes.stream().anyMatch(name::startsWith)) {
                        out.putNextEntry(new JarEntry(name));
                        out.write(Files.readAllBytes(path));
                        out.closeEntry();
                    }
                }
                for (Map.Entry<String, String> entry : entries.entrySet()) {
                    out.putNextEntry(new JarEntry(entry.getKey()));
                    out.write(entry.getValue().getBytes(StandardCharsets.UTF_8));
                    out.closeEntry();
                }
            }
            return jar;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Copies the class files under the prefixes into a directory-of-classes plugin, plus text entries.
     *
     * @param dir the plugin directory
     * @param classes a compiler output directory
     * @param prefixes relative path prefixes
     * @param entries further files, relative name → text
     * @return {@code dir}
     */
    public static Path classesDir(Path dir, Path classes, List<String> prefixes, Map<String, String> entries) {
        try (Stream<Path> walk = Files.walk(classes)) {
            for (Path path : walk.filter(Files::isRegularFile).toList()) {
                String name = classes.relativize(path).toString().replace('\\', '/');
                if (prefixes.stream().anyMatch(name::startsWith)) {
                    Path target = dir.resolve(name);
                    Files.createDirectories(target.getParent());
                    Files.copy(path, target);
                }
            }
            for (Map.Entry<String, String> entry : entries.entrySet()) {
                Path target = dir.resolve(entry.getKey());
                Files.createDirectories(target.getParent());
                Files.writeString(target, entry.getValue());
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A {@code META-INF/services} manifest entry for a plugin type. */
    public static Map.Entry<String, String> manifest(PluginType type, String... classNames) {
        return Map.entry(type.manifest(), "# test plugin\n" + String.join("\n", classNames) + "\n");
    }

    /**
     * A converter whose {@code fromConnectData} answers with the text of the {@code fixture.lib.Greeting} it sees.
     *
     * @param interfaces the implements clause, such as {@code Converter}
     * @param extraMembers more members of the class
     */
    static String converter(String pkg, String name, String interfaces, String extraMembers) {
        return """
                package %s;

                import io.kanal.api.convert.Converter;
                import io.kanal.api.data.Headers;
                import io.kanal.api.data.Schema;
                import io.kanal.api.data.SchemaAndValue;
                import io.kanal.config.ConfigSpec;
                import io.kanal.config.ParsedConfig;
                import java.nio.charset.StandardCharsets;

                public class %s implements %s {
                    public ConfigSpec configSpec() { return ConfigSpec.builder().build(); }
                    public void configure(ParsedConfig config, boolean isKey) {}
                    public byte[] fromConnectData(String topic, Headers headers, Schema schema, Object value) {
                        return fixture.lib.Greeting.text().getBytes(StandardCharsets.UTF_8);
                    }
                    public SchemaAndValue toConnectData(String topic, Headers headers, byte[] value) {
                        return SchemaAndValue.NULL;
                    }
                    %s
                }
                """.formatted(pkg, name, interfaces, extraMembers);
    }

    /** A source connector whose version is the given Java expression. */
    static String sourceConnector(String pkg, String name, String versionExpression) {
        return """
                package %s;

                import io.kanal.api.connector.SourceConnector;
                import io.kanal.api.connector.Task;
                import io.kanal.config.ConfigSpec;
                import io.kanal.config.ParsedConfig;
                import java.util.List;
                import java.util.Map;

                public class %s extends SourceConnector {
                    public String version() { return %s; }
                    public ConfigSpec configSpec() { return ConfigSpec.builder().build(); }
                    public void start(ParsedConfig config) {}
                    public Class<? extends Task> taskClass() { return null; }
                    public List<Map<String, String>> taskConfigs(int maxTasks) { return List.of(); }
                    public void stop() {}
                }
                """.formatted(pkg, name, versionExpression);
    }

    /** A transformation that passes records through. */
    static String transformation(String pkg, String name) {
        return """
                package %s;

                import io.kanal.api.connector.ConnectRecord;
                import io.kanal.api.transform.Transformation;
                import io.kanal.config.ConfigSpec;
                import io.kanal.config.ParsedConfig;

                public class %s<R extends ConnectRecord<R>> implements Transformation<R> {
                    public ConfigSpec configSpec() { return ConfigSpec.builder().build(); }
                    public void configure(ParsedConfig config) {}
                    public R apply(R record) { return record; }
                }
                """.formatted(pkg, name);
    }

    /** The library class the plugins bundle, answering with the given text. */
    static String greeting(String text) {
        return """
                package fixture.lib;

                public final class Greeting {
                    public static String text() { return "%s"; }
                }
                """.formatted(text);
    }

    private static Path codeSource(Class<?> type) {
        try {
            URI uri = type.getProtectionDomain().getCodeSource().getLocation().toURI();
            return Path.of(uri);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static final class Source extends SimpleJavaFileObject {

        private final String text;

        Source(String className, String text) {
            super(URI.create("string:///" + className.replace('.', '/') + Kind.SOURCE.extension), Kind.SOURCE);
            this.text = text;
        }

        @Override
        public CharSequence getCharContent(boolean ignoreEncodingErrors) {
            return text;
        }
    }
}
