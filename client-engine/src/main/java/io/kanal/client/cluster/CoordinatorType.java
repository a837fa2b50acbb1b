package io.kanal.client.cluster;

/** The kinds of coordinator a FindCoordinator request can look up, with the protocol's key type ids. */
public enum CoordinatorType {
    /** The group coordinator, found by group id. */
    GROUP((byte) 0),
    /** The transaction coordinator, found by transactional id. */
    TRANSACTION((byte) 1);

    private final byte id;

    CoordinatorType(byte id) {
        this.id = id;
    }

    /**
     * The {@code KeyType} sent in FindCoordinator requests.
     *
     * @return the id
     */
    public byte id() {
        return id;
    }
}
