package io.kanal.runtime.membership.protocol;

import java.util.List;
import java.util.Locale;

/**
 * The worker group subprotocols, as Connect's {@code ConnectProtocolCompatibility}: the {@code connect.protocol}
 * setting names one, and a worker offers it together with every older one, most preferred first, so the coordinator
 * can pick the newest that every member supports.
 *
 * <ul>
 *   <li>{@link #EAGER}: protocol {@code default}, version 0; every rebalance revokes everything.
 *   <li>{@link #COMPATIBLE}: protocol {@code compatible}, version 1; incremental cooperative rebalancing (KIP-415).
 *   <li>{@link #SESSIONED}: protocol {@code sessioned}, version 2; as version 1, plus signed internal requests
 *       (KIP-507). Connect's default.
 * </ul>
 */
public enum ConnectProtocolCompatibility {
    /** Eager rebalancing: protocol name {@code default}, version 0. */
    EAGER("default", (short) 0),
    /** Incremental cooperative rebalancing: protocol name {@code compatible}, version 1. */
    COMPATIBLE("compatible", (short) 1),
    /** Incremental cooperative rebalancing with a session key: protocol name {@code sessioned}, version 2. */
    SESSIONED("sessioned", (short) 2);

    private final String protocolName;
    private final short version;

    ConnectProtocolCompatibility(String protocolName, short version) {
        this.protocolName = protocolName;
        this.version = version;
    }

    /**
     * The protocol name offered in JoinGroup and reported by the coordinator.
     *
     * @return {@code default}, {@code compatible} or {@code sessioned}
     */
    public String protocolName() {
        return protocolName;
    }

    /**
     * The version written in the header of metadata and assignments under this protocol.
     *
     * @return 0, 1 or 2
     */
    public short version() {
        return version;
    }

    /**
     * Whether rebalances are incremental and cooperative (every protocol but {@link #EAGER}).
     *
     * @return true for {@link #COMPATIBLE} and {@link #SESSIONED}
     */
    public boolean cooperative() {
        return this != EAGER;
    }

    /**
     * The protocols a worker configured with this one offers in JoinGroup, most preferred first, as Connect's
     * {@code WorkerCoordinator.metadata()}: {@code sessioned} offers sessioned, compatible, default; {@code
     * compatible} offers compatible, default; {@code eager} offers default.
     *
     * @return the protocols in offer order
     */
    public List<ConnectProtocolCompatibility> offered() {
        return switch (this) {
            case SESSIONED -> List.of(SESSIONED, COMPATIBLE, EAGER);
            case COMPATIBLE -> List.of(COMPATIBLE, EAGER);
            case EAGER -> List.of(EAGER);
        };
    }

    /**
     * Parses the value of the {@code connect.protocol} worker setting ({@code eager}, {@code compatible}, {@code
     * sessioned}; case-insensitive, as Connect).
     *
     * @param setting the setting's value
     * @return the protocol
     * @throws IllegalArgumentException with Connect's message if the value names no protocol
     */
    public static ConnectProtocolCompatibility fromSetting(String setting) {
        for (ConnectProtocolCompatibility c : values()) {
            if (c.name().equalsIgnoreCase(setting)) {
                return c;
            }
        }
        throw new IllegalArgumentException("Unknown Connect protocol compatibility mode: " + setting);
    }

    /**
     * The protocol with a name as the coordinator reports it ({@code default}, {@code compatible}, {@code
     * sessioned}; case-insensitive, as Connect).
     *
     * @param protocolName the protocol name
     * @return the protocol
     * @throws IllegalArgumentException with Connect's message if the name is unknown
     */
    public static ConnectProtocolCompatibility fromProtocolName(String protocolName) {
        for (ConnectProtocolCompatibility c : values()) {
            if (c.protocolName.equalsIgnoreCase(protocolName)) {
                return c;
            }
        }
        throw new IllegalArgumentException(
                "Not found Connect protocol compatibility mode for protocol: " + protocolName);
    }

    /**
     * The protocol of a header version.
     *
     * @param version 0, 1 or 2
     * @return the protocol
     * @throws IllegalArgumentException with Connect's message for any other version
     */
    public static ConnectProtocolCompatibility fromVersion(short version) {
        for (ConnectProtocolCompatibility c : values()) {
            if (c.version == version) {
                return c;
            }
        }
        throw new IllegalArgumentException("Unknown Connect protocol version: " + version);
    }

    /**
     * The setting's spelling, lower case ({@code eager}, {@code compatible}, {@code sessioned}), as Connect prints
     * it.
     *
     * @return the name in lower case
     */
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
