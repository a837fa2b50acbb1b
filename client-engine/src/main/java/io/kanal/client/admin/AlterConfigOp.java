package io.kanal.client.admin;

import java.util.Objects;

/**
 * One incremental config change.
 *
 * @param name the config name
 * @param type what to do
 * @param value the value to set, append or subtract; ignored for DELETE
 */
public record AlterConfigOp(String name, OpType type, String value) {
    /** Incremental operations, with their protocol ids. */
    public enum OpType {
        /** Set the value. */
        SET((byte) 0),
        /** Remove the setting, back to the default. */
        DELETE((byte) 1),
        /** Add items to a list-valued config. */
        APPEND((byte) 2),
        /** Remove items from a list-valued config. */
        SUBTRACT((byte) 3);

        private final byte id;

        OpType(byte id) {
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
    }

    /** Validates the components: every operation but DELETE needs a value. */
    public AlterConfigOp {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        if (type != OpType.DELETE && value == null) {
            throw new IllegalArgumentException(type + " of '" + name + "' needs a value");
        }
    }

    /**
     * Sets a config.
     *
     * @param name the config
     * @param value the value
     * @return the operation
     */
    public static AlterConfigOp set(String name, String value) {
        return new AlterConfigOp(name, OpType.SET, value);
    }

    /**
     * Removes a setting.
     *
     * @param name the config
     * @return the operation
     */
    public static AlterConfigOp delete(String name) {
        return new AlterConfigOp(name, OpType.DELETE, null);
    }

    /**
     * Appends to a list-valued config.
     *
     * @param name the config
     * @param value the items, comma-separated
     * @return the operation
     */
    public static AlterConfigOp append(String name, String value) {
        return new AlterConfigOp(name, OpType.APPEND, value);
    }

    /**
     * Removes from a list-valued config.
     *
     * @param name the config
     * @param value the items, comma-separated
     * @return the operation
     */
    public static AlterConfigOp subtract(String name, String value) {
        return new AlterConfigOp(name, OpType.SUBTRACT, value);
    }
}
