package io.kanal.client.admin;

import io.kanal.client.cluster.Node;
import io.kanal.client.network.ApiRequest;
import io.kanal.client.network.ApiResponse;
import io.kanal.client.network.Lane;
import java.util.List;
import java.util.Map;

/**
 * One admin operation's protocol logic, free of I/O: how to build the request for a broker's share of the items, and
 * how to map the response to per-item {@link Outcome}s. {@link RetryingCall} does the sending, routing and retrying.
 *
 * @param <K> the item key
 * @param <V> the item value type
 */
interface CallSpec<K, V> {
    /**
     * The operation's name, for logs and error messages.
     *
     * @return the name, e.g. "createTopics"
     */
    String name();

    /**
     * The connection to use.
     *
     * @return the lane; GROUP for coordinator traffic, GENERAL otherwise
     */
    default Lane lane() {
        return Lane.GENERAL;
    }

    /**
     * The request for the items routed to one broker.
     *
     * @param node the broker
     * @param keys its items
     * @param timeoutMs the time left, for requests that carry a broker-side timeout
     * @return the request
     */
    ApiRequest request(Node node, List<K> keys, int timeoutMs);

    /**
     * Maps a response to outcomes. Items missing from the map are retried, as the broker did not answer for them.
     *
     * @param response the response
     * @param keys the items the request carried
     * @return the outcome per item
     */
    Map<K, Outcome<V>> handle(ApiResponse response, List<K> keys);

    /** Builds a request for one broker's items. */
    @FunctionalInterface
    interface RequestBuilder<K> {
        /**
         * Builds the request.
         *
         * @param node the broker
         * @param keys its items
         * @param timeoutMs the time left
         * @return the request
         */
        ApiRequest build(Node node, List<K> keys, int timeoutMs);
    }

    /** Maps a response to outcomes. */
    @FunctionalInterface
    interface ResponseHandler<K, V> {
        /**
         * Maps the response.
         *
         * @param response the response
         * @param keys the items the request carried
         * @return the outcome per item
         */
        Map<K, Outcome<V>> handle(ApiResponse response, List<K> keys);
    }

    /**
     * A spec from its parts.
     *
     * @param name the operation's name
     * @param lane the connection to use
     * @param request builds requests
     * @param handler maps responses
     * @return the spec
     */
    static <K, V> CallSpec<K, V> of(String name, Lane lane, RequestBuilder<K> request, ResponseHandler<K, V> handler) {
        return new CallSpec<>() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Lane lane() {
                return lane;
            }

            @Override
            public ApiRequest request(Node node, List<K> keys, int timeoutMs) {
                return request.build(node, keys, timeoutMs);
            }

            @Override
            public Map<K, Outcome<V>> handle(ApiResponse response, List<K> keys) {
                return handler.handle(response, keys);
            }
        };
    }
}
