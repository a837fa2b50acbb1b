package io.kanal.client.network;

import io.kanal.client.Endpoint;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * The narrow way to send a Kafka request: what the producer's sender, the consumer's fetcher and the other protocol
 * drivers need of the network, and what their unit tests replace with a scripted answerer that injects broker errors.
 *
 * <p>Implementations are thread-safe; see {@link NetworkClient} for the failure semantics of the real one.
 */
public interface RequestSender {
    /**
     * Sends a request with the sender's default request timeout.
     *
     * @param endpoint the broker
     * @param lane the connection to use
     * @param request the request
     * @return the response
     */
    CompletableFuture<ApiResponse> send(Endpoint endpoint, Lane lane, ApiRequest request);

    /**
     * Sends a request. The timeout covers waiting for a connection, sending and the response.
     *
     * @param endpoint the broker
     * @param lane the connection to use
     * @param request the request
     * @param timeout the request's timeout
     * @return the response
     */
    CompletableFuture<ApiResponse> send(Endpoint endpoint, Lane lane, ApiRequest request, Duration timeout);
}
