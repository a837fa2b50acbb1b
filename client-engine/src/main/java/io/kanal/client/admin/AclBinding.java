package io.kanal.client.admin;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * One ACL: a principal is allowed or denied an operation on a resource pattern, from a host. The same record is the
 * filter of {@link AdminOperations#deleteAcls}: there an {@code ANY} enum value and a null string match anything. An
 * ACL read from a broker newer than this client may hold {@code UNKNOWN} values.
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
        /** A kind this client does not know, in an answer from a newer broker; never sent. */
        UNKNOWN(0),
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
            return AclBinding.forId(values(), id, ResourceType::id, UNKNOWN);
        }
    }

    /** How a binding's name matches resource names. */
    public enum PatternType {
        /** A pattern type this client does not know, in an answer from a newer broker; never sent. */
        UNKNOWN(0),
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
            return AclBinding.forId(values(), id, PatternType::id, UNKNOWN);
        }
    }

    /** The operations an ACL grants or denies. */
    public enum Operation {
        /** An operation this client does not know, in an answer from a newer broker; never sent. */
        UNKNOWN(0),
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
            return AclBinding.forId(values(), id, Operation::id, UNKNOWN);
        }
    }

    /** Whether an ACL allows or denies. */
    public enum Permission {
        /** A permission this client does not know, in an answer from a newer broker; never sent. */
        UNKNOWN(0),
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
            return AclBinding.forId(values(), id, Permission::id, UNKNOWN);
        }
    }

    /**
     * Why this binding cannot be created, if it cannot: a binding to create names one resource, pattern, principal,
     * host, operation and permission; {@code ANY}, {@code MATCH}, {@code UNKNOWN} and null are for filters and answers.
     *
     * @return the reason, or empty if the binding can be created
     */
    public Optional<String> whyNotCreatable() {
        if (resourceType == ResourceType.ANY || resourceType == ResourceType.UNKNOWN) {
            return Optional.of("resource type " + resourceType);
        }
        if (patternType == PatternType.ANY || patternType == PatternType.MATCH || patternType == PatternType.UNKNOWN) {
            return Optional.of("pattern type " + patternType);
        }
        if (operation == Operation.ANY || operation == Operation.UNKNOWN) {
            return Optional.of("operation " + operation);
        }
        if (permission == Permission.ANY || permission == Permission.UNKNOWN) {
            return Optional.of("permission " + permission);
        }
        if (resourceName == null) {
            return Optional.of("no resource name");
        }
        if (principal == null) {
            return Optional.of("no principal");
        }
        if (host == null) {
            return Optional.of("no host");
        }
        return Optional.empty();
    }

    /** The value with this protocol id, or the enum's UNKNOWN for an id a newer broker added, as Kafka's client does. */
    private static <E> E forId(E[] values, byte id, Function<E, Byte> idOf, E unknown) {
        for (E value : values) {
            if (idOf.apply(value) == id) {
                return value;
            }
        }
        return unknown;
    }
}
