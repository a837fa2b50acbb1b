package io.kanal.runtime.isolation;

/**
 * The connector config keys that pick a plugin's version (KIP-891), next to the keys that name the plugin; their
 * values go to {@link PluginRegistry#resolve} as the version. The converter keys are also worker config keys, the
 * defaults for connectors that do not set them.
 */
public final class PluginVersionKeys {

    /** What every version key ends with. */
    public static final String SUFFIX = "plugin.version";

    /** The version of {@code connector.class}. */
    public static final String CONNECTOR = "connector." + SUFFIX;

    /** The version of {@code key.converter}. */
    public static final String KEY_CONVERTER = "key.converter." + SUFFIX;

    /** The version of {@code value.converter}. */
    public static final String VALUE_CONVERTER = "value.converter." + SUFFIX;

    /** The version of {@code header.converter}. */
    public static final String HEADER_CONVERTER = "header.converter." + SUFFIX;

    private PluginVersionKeys() {}

    /**
     * @param alias a transform's alias in {@code transforms}
     * @return {@code transforms.<alias>.plugin.version}, the version of {@code transforms.<alias>.type}
     */
    public static String transform(String alias) {
        return "transforms." + alias + "." + SUFFIX;
    }

    /**
     * @param alias a predicate's alias in {@code predicates}
     * @return {@code predicates.<alias>.plugin.version}, the version of {@code predicates.<alias>.type}
     */
    public static String predicate(String alias) {
        return "predicates." + alias + "." + SUFFIX;
    }
}
