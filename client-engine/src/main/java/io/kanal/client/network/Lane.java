package io.kanal.client.network;

/**
 * A class of traffic with its own connection to each broker. A broker handles one request at a time per connection, in
 * order, so a fetch that waits up to {@code fetch.max.wait.ms} for data would hold back every metadata request or
 * group heartbeat queued behind it on the same socket. Separate connections keep slow traffic from delaying the rest.
 */
public enum Lane {
    /** Metadata, admin and other short requests. */
    GENERAL,
    /** Produce requests. */
    PRODUCE,
    /** Fetch requests, which may wait on the broker. */
    FETCH,
    /** Group coordination: heartbeats, joins, offset commits. */
    GROUP
}
