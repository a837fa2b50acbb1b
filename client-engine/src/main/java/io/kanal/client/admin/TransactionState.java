package io.kanal.client.admin;

/**
 * The state of a transactional id as its transaction coordinator reports it (ListTransactions, DescribeTransactions),
 * with Kafka's names.
 */
public enum TransactionState {
    /** A transaction is open: records or offsets may have been written, nothing is decided yet. */
    ONGOING("Ongoing"),
    /** The coordinator decided to abort and is writing abort markers. */
    PREPARE_ABORT("PrepareAbort"),
    /** The coordinator decided to commit and is writing commit markers. */
    PREPARE_COMMIT("PrepareCommit"),
    /** The last transaction was aborted; its markers are written. */
    COMPLETE_ABORT("CompleteAbort"),
    /** The last transaction was committed; its markers are written. */
    COMPLETE_COMMIT("CompleteCommit"),
    /** No transaction has been started since the producer id was initialised. */
    EMPTY("Empty"),
    /** A newer producer (or a timeout) is fencing the current epoch; the open transaction will be aborted. */
    PREPARE_EPOCH_FENCE("PrepareEpochFence"),
    /** A state this client does not know (including "Dead", an expired id). Cannot be used as a filter. */
    UNKNOWN("Unknown");

    private final String protocolName;

    TransactionState(String protocolName) {
        this.protocolName = protocolName;
    }

    /**
     * The name in ListTransactions and DescribeTransactions requests and responses.
     *
     * @return the name, e.g. "Ongoing"
     */
    public String protocolName() {
        return protocolName;
    }

    /**
     * The state for a protocol name.
     *
     * @param name the name, exactly as the broker sends it
     * @return the state, {@link #UNKNOWN} for names this client does not know
     */
    public static TransactionState parse(String name) {
        for (TransactionState s : values()) {
            if (s.protocolName.equals(name)) {
                return s;
            }
        }
        return UNKNOWN;
    }

    @Override
    public String toString() {
        return protocolName;
    }
}
