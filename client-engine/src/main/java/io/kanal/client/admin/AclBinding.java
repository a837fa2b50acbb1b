package io.kanal.client.admin;

import java.util.Objects;

/**
 * One ACL: a principal is allowed or denied an operation on a resource pattern, from a host. The same record is the
 * filter of {@link AdminOperations#deleteAcls}: there an {@code ANY} enum value and a null string match anything.
 *
 * @param resourceType the kind of resource
 * @param resourceName the resource's name (a topic, a group, a transactional id, {@code kafka-cluster}), or null in a
 *     filter for any
 * @param patternType how the name matches: {@code LITERAL} (the name, or {@code *} for every resource) or
 *     {@code PREFIXED}
 * @param principal the principal, e.g. {@code User:alice}, or null in a filter for any
 * @param host the client host, {@code *} for any host, or null in a filter for any
 * @param operation the operation
 * @param permission allow or deny
 */
public record AclBinding(
        ResourceType resourceType,
        String resourceName,
        PatternType patternType,
        String principal,
        String host,
        Operation operation,
        Permission permission) {

    /** Validates the enum components, which a filter also needs. */
    public AclBinding {
        Objects.requireNonNull(resourceType, "resourceType");
        Objects.requireNonNull(patternType, "patternType");
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(permission, "permission");
    }

    /**
     * An ACL that allows a principal an operation on a resource from any host.
     *
     * @param principal the principal, e.g. {@code User:alice}
     * @param operation the operation
     * @param resourceType the kind of resource
     * @param patternType {@code LITERAL} or {@code PREFIXED}
     * @param resourceName the name or prefix
     * @return the binding
     */
    public static AclBinding allow(
            String principal,
            Operation operation,
            ResourceType resourceType,
            PatternType patternType,
            String resourceName) {
        return new AclBinding(resourceType, resourceName, patternType, principal, "*", operation, Permission.ALLOW);
    }

    /** The kinds of resources an ACL is about, with their protocol ids. */
    public enum ResourceType {
        /** Any kind, in a filter. */
        ANY(1),
        /** A topic. */
        TOPIC(2),
        /** A consumer or Connect group. */
        GROUP(3),
        /** The cluster, named {@code kafka-cluster}. */
        CLUSTER(4),
        /** A transactional id. */
        TRANSACTIONAL_ID(5),
        /** A delegation token. */
        DELEGATION_TOKEN(6),
        /** A user (for quotas and tokens). */
        USER(7);

        private final byte id;

        ResourceType(int id) {
            this.id = (byte) id;
        }

        /**
         * The protocol id.
         *
         * @return the id
         */
        public byte id() {
            return id;
        }

        static ResourceType forId(byte id) {
            return AclBinding.forId(values(), id, ResourceType::id, "resource type");
        }
    }

    /** How a binding's name matches resource names. */
    public enum PatternType {
        /** Any pattern, in a filter. */
        ANY(1),
        /** In a filter: every binding that applies to the given name (literal, wildcard and prefixed ones). */
        MATCH(2),
        /** The name itself; {@code *} is every resource of the type. */
        LITERAL(3),
        /** Every resource whose name starts with the name. */
        PREFIXED(4);

        private final byte id;

        PatternType(int id) {
            this.id = (byte) id;
        }

        /**
         * The protocol id.
         *
         * @return the id
         */
        public byte id() {
            return id;
        }

        static PatternType forId(byte id) {
            return AclBinding.forId(values(), id, PatternType::id, "pattern type");
        }
    }

    /** The operations an ACL grants or denies. */
    public enum Operation {
        /** Any operation, in a filter. */
        ANY(1),
        /** Every operation. */
        ALL(2),
        /** Read (fetch, join a group, commit offsets). */
        READ(3),
        /** Write (produce; for a transactional id, use it). */
        WRITE(4),
        /** Create topics. */
        CREATE(5),
        /** Delete topics or records. */
        DELETE(6),
        /** Alter. */
        ALTER(7),
        /** Describe (metadata, list offsets, find a coordinator). */
        DESCRIBE(8),
        /** Inter-broker actions. */
        CLUSTER_ACTION(9),
        /** Read configs. */
        DESCRIBE_CONFIGS(10),
        /** Change configs. */
        ALTER_CONFIGS(11),
        /** Idempotent produce. */
        IDEMPOTENT_WRITE(12),
        /** Create delegation tokens. */
        CREATE_TOKENS(13),
        /** Describe delegation tokens. */
        DESCRIBE_TOKENS(14);

        private final byte id;

        Operation(int id) {
            this.id = (byte) id;
        }

        /**
         * The protocol id.
         *
         * @return the id
         */
        public byte id() {
            return id;
        }

        static Operation forId(byte id) {
            return AclBinding.forId(values(), id, Operation::id, "operation");
        }
    }

    /** Whether an ACL allows or denies. */
    public enum Permission {
        /** Either, in a filter. */
        ANY(1),
        /** Denies; wins over any allow. */
        DENY(2),
        /** Allows. */
        ALLOW(3);

        private final byte id;

        Permission(int id) {
            this.id = (byte) id;
        }

        /**
         * The protocol id.
         *
         * @return the id
         */
        public byte id() {
            return id;
        }

        static Permission forId(byte id) {
            return AclBinding.forId(values(), id, Permission::id, "permission");
        }
    }

    private static <E> E forId(E[] values, byte id, java.util.function.Function<E, Byte> idOf, String what) {
        for (E value : values) {
            if (idOf.apply(value) == id) {
                return value;
            }
        }
        throw new IllegalArgumentException("unknown ACL " + what + " id " + id);
    }
}
