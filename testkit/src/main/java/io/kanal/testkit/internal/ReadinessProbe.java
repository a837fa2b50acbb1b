package io.kanal.testkit.internal;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.TreeSet;

/**
 * A raw-socket check that a broker is ready: it answers ApiVersions, and its Metadata names the brokers that are
 * registered and unfenced. A handful of bytes written by hand, so that the testkit needs no Kafka client.
 *
 * <p>Both requests use versions every Kafka 4.x broker accepts: ApiVersions v0 (the version every client may open
 * with) and Metadata v4 (the first one with {@code allow_auto_topic_creation}); the probe checks the broker's
 * advertised Metadata range before it sends the second. It asks for no topics, so the answer is small. One probe is
 * one short-lived connection; it is called from a single thread at a time.
 */
public final class ReadinessProbe {
    private static final short API_VERSIONS = 18;
    private static final short METADATA = 3;
    private static final short METADATA_VERSION = 4;
    private static final String CLIENT_ID = "kanal-testkit-probe";

    private final int timeoutMillis;

    /**
     * Creates a probe.
     *
     * @param timeoutMillis connect and read timeout of one probe
     */
    public ReadinessProbe(int timeoutMillis) {
        this.timeoutMillis = timeoutMillis;
    }

    /**
     * Asks one broker which brokers it knows to be alive.
     *
     * @param address the broker's PLAINTEXT listener
     * @return the node ids in the broker's Metadata answer (registered, unfenced brokers)
     * @throws IOException when the broker does not answer, answers with an error, or does not support the versions
     */
    public Set<Integer> aliveBrokers(InetSocketAddress address) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(address, timeoutMillis);
            socket.setSoTimeout(timeoutMillis);
            socket.setTcpNoDelay(true);
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            DataInputStream in = new DataInputStream(socket.getInputStream());

            send(out, API_VERSIONS, (short) 0, 1, new byte[0]);
            checkMetadataSupported(receive(in, 1));

            ByteArrayOutputStream body = new ByteArrayOutputStream();
            DataOutputStream bodyOut = new DataOutputStream(body);
            bodyOut.writeInt(0); // topics: an empty array asks for no topic
            bodyOut.writeBoolean(false); // allow_auto_topic_creation
            send(out, METADATA, METADATA_VERSION, 2, body.toByteArray());
            return brokerIds(receive(in, 2));
        }
    }

    private static void send(DataOutputStream out, short apiKey, short version, int correlationId, byte[] body)
            throws IOException {
        byte[] clientId = CLIENT_ID.getBytes(StandardCharsets.UTF_8);
        // Request header v1: api_key, api_version, correlation_id, client_id (nullable string).
        int size = 2 + 2 + 4 + 2 + clientId.length + body.length;
        out.writeInt(size);
        out.writeShort(apiKey);
        out.writeShort(version);
        out.writeInt(correlationId);
        out.writeShort(clientId.length);
        out.write(clientId);
        out.write(body);
        out.flush();
    }

    private static DataInputStream receive(DataInputStream in, int correlationId) throws IOException {
        int size = in.readInt();
        if (size < 4 || size > 16 * 1024 * 1024) {
            throw new IOException("implausible response size " + size);
        }
        byte[] frame = new byte[size];
        in.readFully(frame);
        DataInputStream response = new DataInputStream(new java.io.ByteArrayInputStream(frame));
        int received = response.readInt(); // response header v0: correlation_id
        if (received != correlationId) {
            throw new IOException("correlation id " + received + ", expected " + correlationId);
        }
        return response;
    }

    private static void checkMetadataSupported(DataInputStream response) throws IOException {
        short error = response.readShort();
        if (error != 0) {
            throw new IOException("ApiVersions failed with error code " + error);
        }
        int count = response.readInt();
        for (int i = 0; i < count; i++) {
            short key = response.readShort();
            short min = response.readShort();
            short max = response.readShort();
            if (key == METADATA) {
                if (METADATA_VERSION < min || METADATA_VERSION > max) {
                    throw new IOException(
                            "broker supports Metadata v" + min + "-v" + max + ", the probe sends v" + METADATA_VERSION);
                }
                return;
            }
        }
        throw new IOException("broker does not list the Metadata API");
    }

    private static Set<Integer> brokerIds(DataInputStream response) throws IOException {
        response.readInt(); // throttle_time_ms
        int count = response.readInt();
        Set<Integer> ids = new TreeSet<>();
        for (int i = 0; i < count; i++) {
            ids.add(response.readInt()); // node_id
            skipString(response); // host
            response.readInt(); // port
            skipString(response); // rack (nullable)
        }
        return ids;
    }

    private static void skipString(DataInputStream in) throws IOException {
        short length = in.readShort();
        if (length > 0) {
            in.skipNBytes(length);
        }
    }
}
