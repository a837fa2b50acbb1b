package io.kanal.runtime.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kanal.runtime.api.InternalRequestSigning;
import io.kanal.runtime.api.SessionKey;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class LeaderTaskConfigRequestTest {

    private static final SessionKey KEY = new SessionKey(
            "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8), "HmacSHA256", Instant.EPOCH);

    private static List<Map<String, String>> configs() {
        Map<String, String> first = new LinkedHashMap<>();
        first.put("task.class", "org.example.SourceTask");
        first.put("file", "${file:/secrets.properties:path}");
        return List.of(first, Map.of("task.class", "org.example.SourceTask"));
    }

    @Test
    void postsToTheLeadersInternalEndpointWithForwardTrue() {
        HttpRequest request = new LeaderTaskConfigRequest()
                .build(
                        "http://leader:8083/",
                        "my conn/1",
                        configs(),
                        Optional.of(KEY),
                        "HmacSHA256",
                        Duration.ofSeconds(5));

        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.uri())
                .isEqualTo(URI.create("http://leader:8083/connectors/my%20conn%2F1/tasks?forward=true"));
        assertThat(request.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(request.timeout()).hasValue(Duration.ofSeconds(5));
        assertThat(LeaderTaskConfigRequest.uri("http://leader:8083", "c"))
                .isEqualTo(URI.create("http://leader:8083/connectors/c/tasks?forward=true"));
    }

    @Test
    void theBodyIsTheJsonListOfTaskConfigsWithPlaceholdersUnresolved() throws Exception {
        byte[] body = new LeaderTaskConfigRequest().body(configs());

        assertThat(new ObjectMapper().readValue(body, new TypeReference<List<Map<String, String>>>() {}))
                .isEqualTo(configs());
        assertThat(new String(body, StandardCharsets.UTF_8)).contains("${file:/secrets.properties:path}");
    }

    @Test
    void isSignedWithAnHmacOfTheExactBodyUnderTheSessionKey() throws Exception {
        LeaderTaskConfigRequest requests = new LeaderTaskConfigRequest();
        HttpRequest request = requests.build(
                "http://leader:8083/", "c", configs(), Optional.of(KEY), "HmacSHA256", Duration.ofSeconds(5));

        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(KEY.key(), KEY.algorithm()));
        String expected = Base64.getEncoder().encodeToString(mac.doFinal(requests.body(configs())));
        assertThat(request.headers().firstValue(InternalRequestSigning.SIGNATURE_HEADER))
                .hasValue(expected);
        assertThat(request.headers().firstValue(InternalRequestSigning.SIGNATURE_ALGORITHM_HEADER))
                .hasValue("HmacSHA256");
    }

    @Test
    void isUnsignedWithoutASessionKeyAndRefusesAnUnknownAlgorithm() {
        LeaderTaskConfigRequest requests = new LeaderTaskConfigRequest();
        HttpRequest unsigned = requests.build(
                "http://leader:8083/", "c", configs(), Optional.empty(), "HmacSHA256", Duration.ofSeconds(5));

        assertThat(unsigned.headers().firstValue(InternalRequestSigning.SIGNATURE_HEADER))
                .isEmpty();
        assertThat(unsigned.headers().firstValue(InternalRequestSigning.SIGNATURE_ALGORITHM_HEADER))
                .isEmpty();
        assertThatThrownBy(() -> requests.build(
                        "http://leader:8083/", "c", configs(), Optional.of(KEY), "HmacNope", Duration.ofSeconds(5)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
