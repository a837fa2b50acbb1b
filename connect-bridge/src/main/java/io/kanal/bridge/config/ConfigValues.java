package io.kanal.bridge.config;

import io.kanal.config.ClassName;
import io.kanal.config.ConfigType;
import io.kanal.config.Password;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.config.ConfigDef;

/**
 * Values of one configuration key in both models. Both parse to the same Java types except three: a Connect
 * password is {@code org.apache.kafka.common.config.types.Password} where Kanal's is {@link Password}, a Connect
 * class is a loaded {@code Class} where Kanal keeps a {@link ClassName}, and list elements of a Connect default may be
 * classes. Stateless and thread-safe.
 */
final class ConfigValues {

    private ConfigValues() {}

    /**
     * @param type a Connect configuration type
     * @return Kanal's type of the same name
     */
    static ConfigType<?> kanalType(ConfigDef.Type type) {
        return switch (type) {
            case BOOLEAN -> ConfigType.BOOLEAN;
            case STRING -> ConfigType.STRING;
            case INT -> ConfigType.INT;
            case SHORT -> ConfigType.SHORT;
            case LONG -> ConfigType.LONG;
            case DOUBLE -> ConfigType.DOUBLE;
            case LIST -> ConfigType.LIST;
            case CLASS -> ConfigType.CLASS;
            case PASSWORD -> ConfigType.PASSWORD;
        };
    }

    /**
     * A value Connect parsed (a default) as Kanal's type holds it.
     *
     * @param key the key, for error messages
     * @param type Kanal's type
     * @param value the Connect value, not null
     * @param <T> the Kanal value type
     * @return the Kanal value
     * @throws io.kanal.config.InvalidConfigValueException when Kanal's type does not take it
     */
    static <T> T toKanal(String key, ConfigType<T> type, Object value) {
        Object raw = value;
        if (value instanceof org.apache.kafka.common.config.types.Password password) {
            raw = new Password(password.value());
        } else if (value instanceof List<?> list) {
            List<String> names = new ArrayList<>(list.size());
            for (Object element : list) {
                names.add(element instanceof Class<?> named ? named.getName() : String.valueOf(element));
            }
            raw = names;
        }
        return type.parse(key, raw);
    }

    /**
     * A value Kanal parsed as Connect's type holds it, for Connect's validators and recommenders.
     *
     * @param value the Kanal value, not null
     * @param loader loads classes for CLASS keys
     * @return the Connect value
     * @throws ClassNotFoundException when the value names a class the loader cannot find
     */
    static Object toConnect(Object value, ClassLoader loader) throws ClassNotFoundException {
        if (value instanceof Password password) {
            return new org.apache.kafka.common.config.types.Password(password.reveal());
        }
        if (value instanceof ClassName className) {
            return className.load(loader);
        }
        return value;
    }
}
