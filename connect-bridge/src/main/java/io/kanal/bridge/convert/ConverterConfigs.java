package io.kanal.bridge.convert;

import io.kanal.bridge.config.ConfigDefTranslator;
import io.kanal.config.ConfigSpec;
import io.kanal.config.ParsedConfig;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;

/**
 * How Connect's worker configures converters, in Kanal's terms. The worker itself sets {@code converter.type} ({@code
 * key}, {@code value} or {@code header}) in the map it hands to {@code configure}, so a converter's definition may
 * require it (connect-json's does) although no user writes it: the Kanal spec leaves that key out, and {@link
 * #connectMap} puts it in, as Apache's {@code Plugins.newConverter}/{@code newHeaderConverter} do.
 *
 * <p>Stateless and thread-safe.
 */
final class ConverterConfigs {

    /** Connect's {@code ConverterConfig.TYPE_CONFIG}: set by the worker, never by the user. */
    static final String TYPE = "converter.type";

    private ConverterConfigs() {}

    /**
     * @param definition the converter's {@code config()}, or null
     * @param loader the converter's loader
     * @return the spec of every key but {@link #TYPE}
     */
    static ConfigSpec spec(ConfigDef definition, ClassLoader loader) {
        ConfigDef userKeys = new ConfigDef();
        if (definition != null) {
            for (ConfigDef.ConfigKey key : definition.configKeys().values()) {
                if (!key.name.equals(TYPE)) {
                    userKeys.define(key);
                }
            }
        }
        return new ConfigDefTranslator(loader).toSpec(userKeys);
    }

    /**
     * @param config the parsed configuration
     * @param type {@code key}, {@code value} or {@code header}
     * @return what Connect's worker passes to {@code configure}: every key as the user wrote it, and {@link #TYPE}
     */
    static Map<String, Object> connectMap(ParsedConfig config, String type) {
        Map<String, Object> map = new LinkedHashMap<>(config.originals());
        map.put(TYPE, type);
        return map;
    }

    /**
     * @param plugin a Connect plugin
     * @return its loader, or the system loader for a class of the boot loader
     */
    static ClassLoader loaderOf(Object plugin) {
        ClassLoader own = plugin.getClass().getClassLoader();
        return own != null ? own : ClassLoader.getSystemClassLoader();
    }
}
