package io.kanal.client.admin;

/**
 * One config of a resource.
 *
 * @param name the config name
 * @param value the value; null for sensitive configs and for those with no value
 * @param source where the value comes from
 * @param readOnly whether it cannot be changed dynamically
 * @param sensitive whether it is a secret (then the value is withheld)
 */
public record ConfigEntry(String name, String value, ConfigSource source, boolean readOnly, boolean sensitive) {
    /**
     * Whether the value is Kafka's built-in default.
     *
     * @return true for {@link ConfigSource#DEFAULT_CONFIG}
     */
    public boolean isDefault() {
        return source == ConfigSource.DEFAULT_CONFIG;
    }
}
