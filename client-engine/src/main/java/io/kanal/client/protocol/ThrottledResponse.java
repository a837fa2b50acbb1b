package io.kanal.client.protocol;

/**
 * A response that tells how long the broker throttled the client (KIP-219). The client must not send more requests
 * on that connection until the time has passed. Implemented by every generated response with a top-level
 * {@code ThrottleTimeMs} field.
 */
public interface ThrottledResponse {
    /**
     * How long the broker asks the client to wait.
     *
     * @return milliseconds, 0 when not throttled
     */
    int throttleTimeMs();
}
