package io.kanal.client.network;

import io.kanal.client.Endpoint;
import io.kanal.client.errors.Errors;
import io.kanal.client.errors.ProtocolException;
import io.kanal.client.protocol.ApiKey;
import io.kanal.client.protocol.message.ApiVersionsRequest;
import io.kanal.client.protocol.message.ApiVersionsResponse;
import io.kanal.client.protocol.wire.WireReader;
import java.nio.ByteBuffer;

/**
 * The ApiVersions exchange that opens every connection. A broker that does not know the version we asked at answers
 * at v0 with UNSUPPORTED_VERSION and its own ApiVersions range, so that we can ask again at a version it supports;
 * that answer must therefore be decoded at v0 whatever we sent. Stateless.
 */
final class ApiVersionsHandshake {
    private static final String SOFTWARE_NAME = "kanal";
    private static final String SOFTWARE_VERSION = "0.1.0";

    /**
     * What the broker's answer means.
     *
     * @param versions what the broker supports, or null when we must ask again
     * @param retryVersion the ApiVersions version to ask again at, or -1
     */
    record Outcome(BrokerApiVersions versions, short retryVersion) {}

    private ApiVersionsHandshake() {}

    static ApiVersionsRequest request() {
        return ApiVersionsRequest.builder()
                .clientSoftwareName(SOFTWARE_NAME)
                .clientSoftwareVersion(SOFTWARE_VERSION)
                .build();
    }

    /**
     * Reads the broker's answer.
     *
     * @param reader positioned after the response header
     * @param frame the frame the reader reads
     * @param sentVersion the version we asked at
     * @param endpoint the broker, for messages
     * @return the broker's versions, or the version to ask again at
     * @throws ProtocolException if the answer is an error or offers no lower version to try
     */
    static Outcome read(WireReader reader, ByteBuffer frame, short sentVersion, Endpoint endpoint) {
        short errorCode = frame.remaining() >= 2 ? frame.getShort(frame.position()) : -1;
        boolean unsupported = errorCode == Errors.UNSUPPORTED_VERSION.code();
        ApiVersionsResponse response = ApiVersionsResponse.read(reader, unsupported ? 0 : sentVersion);
        if (unsupported) {
            short retry = -1;
            for (ApiVersionsResponse.ApiVersion v : response.apiKeys()) {
                if (v.apiKey() == ApiKey.API_VERSIONS.id()) {
                    retry = (short) Math.min(v.maxVersion(), ApiKey.API_VERSIONS.highestVersion());
                }
            }
            // Only a lower version can help; anything else would ask the same question forever.
            if (retry < 0 || retry >= sentVersion) {
                throw new ProtocolException("Broker " + endpoint + " rejected ApiVersions v" + sentVersion
                        + " without offering a lower version");
            }
            return new Outcome(null, retry);
        }
        if (errorCode != Errors.NONE.code()) {
            throw new ProtocolException(
                    "Broker " + endpoint + " answered ApiVersions with error " + Errors.forCode(errorCode));
        }
        return new Outcome(BrokerApiVersions.from(response), (short) -1);
    }
}
