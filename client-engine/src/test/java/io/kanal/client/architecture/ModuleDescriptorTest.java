package io.kanal.client.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The client engine's public API is what its module exports: the clients and their values, never the protocol
 * messages, the network layer or internals. javac's {@code -Xlint:exports} (an error with {@code -Werror}) already
 * refuses an exported signature that mentions an unexported type; this test pins the exported set itself.
 */
class ModuleDescriptorTest {
    private static ModuleDescriptor descriptor() throws IOException {
        try (InputStream in = Files.newInputStream(Path.of("target/classes/module-info.class"))) {
            return ModuleDescriptor.read(in);
        }
    }

    /** The packages with compiled classes (the descriptor javac writes lists only the exported ones). */
    private static Set<String> compiledPackages() throws IOException {
        Path root = Path.of("target/classes");
        Set<String> packages = new TreeSet<>();
        try (Stream<Path> files = Files.walk(root)) {
            files.filter(f -> f.toString().endsWith(".class") && !f.endsWith("module-info.class"))
                    .forEach(f -> packages.add(
                            root.relativize(f.getParent()).toString().replace('/', '.')));
        }
        return packages;
    }

    @Test
    void exportsTheApiPackagesOnly() throws IOException {
        ModuleDescriptor module = descriptor();
        assertThat(module.name()).isEqualTo("io.kanal.client");
        Set<String> exported = new TreeSet<>();
        module.exports().forEach(e -> {
            assertThat(e.isQualified())
                    .as("%s is exported to everyone or no one", e.source())
                    .isFalse();
            exported.add(e.source());
        });
        assertThat(exported)
                .containsExactlyInAnyOrder(
                        "io.kanal.client",
                        "io.kanal.client.errors",
                        "io.kanal.client.common",
                        "io.kanal.client.config",
                        "io.kanal.client.serialization",
                        "io.kanal.client.record",
                        "io.kanal.client.cluster",
                        "io.kanal.client.resource",
                        "io.kanal.client.producer",
                        "io.kanal.client.consumer",
                        "io.kanal.client.admin",
                        "io.kanal.client.group",
                        // The OAUTHBEARER token source an application plugs in (issue 18); the mechanisms stay in
                        // the unexported network.sasl.
                        "io.kanal.client.security");
        assertThat(compiledPackages())
                .as("the internals exist and stay unexported")
                .contains(
                        "io.kanal.client.protocol.message",
                        "io.kanal.client.network",
                        "io.kanal.client.network.sasl",
                        "io.kanal.client.consumer.internals",
                        "io.kanal.client.group.internals",
                        "io.kanal.client.resource.internals",
                        "io.kanal.client.cluster.internals");
        assertThat(exported.stream()
                        .filter(p -> p.contains("internals") || p.contains("protocol") || p.endsWith(".network")))
                .isEmpty();
    }

    @Test
    void compressionLibrariesAreOptionalAtRunTime() throws IOException {
        Set<String> optional = new TreeSet<>();
        descriptor().requires().forEach(r -> {
            if (r.modifiers().contains(ModuleDescriptor.Requires.Modifier.STATIC)) {
                optional.add(r.name());
            }
        });
        assertThat(optional).containsExactlyInAnyOrder("snappy.java", "org.lz4.java", "com.github.luben.zstd_jni");
    }
}
