package io.kanal.client.admin;

import java.util.Objects;

/**
 * Something with configs: a topic, a broker, or a broker's loggers.
 *
 * @param type the resource type
 * @param name the topic name, or the broker id as a string ("" for the cluster-wide broker defaults)
 */
public record ConfigResource(Type type, String name) {
    /** Resource types, with their protocol ids. */
    public enum Type {
        /** A topic. */
        TOPIC((byte) 2),
        /** A broker, or with the empty name every broker's defaults. */
        BROKER((byte) 4),
        /** A broker's log4j loggers. */
        BROKER_LOGGER((byte) 8);

        private final byte id;

        Type(byte id) {
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
         * The type with a protocol id.
         *
         * @param id the id
         * @return the type
         * @throws IllegalArgumentException for an id this client does not handle
         */
        public static Type forId(byte id) {
            for (Type t : values()) {
                if (t.id == id) {
                    return t;
                }
            }
            throw new IllegalArgumentException("Unknown config resource type " + id);
        }
    }

    /** Validates the components. */
    public ConfigResource {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(name, "name");
        if (type == Type.BROKER_LOGGER || (type == Type.BROKER && !name.isEmpty())) {
            try {
                Integer.parseInt(name);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(type + " resource name must be a broker id, not '" + name + "'", e);
            }
        }
    }

    /**
     * A topic's configs.
     *
     * @param topic the topic
     * @return the resource
     */
    public static ConfigResource topic(String topic) {
        return new ConfigResource(Type.TOPIC, topic);
    }

    /**
     * A broker's configs.
     *
     * @param brokerId the broker id
     * @return the resource
     */
    public static ConfigResource broker(int brokerId) {
        return new ConfigResource(Type.BROKER, Integer.toString(brokerId));
    }

    /**
     * The broker that must answer for this resource: a broker's own configs and loggers are only known to it.
     *
     * @return the broker id, or -1 when any broker can answer
     */
    int nodeId() {
        return type == Type.TOPIC || name.isEmpty() ? -1 : Integer.parseInt(name);
    }
}
