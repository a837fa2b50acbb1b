package io.kanal.runtime.isolation;

import io.kanal.api.convert.Converter;
import io.kanal.api.convert.HeaderConverter;
import io.kanal.api.transform.Predicate;
import io.kanal.api.transform.Transformation;

/**
 * The kinds of plugin a configuration names by class: what {@code key.converter}, {@code header.converter}, {@code
 * transforms.<name>.type} and {@code predicates.<name>.type} expect. Immutable.
 */
public enum PluginKind {
    /** {@code key.converter} / {@code value.converter}. */
    CONVERTER("converter", "Converter", Converter.class),
    /** {@code header.converter}. */
    HEADER_CONVERTER("header converter", "HeaderConverter", HeaderConverter.class),
    /** {@code transforms.<name>.type}. */
    TRANSFORMATION("transformation", "Transformation", Transformation.class),
    /** {@code predicates.<name>.type}. */
    PREDICATE("predicate", "Predicate", Predicate.class);

    private final String displayName;
    private final String connectSuffix;
    private final Class<?> apiType;

    PluginKind(String displayName, String connectSuffix, Class<?> apiType) {
        this.displayName = displayName;
        this.connectSuffix = connectSuffix;
        this.apiType = apiType;
    }

    /**
     * The kind in words, for messages.
     *
     * @return for example {@code header converter}
     */
    public String displayName() {
        return displayName;
    }

    /**
     * The simple name of Connect's interface for this kind, which Connect strips from class names to make the short
     * alias ({@code JsonConverter} → {@code Json}).
     *
     * @return for example {@code HeaderConverter}
     */
    public String connectSuffix() {
        return connectSuffix;
    }

    /**
     * The Kanal interface a plugin of this kind implements.
     *
     * @return for example {@code io.kanal.api.convert.Converter}
     */
    public Class<?> apiType() {
        return apiType;
    }
}
