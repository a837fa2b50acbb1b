package io.kanal.client.admin;

/** Where a config value comes from, with the protocol ids of DescribeConfigs v1+. */
public enum ConfigSource {
    /** Unknown to this client. */
    UNKNOWN((byte) 0),
    /** Set on the topic. */
    DYNAMIC_TOPIC_CONFIG((byte) 1),
    /** Set dynamically for this broker. */
    DYNAMIC_BROKER_CONFIG((byte) 2),
    /** Set dynamically as a default for every broker. */
    DYNAMIC_DEFAULT_BROKER_CONFIG((byte) 3),
    /** From the broker's properties file. */
    STATIC_BROKER_CONFIG((byte) 4),
    /** Kafka's built-in default. */
    DEFAULT_CONFIG((byte) 5),
    /** A broker logger level set dynamically. */
    DYNAMIC_BROKER_LOGGER_CONFIG((byte) 6),
    /** A client metrics subscription. */
    CLIENT_METRICS_CONFIG((byte) 7),
    /** Set on a group. */
    GROUP_CONFIG((byte) 8);

    private final byte id;

    ConfigSource(byte id) {
        this.id = id;
    }

    /**
     * The protocol id.
     *
     * @return the id
     */
    public byte id() {
        return id;
    }

    /**
     * The source with a protocol id.
     *
     * @param id the id
     * @return the source, {@link #UNKNOWN} for ids this client does not know
     */
    public static ConfigSource forId(byte id) {
        for (ConfigSource s : values()) {
            if (s.id == id) {
                return s;
            }
        }
        return UNKNOWN;
    }
}
