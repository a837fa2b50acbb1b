package io.kanal.client.record;

/**
 * The type of a control record, from the int16 type in its key. Only the transaction markers matter to clients; other
 * types (KRaft's 2 to 6, and any future one) decode as {@link #UNKNOWN} and must be ignored.
 */
public enum ControlRecordType {
    /** End of an aborted transaction. */
    ABORT(0),
    /** End of a committed transaction. */
    COMMIT(1),
    /** Any other type: the raw code is in {@link ControlRecord#typeCode()}. */
    UNKNOWN(-1);

    private final short code;

    ControlRecordType(int code) {
        this.code = (short) code;
    }

    /**
     * Returns the code written in the control record key.
     *
     * @return 0 for ABORT, 1 for COMMIT, -1 for UNKNOWN (never written)
     */
    public short code() {
        return code;
    }

    /**
     * Maps a code from a control record key.
     *
     * @param code the int16 type
     * @return ABORT, COMMIT or UNKNOWN
     */
    public static ControlRecordType forCode(short code) {
        return switch (code) {
            case 0 -> ABORT;
            case 1 -> COMMIT;
            default -> UNKNOWN;
        };
    }
}
