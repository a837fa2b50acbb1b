package io.kanal.client.network;

import io.kanal.client.protocol.ApiKey;
import io.kanal.client.protocol.ApiMessage;
import java.util.Objects;

/**
 * A request to send: the API, the range of versions the caller accepts, and the body builder. The network layer picks
 * the highest version in that range that the broker also supports.
 *
 * @param api the API
 * @param minVersion the lowest version the caller accepts
 * @param maxVersion the highest version the caller accepts
 * @param body builds the body for the chosen version
 * @param expectsResponse false for a request the broker does not answer (Produce with {@code acks=0}): its future
 *     completes, with a null body, once the request has been written to the socket
 */
public record ApiRequest(ApiKey api, short minVersion, short maxVersion, RequestBody body, boolean expectsResponse) {
    /** Validates the components. */
    public ApiRequest {
        Objects.requireNonNull(api, "api");
        Objects.requireNonNull(body, "body");
        if (minVersion > maxVersion) {
            throw new IllegalArgumentException("minVersion " + minVersion + " > maxVersion " + maxVersion);
        }
    }

    /**
     * A request that expects a response.
     *
     * @param api the API
     * @param minVersion the lowest version the caller accepts
     * @param maxVersion the highest version the caller accepts
     * @param body builds the body for the chosen version
     */
    public ApiRequest(ApiKey api, short minVersion, short maxVersion, RequestBody body) {
        this(api, minVersion, maxVersion, body, true);
    }

    /**
     * The same request, sent without waiting for a response.
     *
     * @return the one-way request
     */
    public ApiRequest withoutResponse() {
        return new ApiRequest(api, minVersion, maxVersion, body, false);
    }

    /**
     * A request whose body is the same at every version the API has.
     *
     * @param body the body
     * @return the request
     */
    public static ApiRequest of(ApiMessage body) {
        ApiKey api = body.apiKey();
        return new ApiRequest(api, api.lowestVersion(), api.highestVersion(), v -> body);
    }

    /**
     * A request built per version, over every version the API has.
     *
     * @param api the API
     * @param body builds the body
     * @return the request
     */
    public static ApiRequest of(ApiKey api, RequestBody body) {
        return new ApiRequest(api, api.lowestVersion(), api.highestVersion(), body);
    }
}
