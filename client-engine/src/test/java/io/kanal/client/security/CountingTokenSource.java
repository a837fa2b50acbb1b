package io.kanal.client.security;

import io.kanal.client.network.sasl.UnsecuredJwsTokenSource;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A token source for tests, named by {@code kanal.sasl.oauthbearer.token.source.class}: unsecured JWS tokens for the
 * subject in the setting {@code test.oauth.subject} (default {@code kanal}), counting its calls per {@code client.id}.
 * The client creates the instance, so a test reads the count through {@link #calls(String)}; the one static map is
 * test-only and keyed by a client id each test chooses. Thread-safe.
 */
public final class CountingTokenSource implements OAuthBearerTokenSource {
    private static final Map<String, AtomicInteger> CALLS = new ConcurrentHashMap<>();

    private volatile UnsecuredJwsTokenSource tokens = UnsecuredJwsTokenSource.forSubject("kanal");
    private volatile AtomicInteger calls = new AtomicInteger();

    /** The public no-arg constructor the client calls. */
    public CountingTokenSource() {}

    /**
     * How many tokens the sources of clients with this id have made.
     *
     * @param clientId the {@code client.id} the test set
     * @return the count, 0 if none
     */
    public static int calls(String clientId) {
        AtomicInteger count = CALLS.get(clientId);
        return count == null ? 0 : count.get();
    }

    @Override
    public void configure(Map<String, ?> clientSettings) {
        Object subject = clientSettings.get("test.oauth.subject");
        if (subject != null) {
            tokens = UnsecuredJwsTokenSource.forSubject(subject.toString());
        }
        Object clientId = clientSettings.get("client.id");
        if (clientId != null) {
            calls = CALLS.computeIfAbsent(clientId.toString(), id -> new AtomicInteger());
        }
    }

    @Override
    public OAuthBearerToken token() {
        calls.incrementAndGet();
        return tokens.token();
    }
}
