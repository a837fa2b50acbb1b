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
 */
public record ApiRequest(ApiKey api, short minVersion, short maxVersion, RequestBody body) {
    /** Validates the components. */
    public ApiRequest {
        Objects.requireNonNull(api, "api");
        Objects.requireNonNull(body, "body");
        if (minVersion > maxVersion) {
            throw new IllegalArgumentException("minVersion " + minVersion + " > maxVersion " + maxVersion);
        }
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
