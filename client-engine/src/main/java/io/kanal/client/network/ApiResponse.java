package io.kanal.client.network;

import io.kanal.client.Endpoint;
import io.kanal.client.protocol.ApiMessage;

/**
 * A decoded response.
 *
 * @param body the response body
 * @param version the version it was encoded at
 * @param endpoint the broker that answered
 * @param correlationId the correlation id of the request and response
 */
public record ApiResponse(ApiMessage body, short version, Endpoint endpoint, int correlationId) {}
