package io.kanal.runtime.worker;

import io.kanal.runtime.api.InternalRequestSigning;
import io.kanal.runtime.api.SessionKey;
import io.kanal.runtime.convert.JsonConverter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The request a follower sends its leader with a connector's new task configs, as Connect's {@code DistributedHerder}
 * sends it: {@code POST <leader>/connectors/<c>/tasks?forward=true}, the JSON list of task configs as body, signed
 * with the session key (KIP-507 headers of {@link InternalRequestSigning}) when one is known.
 *
 * <p><b>Threading.</b> Stateless; any thread.
 */
final class LeaderTaskConfigRequest {

    LeaderTaskConfigRequest() {}

    /**
     * The body: the task configs as a JSON array of objects, in task order.
     *
     * @param configs one config per task
     * @return the JSON bytes
     */
    byte[] body(List<Map<String, String>> configs) {
        // Made per request (they are rare): the worker holds plugin types only as invoker handles, even its own.
        JsonConverter json = new JsonConverter();
        json.configure(json.configSpec().parse(Map.of("schemas.enable", "false")), false);
        return json.fromConnectData(null, null, null, configs);
    }

    /**
     * The leader's URL for the connector's task configs.
     *
     * @param leaderUrl the leader's advertised REST URL, with or without a trailing {@code /}
     * @param connector the connector's name
     * @return {@code <leader>/connectors/<connector, path-encoded>/tasks?forward=true}
     */
    static URI uri(String leaderUrl, String connector) {
        String base = leaderUrl.endsWith("/") ? leaderUrl.substring(0, leaderUrl.length() - 1) : leaderUrl;
        String segment = URLEncoder.encode(connector, StandardCharsets.UTF_8).replace("+", "%20");
        return URI.create(base + "/connectors/" + segment + "/tasks?forward=true");
    }

    /**
     * The whole request.
     *
     * @param leaderUrl the leader's advertised REST URL
     * @param connector the connector's name
     * @param configs one config per task
     * @param key the session key to sign with; empty sends it unsigned (a cluster on an unsessioned protocol)
     * @param algorithm {@code inter.worker.signature.algorithm}
     * @param timeout how long the leader may take to answer
     * @return the request
     * @throws IllegalArgumentException when the algorithm is unknown or does not fit the key
     */
    HttpRequest build(
            String leaderUrl,
            String connector,
            List<Map<String, String>> configs,
            Optional<SessionKey> key,
            String algorithm,
            Duration timeout) {
        Objects.requireNonNull(connector, "connector");
        byte[] body = body(configs);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(leaderUrl, connector))
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        key.ifPresent(k -> InternalRequestSigning.sign(k, algorithm, body).forEach(request::header));
        return request.build();
    }
}
