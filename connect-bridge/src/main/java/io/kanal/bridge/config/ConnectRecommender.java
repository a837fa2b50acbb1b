package io.kanal.bridge.config;

import io.kanal.config.ConfigKey;
import io.kanal.config.ParsedConfig;
import io.kanal.config.Recommender;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.kafka.common.config.ConfigDef;

/**
 * A Connect {@code ConfigDef.Recommender} as a Kanal {@link Recommender}: it gets the configuration as Connect's
 * parsed values (loaded classes, Connect passwords) and its recommendations are written as Connect writes them
 * ({@code ConfigDef.convertToString}).
 *
 * <p>Immutable; as thread-safe as the Connect recommender. A Connect recommender's exception propagates: Connect's
 * own {@code ConfigDef.validate} turns only {@code ConfigException}s into error messages, which the bridge's
 * validation path (Connect's validate, then {@link ValidationResultTranslator}) keeps.
 */
final class ConnectRecommender implements Recommender {

    private final String key;
    private final ConfigDef.Type type;
    private final ConfigDef.Recommender recommender;
    private final Supplier<ClassLoader> loader;

    /**
     * @param key the key recommended for
     * @param type its Connect type, to write the recommendations
     * @param recommender Connect's recommender
     * @param loader loads CLASS values
     */
    ConnectRecommender(
            String key, ConfigDef.Type type, ConfigDef.Recommender recommender, Supplier<ClassLoader> loader) {
        this.key = key;
        this.type = type;
        this.recommender = recommender;
        this.loader = loader;
    }

    @Override
    public List<String> recommendedValues(ParsedConfig others) {
        List<Object> values = recommender.validValues(key, connectValues(others));
        List<String> shown = new ArrayList<>(values == null ? 0 : values.size());
        if (values != null) {
            for (Object value : values) {
                // Connect's REST layer writes a LIST key's recommendations one element at a time.
                String text =
                        ConfigDef.convertToString(value, type == ConfigDef.Type.LIST ? ConfigDef.Type.STRING : type);
                if (text != null) {
                    shown.add(text);
                }
            }
        }
        return shown;
    }

    @Override
    public boolean visible(ParsedConfig others) {
        return recommender.visible(key, connectValues(others));
    }

    /** What Connect passes a recommender: every key's parsed value, defaults included; a class that fails to load is left out. */
    private Map<String, Object> connectValues(ParsedConfig config) {
        Map<String, Object> values = new HashMap<>();
        for (ConfigKey<?> other : config.spec().keys()) {
            Optional<Object> value = config.value(other.name());
            if (value.isEmpty()) {
                continue;
            }
            try {
                values.put(other.name(), ConfigValues.toConnect(value.get(), loader.get()));
            } catch (ClassNotFoundException | LinkageError notLoadable) {
                // Connect's parser would have rejected the value: a recommender sees no value for the key then.
                continue;
            }
        }
        return values;
    }
}
