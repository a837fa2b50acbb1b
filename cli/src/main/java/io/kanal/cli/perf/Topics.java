package io.kanal.cli.perf;

import com.codahale.metrics.MetricRegistry;
import io.kanal.client.Endpoint;
import io.kanal.client.common.Time;
import io.kanal.client.config.CommonClientConfigs;
import io.kanal.client.errors.BrokerErrors;
import io.kanal.client.errors.Errors;
import io.kanal.client.network.ApiRequest;
import io.kanal.client.network.Lane;
import io.kanal.client.network.NetworkClient;
import io.kanal.client.network.NetworkConfig;
import io.kanal.client.network.NetworkMetrics;
import io.kanal.client.network.TlsContexts;
import io.kanal.client.protocol.message.CreateTopicsRequest;
import io.kanal.client.protocol.message.CreateTopicsResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Makes sure the perf topic exists, as Apache's tool gets through broker-side auto-creation (Kanal's metadata
 * requests never auto-create): one CreateTopics request with the broker's default partitions and replication; an
 * existing topic is fine. Used until Kanal has an admin client.
 */
final class Topics {
    private Topics() {}

    /**
     * Creates the topic unless it exists.
     *
     * @param clientProps the tool's client settings: {@code bootstrap.servers}, and {@code security.protocol} with
     *     the {@code ssl.*} keys for a TLS listener
     * @param topic the topic
     * @return true if it was created, false if it existed
     * @throws Exception when the broker refuses for another reason or does not answer
     */
    static boolean ensure(Map<String, String> clientProps, String topic) throws Exception {
        Endpoint endpoint =
                Endpoint.parse(-1, clientProps.get("bootstrap.servers").split(",")[0]);
        NetworkConfig config = NetworkConfig.defaults("kanal-perf-topics")
                .withSecurity(TlsContexts.from(CommonClientConfigs.SPEC.parse(clientProps)));
        try (NetworkClient network = new NetworkClient(config, new NetworkMetrics(new MetricRegistry()), Time.SYSTEM)) {
            CreateTopicsRequest request = CreateTopicsRequest.builder()
                    .topics(List.of(new CreateTopicsRequest.CreatableTopic(
                            topic, -1, (short) -1, List.of(), List.of(), List.of())))
                    .timeoutMs(30_000)
                    .build();
            CreateTopicsResponse response = (CreateTopicsResponse)
                    network.send(endpoint, Lane.GENERAL, ApiRequest.of(request), Duration.ofSeconds(60))
                            .get(90, TimeUnit.SECONDS)
                            .body();
            Errors error = Errors.forCode(response.topics().get(0).errorCode());
            if (error == Errors.NONE) {
                return true;
            }
            if (error == Errors.TOPIC_ALREADY_EXISTS) {
                return false;
            }
            throw BrokerErrors.exception(error, response.topics().get(0).errorMessage());
        }
    }
}
