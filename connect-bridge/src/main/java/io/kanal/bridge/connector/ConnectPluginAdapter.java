package io.kanal.bridge.connector;

import io.kanal.api.connector.SinkConnector;
import io.kanal.api.connector.SourceConnector;
import io.kanal.api.connector.Task;
import io.kanal.api.convert.Converter;
import io.kanal.api.convert.HeaderConverter;
import io.kanal.api.transform.Predicate;
import io.kanal.api.transform.Transformation;
import io.kanal.bridge.config.BridgedConfigProvider;
import io.kanal.bridge.convert.BridgedConverter;
import io.kanal.bridge.convert.BridgedHeaderConverter;
import io.kanal.bridge.transform.BridgedPredicate;
import io.kanal.bridge.transform.BridgedTransformation;
import io.kanal.config.ConfigProvider;
import io.kanal.runtime.isolation.spi.ForeignPluginAdapter;
import io.kanal.runtime.isolation.spi.MissingMember;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.utils.AppInfoParser;

/**
 * The Connect bridge's entry point for the runtime: which Connect classes it runs (source and sink connectors, and
 * their tasks), converters, header converters, transformations, predicates and config providers, and the Kanal adapters
 * around new instances of them. REST extensions and client config override policies of Connect plugin locations are not
 * run: {@link #kanalTypes} is empty for them, so the runtime lists them as load failures naming the
 * bridge.
 *
 * <p>Immutable and thread-safe (it holds only the list of removed Kafka API members); created once per worker by
 * {@link java.util.ServiceLoader} in the layer.
 */
public final class ConnectPluginAdapter implements ForeignPluginAdapter {

    private final RemovedKafkaApi removedApi = RemovedKafkaApi.load();

    /** For {@link java.util.ServiceLoader}. */
    public ConnectPluginAdapter() {}

    @Override
    public String family() {
        return "Apache Kafka Connect " + AppInfoParser.getVersion();
    }

    /** Everything of Kafka's: connect-api, kafka-clients, and Apache's own connectors in plugin locations. */
    @Override
    public List<String> linkedApiPackages() {
        return List.of("org.apache.kafka.");
    }

    @Override
    public String linkageFailure(String className, List<MissingMember> missing) {
        return removedApi.message(className, missing, AppInfoParser.getVersion());
    }

    @Override
    public Set<Class<?>> kanalTypes(Class<?> foreignClass) {
        if (Modifier.isAbstract(foreignClass.getModifiers()) || foreignClass.isInterface()) {
            return Set.of();
        }
        Set<Class<?>> types = new LinkedHashSet<>();
        for (Kind kind : Kind.values()) {
            if (kind.plugin && kind.connectType.isAssignableFrom(foreignClass)) {
                types.add(kind.kanalType);
            }
        }
        return Set.copyOf(types);
    }

    @Override
    public Class<?> adapterClass(Class<?> foreignClass, Class<?> kanalType) {
        return kind(foreignClass, kanalType).adapterClass;
    }

    @Override
    public <T> T adapt(Class<?> foreignClass, Class<T> kanalType) throws ReflectiveOperationException {
        Kind kind = kind(foreignClass, kanalType);
        Object instance = newInstance(foreignClass);
        Object adapted =
                switch (kind) {
                    case SOURCE_CONNECTOR ->
                        new BridgedSourceConnector((org.apache.kafka.connect.source.SourceConnector) instance);
                    case SINK_CONNECTOR ->
                        new BridgedSinkConnector((org.apache.kafka.connect.sink.SinkConnector) instance);
                    case SOURCE_TASK -> new BridgedSourceTask((org.apache.kafka.connect.source.SourceTask) instance);
                    case SINK_TASK -> new BridgedSinkTask((org.apache.kafka.connect.sink.SinkTask) instance);
                    case CONVERTER -> new BridgedConverter((org.apache.kafka.connect.storage.Converter) instance);
                    case HEADER_CONVERTER ->
                        new BridgedHeaderConverter((org.apache.kafka.connect.storage.HeaderConverter) instance);
                    case TRANSFORMATION ->
                        new BridgedTransformation<>((org.apache.kafka.connect.transforms.Transformation<?>) instance);
                    case PREDICATE ->
                        new BridgedPredicate<>((org.apache.kafka.connect.transforms.predicates.Predicate<?>) instance);
                    case CONFIG_PROVIDER ->
                        new BridgedConfigProvider((org.apache.kafka.common.config.provider.ConfigProvider) instance);
                };
        return kanalType.cast(adapted);
    }

    /** A new Connect config provider, configured with its parameters as Connect's worker configures it. */
    @Override
    public ConfigProvider configProvider(Class<?> foreignClass, Map<String, String> params)
            throws ReflectiveOperationException {
        BridgedConfigProvider provider = adapt(foreignClass, BridgedConfigProvider.class);
        try {
            provider.configure(params);
        } catch (RuntimeException | Error e) {
            try {
                provider.close();
            } catch (RuntimeException closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
        return provider;
    }

    /** The kind a foreign class runs as when the runtime asks for {@code kanalType}. */
    private static Kind kind(Class<?> foreignClass, Class<?> kanalType) {
        for (Kind kind : Kind.values()) {
            if (kind.connectType.isAssignableFrom(foreignClass) && kanalType.isAssignableFrom(kind.adapterClass)) {
                return kind;
            }
        }
        throw new IllegalArgumentException(
                foreignClass.getName() + " is no Connect plugin the bridge can run as " + kanalType.getName());
    }

    /**
     * What the bridge runs: a Connect type, the Kanal type it is discovered as, and the adapter. Tasks are no plugins
     * of their own (their connector names them), so discovery does not list them.
     */
    private enum Kind {
        SOURCE_CONNECTOR(
                org.apache.kafka.connect.source.SourceConnector.class,
                SourceConnector.class,
                BridgedSourceConnector.class,
                true),
        SINK_CONNECTOR(
                org.apache.kafka.connect.sink.SinkConnector.class,
                SinkConnector.class,
                BridgedSinkConnector.class,
                true),
        SOURCE_TASK(org.apache.kafka.connect.source.SourceTask.class, Task.class, BridgedSourceTask.class, false),
        SINK_TASK(org.apache.kafka.connect.sink.SinkTask.class, Task.class, BridgedSinkTask.class, false),
        CONVERTER(org.apache.kafka.connect.storage.Converter.class, Converter.class, BridgedConverter.class, true),
        HEADER_CONVERTER(
                org.apache.kafka.connect.storage.HeaderConverter.class,
                HeaderConverter.class,
                BridgedHeaderConverter.class,
                true),
        TRANSFORMATION(
                org.apache.kafka.connect.transforms.Transformation.class,
                Transformation.class,
                BridgedTransformation.class,
                true),
        PREDICATE(
                org.apache.kafka.connect.transforms.predicates.Predicate.class,
                Predicate.class,
                BridgedPredicate.class,
                true),
        CONFIG_PROVIDER(
                org.apache.kafka.common.config.provider.ConfigProvider.class,
                ConfigProvider.class,
                BridgedConfigProvider.class,
                true);

        private final Class<?> connectType;
        private final Class<?> kanalType;
        private final Class<?> adapterClass;
        private final boolean plugin;

        Kind(Class<?> connectType, Class<?> kanalType, Class<?> adapterClass, boolean plugin) {
            this.connectType = connectType;
            this.kanalType = kanalType;
            this.adapterClass = adapterClass;
            this.plugin = plugin;
        }
    }

    /** Connect's own rule: plugins have a public no-argument constructor. */
    private static Object newInstance(Class<?> foreignClass) throws ReflectiveOperationException {
        try {
            return foreignClass.getConstructor().newInstance();
        } catch (InvocationTargetException e) {
            // The constructor threw: report what it threw, not the reflective wrapper.
            if (e.getCause() instanceof RuntimeException thrown) {
                throw thrown;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw e;
        }
    }
}
