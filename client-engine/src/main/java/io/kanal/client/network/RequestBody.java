package io.kanal.client.network;

import io.kanal.client.protocol.ApiMessage;

/**
 * Builds a request body once the version is known, so that content can depend on what the broker supports (topic ids
 * from Fetch v13, for example). Runs on the client's I/O thread: it must be quick and must not block.
 */
@FunctionalInterface
public interface RequestBody {
    /**
     * Builds the body.
     *
     * @param version the version chosen with the broker
     * @return the body to send
     */
    ApiMessage forVersion(short version);
}
