package io.kanal.client.network;

import io.kanal.client.network.sasl.SaslSettings;

/**
 * Settings of the network layer, with Kafka's key names and defaults.
 *
 * @param clientId {@code client.id}, sent in every request header
 * @param requestTimeoutMs {@code request.timeout.ms}: how long to wait for a response
 * @param connectionSetupTimeoutMs {@code socket.connection.setup.timeout.ms}
 * @param reconnectBackoffMs {@code reconnect.backoff.ms}: the first wait before reconnecting
 * @param reconnectBackoffMaxMs {@code reconnect.backoff.max.ms}: the cap of the exponential back-off
 * @param connectionsMaxIdleMs {@code connections.max.idle.ms}: idle connections are closed after this
 * @param maxInFlightPerConnection {@code max.in.flight.requests.per.connection}
 * @param maxFrameBytes the largest response frame accepted; a larger size prefix closes the connection
 * @param sendBufferBytes {@code send.buffer.bytes}, -1 for the OS default
 * @param receiveBufferBytes {@code receive.buffer.bytes}, -1 for the OS default
 * @param submissionQueueCapacity how many requests may wait for the I/O thread before {@code send} blocks
 * @param sasl how to authenticate with SASL after ApiVersions, or null for no SASL
 * @param security {@code security.protocol} and the TLS settings ({@link TlsContexts#from})
 */
public record NetworkConfig(
        String clientId,
        int requestTimeoutMs,
        int connectionSetupTimeoutMs,
        long reconnectBackoffMs,
        long reconnectBackoffMaxMs,
        long connectionsMaxIdleMs,
        int maxInFlightPerConnection,
        int maxFrameBytes,
        int sendBufferBytes,
        int receiveBufferBytes,
        int submissionQueueCapacity,
        SaslSettings sasl,
        TransportSecurity security) {

    /** Validates the settings. */
    public NetworkConfig {
        if (requestTimeoutMs <= 0 || connectionSetupTimeoutMs <= 0) {
            throw new IllegalArgumentException("timeouts must be positive");
        }
        if (reconnectBackoffMs < 0 || reconnectBackoffMaxMs < reconnectBackoffMs) {
            throw new IllegalArgumentException("reconnect.backoff.max.ms must be >= reconnect.backoff.ms >= 0");
        }
        if (maxInFlightPerConnection < 1) {
            throw new IllegalArgumentException("max.in.flight.requests.per.connection must be at least 1");
        }
        if (maxFrameBytes < 64 || submissionQueueCapacity < 1) {
            throw new IllegalArgumentException("maxFrameBytes and submissionQueueCapacity too small");
        }
    }

    /**
     * Plaintext settings without SASL.
     *
     * @param clientId {@code client.id}
     * @param requestTimeoutMs {@code request.timeout.ms}
     * @param connectionSetupTimeoutMs {@code socket.connection.setup.timeout.ms}
     * @param reconnectBackoffMs {@code reconnect.backoff.ms}
     * @param reconnectBackoffMaxMs {@code reconnect.backoff.max.ms}
     * @param connectionsMaxIdleMs {@code connections.max.idle.ms}
     * @param maxInFlightPerConnection {@code max.in.flight.requests.per.connection}
     * @param maxFrameBytes the largest response frame accepted
     * @param sendBufferBytes {@code send.buffer.bytes}
     * @param receiveBufferBytes {@code receive.buffer.bytes}
     * @param submissionQueueCapacity how many requests may wait for the I/O thread
     */
    public NetworkConfig(
            String clientId,
            int requestTimeoutMs,
            int connectionSetupTimeoutMs,
            long reconnectBackoffMs,
            long reconnectBackoffMaxMs,
            long connectionsMaxIdleMs,
            int maxInFlightPerConnection,
            int maxFrameBytes,
            int sendBufferBytes,
            int receiveBufferBytes,
            int submissionQueueCapacity) {
        this(
                clientId,
                requestTimeoutMs,
                connectionSetupTimeoutMs,
                reconnectBackoffMs,
                reconnectBackoffMaxMs,
                connectionsMaxIdleMs,
                maxInFlightPerConnection,
                maxFrameBytes,
                sendBufferBytes,
                receiveBufferBytes,
                submissionQueueCapacity,
                null,
                TransportSecurity.PLAINTEXT);
    }

    /**
     * A copy that authenticates with SASL.
     *
     * @param settings the SASL settings, or null for none
     * @return the settings
     */
    public NetworkConfig withSasl(SaslSettings settings) {
        return new NetworkConfig(
                clientId,
                requestTimeoutMs,
                connectionSetupTimeoutMs,
                reconnectBackoffMs,
                reconnectBackoffMaxMs,
                connectionsMaxIdleMs,
                maxInFlightPerConnection,
                maxFrameBytes,
                sendBufferBytes,
                receiveBufferBytes,
                submissionQueueCapacity,
                settings,
                security);
    }

    /**
     * Kafka's defaults.
     *
     * @param clientId the client id
     * @return the settings
     */
    public static NetworkConfig defaults(String clientId) {
        return new NetworkConfig(
                clientId, 30_000, 10_000, 50, 1_000, 540_000, 5, 256 * 1024 * 1024, 128 * 1024, 64 * 1024, 4096);
    }

    /**
     * A copy with another request timeout.
     *
     * @param ms the timeout
     * @return the settings
     */
    public NetworkConfig withRequestTimeoutMs(int ms) {
        return new NetworkConfig(
                clientId,
                ms,
                connectionSetupTimeoutMs,
                reconnectBackoffMs,
                reconnectBackoffMaxMs,
                connectionsMaxIdleMs,
                maxInFlightPerConnection,
                maxFrameBytes,
                sendBufferBytes,
                receiveBufferBytes,
                submissionQueueCapacity,
                sasl,
                security);
    }

    /**
     * A copy with another in-flight limit.
     *
     * @param max the limit per connection
     * @return the settings
     */
    public NetworkConfig withMaxInFlightPerConnection(int max) {
        return new NetworkConfig(
                clientId,
                requestTimeoutMs,
                connectionSetupTimeoutMs,
                reconnectBackoffMs,
                reconnectBackoffMaxMs,
                connectionsMaxIdleMs,
                max,
                maxFrameBytes,
                sendBufferBytes,
                receiveBufferBytes,
                submissionQueueCapacity,
                sasl,
                security);
    }

    /**
     * A copy with another maximum frame size.
     *
     * @param bytes the limit
     * @return the settings
     */
    public NetworkConfig withMaxFrameBytes(int bytes) {
        return new NetworkConfig(
                clientId,
                requestTimeoutMs,
                connectionSetupTimeoutMs,
                reconnectBackoffMs,
                reconnectBackoffMaxMs,
                connectionsMaxIdleMs,
                maxInFlightPerConnection,
                bytes,
                sendBufferBytes,
                receiveBufferBytes,
                submissionQueueCapacity,
                sasl,
                security);
    }

    /**
     * A copy with another idle limit.
     *
     * @param ms the idle time after which a connection is closed
     * @return the settings
     */
    public NetworkConfig withConnectionsMaxIdleMs(long ms) {
        return new NetworkConfig(
                clientId,
                requestTimeoutMs,
                connectionSetupTimeoutMs,
                reconnectBackoffMs,
                reconnectBackoffMaxMs,
                ms,
                maxInFlightPerConnection,
                maxFrameBytes,
                sendBufferBytes,
                receiveBufferBytes,
                submissionQueueCapacity,
                sasl,
                security);
    }

    /**
     * The same settings for another client id.
     *
     * @param id the client id
     * @return the settings
     */
    public NetworkConfig withClientId(String id) {
        return new NetworkConfig(
                id,
                requestTimeoutMs,
                connectionSetupTimeoutMs,
                reconnectBackoffMs,
                reconnectBackoffMaxMs,
                connectionsMaxIdleMs,
                maxInFlightPerConnection,
                maxFrameBytes,
                sendBufferBytes,
                receiveBufferBytes,
                submissionQueueCapacity,
                sasl,
                security);
    }

    /**
     * The same settings with another transport security.
     *
     * @param transportSecurity the protocol and TLS settings
     * @return the settings
     */
    public NetworkConfig withSecurity(TransportSecurity transportSecurity) {
        return new NetworkConfig(
                clientId,
                requestTimeoutMs,
                connectionSetupTimeoutMs,
                reconnectBackoffMs,
                reconnectBackoffMaxMs,
                connectionsMaxIdleMs,
                maxInFlightPerConnection,
                maxFrameBytes,
                sendBufferBytes,
                receiveBufferBytes,
                submissionQueueCapacity,
                sasl,
                transportSecurity);
    }
}
