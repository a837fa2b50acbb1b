package io.kanal.client.protocol;

import io.kanal.client.protocol.wire.Message;

/** A request or response body of a Kafka API. Implemented by the generated request and response types. */
public interface ApiMessage extends Message {
    /**
     * The API this message belongs to.
     *
     * @return the API key
     */
    ApiKey apiKey();
}
