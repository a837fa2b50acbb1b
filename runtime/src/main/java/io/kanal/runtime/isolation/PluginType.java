package io.kanal.runtime.isolation;

import io.kanal.api.connector.SinkConnector;
import io.kanal.api.connector.SourceConnector;
import io.kanal.api.convert.Converter;
import io.kanal.api.convert.HeaderConverter;
import io.kanal.api.transform.Predicate;
import io.kanal.api.transform.Transformation;
import io.kanal.config.ConfigProvider;
import java.util.Locale;
import java.util.Set;

/**
 * The kinds of plugin Kanal discovers, each with the interface whose {@code META-INF/services} manifest lists its
 * implementations. {@link #restName()} is the {@code type} that Kafka Connect's {@code GET /connector-plugins} shows.
 */
public enum PluginType {
    /** A source connector. */
    SOURCE(SourceConnector.class, "Connector"),
    /** A sink connector. */
    SINK(SinkConnector.class, "Connector"),
    /** A key or value converter. */
    CONVERTER(Converter.class, "Converter"),
    /** A header converter. */
    HEADER_CONVERTER(HeaderConverter.class, "HeaderConverter"),
    /** A single message transform. */
    TRANSFORMATION(Transformation.class, "Transformation"),
    /** A predicate that guards a transform. */
    PREDICATE(Predicate.class, "Predicate"),
    /** A config provider ({@code config.providers}). */
    CONFIGPROVIDER(ConfigProvider.class, "ConfigProvider");

    /** Both connector types: what {@code connector.class} may name. */
    public static final Set<PluginType> CONNECTORS = Set.of(SOURCE, SINK);

    private final Class<?> pluginInterface;
    private final String aliasSuffix;

    PluginType(Class<?> pluginInterface, String aliasSuffix) {
        this.pluginInterface = pluginInterface;
        this.aliasSuffix = aliasSuffix;
    }

    /**
     * @return the type every plugin of this kind extends or implements; its binary name names the manifest
     */
    public Class<?> pluginInterface() {
        return pluginInterface;
    }

    /**
     * @return the manifest resource that lists plugins of this kind, {@code META-INF/services/<interface>}
     */
    public String manifest() {
        return "META-INF/services/" + pluginInterface.getName();
    }

    /**
     * The suffix that a plugin's short alias drops from its simple class name, as Connect does: {@code Connector} for
     * connectors, the interface's simple name for the others ({@code JsonConverter} → {@code Json}).
     *
     * @return the suffix
     */
    public String aliasSuffix() {
        return aliasSuffix;
    }

    /**
     * @return the lower-case name Connect's REST API uses: {@code source}, {@code header_converter}, {@code
     *     configprovider}, ...
     */
    public String restName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @return a readable name for messages, such as {@code header converter}
     */
    public String displayName() {
        return switch (this) {
            case SOURCE -> "source connector";
            case SINK -> "sink connector";
            case CONFIGPROVIDER -> "config provider";
            default -> name().toLowerCase(Locale.ROOT).replace('_', ' ');
        };
    }
}
