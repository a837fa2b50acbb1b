package io.kanal.bridge.connector;

import io.kanal.api.connector.SinkConnector;
import io.kanal.api.connector.SourceConnector;
import io.kanal.runtime.isolation.spi.ForeignPluginAdapter;
import io.kanal.runtime.isolation.spi.MissingMember;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
import java.util.List;
import java.util.Set;
import org.apache.kafka.common.utils.AppInfoParser;

/**
 * The Connect bridge's entry point for the runtime: which Connect classes it runs (source and sink connectors, and
 * their tasks) and the Kanal adapters around new instances of them. Converters, transforms, predicates and config
 * providers of Connect plugin locations are not run yet: {@link #kanalTypes} is empty for them, so the runtime lists
 * them as load failures naming the bridge.
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
        if (org.apache.kafka.connect.source.SourceConnector.class.isAssignableFrom(foreignClass)) {
            return Set.of(SourceConnector.class);
        }
        if (org.apache.kafka.connect.sink.SinkConnector.class.isAssignableFrom(foreignClass)) {
            return Set.of(SinkConnector.class);
        }
        return Set.of();
    }

    @Override
    public Class<?> adapterClass(Class<?> foreignClass, Class<?> kanalType) {
        if (org.apache.kafka.connect.source.SourceConnector.class.isAssignableFrom(foreignClass)) {
            return BridgedSourceConnector.class;
        }
        if (org.apache.kafka.connect.sink.SinkConnector.class.isAssignableFrom(foreignClass)) {
            return BridgedSinkConnector.class;
        }
        if (org.apache.kafka.connect.source.SourceTask.class.isAssignableFrom(foreignClass)) {
            return BridgedSourceTask.class;
        }
        if (org.apache.kafka.connect.sink.SinkTask.class.isAssignableFrom(foreignClass)) {
            return BridgedSinkTask.class;
        }
        throw new IllegalArgumentException(foreignClass.getName()
                + " is no Connect connector or task: the bridge cannot run it as " + kanalType.getName());
    }

    @Override
    public <T> T adapt(Class<?> foreignClass, Class<T> kanalType) throws ReflectiveOperationException {
        Class<?> adapter = adapterClass(foreignClass, kanalType);
        if (!kanalType.isAssignableFrom(adapter)) {
            throw new IllegalArgumentException(
                    foreignClass.getName() + " runs as " + adapter.getSimpleName() + ", not as " + kanalType.getName());
        }
        Object instance = newInstance(foreignClass);
        Object adapted;
        if (instance instanceof org.apache.kafka.connect.source.SourceConnector source) {
            adapted = new BridgedSourceConnector(source);
        } else if (instance instanceof org.apache.kafka.connect.sink.SinkConnector sink) {
            adapted = new BridgedSinkConnector(sink);
        } else if (instance instanceof org.apache.kafka.connect.source.SourceTask source) {
            adapted = new BridgedSourceTask(source);
        } else {
            adapted = new BridgedSinkTask((org.apache.kafka.connect.sink.SinkTask) instance);
        }
        return kanalType.cast(adapted);
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
