package io.kanal.client.admin;

import java.util.Locale;

/** The kinds of group a Kafka 4 coordinator hosts, as ListGroups v5 names them. */
public enum GroupType {
    /** The classic protocol (JoinGroup/SyncGroup): old consumers, Connect workers. */
    CLASSIC("classic"),
    /** The KIP-848 consumer protocol. */
    CONSUMER("consumer"),
    /** A KIP-932 share group. */
    SHARE("share"),
    /** A KIP-1071 streams group. */
    STREAMS("streams"),
    /** A type this client does not know. */
    UNKNOWN("unknown");

    private final String protocolName;

    GroupType(String protocolName) {
        this.protocolName = protocolName;
    }

    /**
     * The name in ListGroups requests and responses.
     *
     * @return the name
     */
    public String protocolName() {
        return protocolName;
    }

    /**
     * The type for a protocol name.
     *
     * @param name the name, case-insensitive
     * @return the type, {@link #UNKNOWN} for names this client does not know
     */
    public static GroupType parse(String name) {
        String lower = name == null ? "" : name.toLowerCase(Locale.ROOT);
        for (GroupType t : values()) {
            if (t.protocolName.equals(lower)) {
                return t;
            }
        }
        return UNKNOWN;
    }
}
