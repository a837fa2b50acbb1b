package io.kanal.runtime.isolation.connect;

import io.kanal.runtime.isolation.ForeignLocation;
import io.kanal.runtime.isolation.ForeignPlugins;
import io.kanal.runtime.isolation.IsolationRule;
import io.kanal.runtime.isolation.PluginClassLoader;
import io.kanal.runtime.isolation.PluginLoadFailure;
import io.kanal.runtime.isolation.PluginLocation;
import io.kanal.runtime.isolation.PluginType;
import io.kanal.runtime.isolation.spi.ForeignPluginAdapter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Apache Kafka Connect bridge layer and the plugin locations it runs. The layer is a directory of jars ({@value
 * #CONFIG}; by default {@code <kanal.home>/libs/connect-bridge}): the bridge and Apache's {@code connect-api}, {@code
 * kafka-clients}, {@code connect-json}, {@code connect-transforms}. It gets one loader whose parent ({@link
 * SharedApiLoader}) shows it only the JDK, Kanal's plugin API and config model, SLF4J and the bridge SPI; the bridge's
 * {@link ForeignPluginAdapter} is found in it with {@link ServiceLoader}.
 *
 * <p>As {@link ForeignPlugins}, it claims every {@code plugin.path} location whose own {@code META-INF/services}
 * manifests name one of Connect's nine plugin interfaces and, unless {@code plugin.discovery=service_load}, every
 * location without any manifest (neither Connect's nor Kanal's), whose classes are then scanned. Each claimed location
 * gets a {@link PluginClassLoader} (with {@link ConnectIsolationRule}) below the layer. Without a layer, Connect locations are refused with a
 * message naming the missing directory; Kanal plugins load as before.
 *
 * <p>Built once on the worker's start thread, then immutable; any thread may read it. {@link #close()} closes the
 * layer's loader when the worker stops, after the plugin registry.
 */
public final class ConnectLayer implements ForeignPlugins, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectLayer.class);

    /** The worker config key naming the layer directory. */
    public static final String CONFIG = "kanal.connect.bridge.path";

    /** Connect's plugin interfaces (KIP-898): their manifests mark a Connect plugin location. */
    public static final List<String> MANIFEST_INTERFACES = List.of(
            "org.apache.kafka.connect.source.SourceConnector",
            "org.apache.kafka.connect.sink.SinkConnector",
            "org.apache.kafka.connect.storage.Converter",
            "org.apache.kafka.connect.storage.HeaderConverter",
            "org.apache.kafka.connect.transforms.Transformation",
            "org.apache.kafka.connect.transforms.predicates.Predicate",
            "org.apache.kafka.common.config.provider.ConfigProvider",
            "org.apache.kafka.connect.rest.ConnectRestExtension",
            "org.apache.kafka.connect.connector.policy.ConnectorClientConfigOverridePolicy");

    private final Path directory;
    private final PluginDiscovery discovery;
    private final ConnectIsolationRule rule;
    private final URLClassLoader layer;
    private final ForeignPluginAdapter adapter;
    private final List<Class<?>> manifestInterfaces;
    private final String absence;

    private ConnectLayer(
            Path directory,
            PluginDiscovery discovery,
            URLClassLoader layer,
            ForeignPluginAdapter adapter,
            List<Class<?>> manifestInterfaces,
            String absence) {
        this.directory = directory;
        this.discovery = discovery;
        this.rule = new ConnectIsolationRule(IsolationRule.forThisJvm());
        this.layer = layer;
        this.adapter = adapter;
        this.manifestInterfaces = List.copyOf(manifestInterfaces);
        this.absence = absence;
    }

    /**
     * The layer a worker config names: {@value #CONFIG}, else {@code <kanal.home>/libs/connect-bridge} when the
     * {@code kanal.home} system property is set; {@code plugin.discovery} as Connect reads it.
     *
     * @param workerConfig the worker config
     * @return the layer, possibly absent (Connect plugins are then refused with a clear failure)
     * @throws IllegalArgumentException for an unknown {@code plugin.discovery}
     */
    public static ConnectLayer fromWorkerConfig(Map<String, String> workerConfig) {
        PluginDiscovery discovery = PluginDiscovery.parse(workerConfig.get(PluginDiscovery.CONFIG));
        String configured = workerConfig.get(CONFIG);
        Path directory;
        if (configured != null && !configured.isBlank()) {
            directory = Path.of(configured.trim());
        } else if (System.getProperty("kanal.home") != null) {
            directory = Path.of(System.getProperty("kanal.home"), "libs", "connect-bridge");
        } else {
            return new ConnectLayer(
                    null,
                    discovery,
                    null,
                    null,
                    List.of(),
                    "no Connect bridge layer: set " + CONFIG + " (or run from a distribution, kanal.home)");
        }
        return open(directory, discovery, ConnectLayer.class.getClassLoader());
    }

    /**
     * Opens the layer in a directory.
     *
     * @param directory the layer directory (its jars, at any depth)
     * @param discovery the worker's {@code plugin.discovery}
     * @param runtime the runtime's loader, which the layer sees only the shared packages of
     * @return the layer, absent with the reason when the directory or the bridge's adapter is missing
     */
    public static ConnectLayer open(Path directory, PluginDiscovery discovery, ClassLoader runtime) {
        List<URL> jars;
        try {
            jars = jars(directory);
        } catch (IOException | UncheckedIOException e) {
            return new ConnectLayer(
                    directory,
                    discovery,
                    null,
                    null,
                    List.of(),
                    "the Connect bridge layer " + directory + " (" + CONFIG + ") cannot be read: " + e);
        }
        URLClassLoader layer =
                new URLClassLoader("kanal-connect-layer", jars.toArray(new URL[0]), new SharedApiLoader(runtime));
        ForeignPluginAdapter adapter;
        try {
            Iterator<ForeignPluginAdapter> adapters =
                    ServiceLoader.load(ForeignPluginAdapter.class, layer).iterator();
            adapter = adapters.hasNext() ? adapters.next() : null;
        } catch (ServiceConfigurationError | LinkageError e) {
            closeQuietly(layer);
            return new ConnectLayer(
                    directory,
                    discovery,
                    null,
                    null,
                    List.of(),
                    "the Connect bridge in " + directory + " (" + CONFIG + ") cannot start: " + e);
        }
        if (adapter == null) {
            closeQuietly(layer);
            return new ConnectLayer(
                    directory,
                    discovery,
                    null,
                    null,
                    List.of(),
                    directory + " (" + CONFIG + ") holds no Connect bridge (no ForeignPluginAdapter service)");
        }
        List<Class<?>> interfaces = new ArrayList<>();
        for (String name : MANIFEST_INTERFACES) {
            try {
                interfaces.add(Class.forName(name, false, layer));
            } catch (ClassNotFoundException | LinkageError e) {
                // The REST extension interface needs JAX-RS, which the layer need not ship: its plugins stay unknown.
                LOG.debug("Connect bridge layer {} lacks {}: {}", directory, name, e.toString());
            }
        }
        LOG.info("Connect bridge: {} from {} ({} jars)", adapter.family(), directory, jars.size());
        return new ConnectLayer(directory, discovery, layer, adapter, interfaces, null);
    }

    /**
     * @return whether a layer was loaded
     */
    public boolean present() {
        return layer != null;
    }

    /**
     * @return the layer's loader; empty when absent
     */
    public java.util.Optional<ClassLoader> loader() {
        return java.util.Optional.ofNullable(layer);
    }

    @Override
    public ForeignLocation claim(PluginLocation location) {
        boolean connect;
        boolean kanal;
        try (URLClassLoader probe = new URLClassLoader(location.urls().toArray(new URL[0]), null)) {
            connect = hasAny(
                    probe,
                    MANIFEST_INTERFACES.stream()
                            .map(i -> "META-INF/services/" + i)
                            .toList());
            kanal = hasAny(
                    probe,
                    Stream.of(PluginType.values()).map(PluginType::manifest).toList());
        } catch (IOException e) {
            return ForeignLocation.refused(
                    new PluginLoadFailure(location.path(), PluginLoadFailure.Stage.LOCATION, null, null, e));
        }
        boolean scan = !connect && !kanal && discovery.scans();
        if (!connect && !scan) {
            return null;
        }
        if (layer == null) {
            if (!connect) {
                return null; // nothing says it is a Connect location: leave it to Kanal's discovery, as before
            }
            return ForeignLocation.refused(new PluginLoadFailure(
                    location.path(),
                    PluginLoadFailure.Stage.LOCATION,
                    null,
                    null,
                    new IllegalStateException("this is an Apache Kafka Connect plugin location, but " + absence)));
        }
        PluginClassLoader loader =
                new PluginClassLoader("connect-plugin", location.path(), location.urls(), layer, rule);
        return new ForeignLocation(loader, adapter, manifestInterfaces, discovery.scan(), null);
    }

    /** Closes the layer's loader; Connect plugins must not be used afterwards. */
    @Override
    public void close() {
        if (layer != null) {
            try {
                layer.close();
            } catch (IOException e) {
                LOG.warn("Could not close the Connect bridge layer {}", directory, e);
            }
        }
    }

    @Override
    public String toString() {
        return "ConnectLayer[" + (layer == null ? absence : directory) + "]";
    }

    private static boolean hasAny(URLClassLoader probe, List<String> resources) {
        for (String resource : resources) {
            if (probe.findResource(resource) != null) {
                return true;
            }
        }
        return false;
    }

    private static List<URL> jars(Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            throw new NoSuchFileException(directory.toString(), null, "not a directory");
        }
        List<URL> urls = new ArrayList<>();
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path jar : files.filter(f -> f.toString().endsWith(".jar") && Files.isRegularFile(f))
                    .sorted()
                    .toList()) {
                urls.add(toUrl(jar));
            }
        }
        if (urls.isEmpty()) {
            throw new NoSuchFileException(directory.toString(), null, "holds no jars");
        }
        return urls;
    }

    private static URL toUrl(Path jar) {
        try {
            return jar.toUri().toURL();
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException(jar.toString(), e);
        }
    }

    private static void closeQuietly(URLClassLoader loader) {
        try {
            loader.close();
        } catch (IOException e) {
            LOG.debug("Could not close {}", loader, e);
        }
    }
}
