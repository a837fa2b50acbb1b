package io.kanal.testkit.worker;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A REST {@code PUT} sent to a worker whose JVM is frozen (SIGSTOP), on a raw connection, so that the request is
 * certainly waiting when the worker goes on: the kernel completes the TCP handshake into the worker's listening
 * socket's backlog and takes the request's bytes into the connection's receive queue though no thread of the JVM runs.
 * {@link #waiting()} checks that, kernel-side, from {@code /proc/net/tcp}; {@link #response()} reads the answer once
 * the worker is resumed. HTTP/1.0 with {@code Connection: close}: the answer is neither chunked nor kept alive, it ends
 * where the connection does.
 *
 * <p><b>Threading.</b> Not thread-safe: driven by the test's thread.
 */
final class FrozenPut implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int CONNECT_TIMEOUT_MS = 10_000;
    private static final int RESPONSE_TIMEOUT_MS = 60_000;
    private static final List<Path> TCP_TABLES = List.of(Path.of("/proc/net/tcp"), Path.of("/proc/net/tcp6"));

    private final Socket socket;
    private final int length;

    private FrozenPut(Socket socket, int length) {
        this.socket = socket;
        this.length = length;
    }

    /**
     * Connects to the worker and writes the whole request.
     *
     * @param base the worker's REST URI, {@code http://host:port/}
     * @param path the absolute path, e.g. {@code /connectors/c/config}
     * @param body the value to send as JSON
     * @return the request in flight
     * @throws IOException when the connection cannot be made or the request not written
     */
    static FrozenPut send(URI base, String path, Object body) throws IOException {
        byte[] json = JSON.writeValueAsBytes(body);
        byte[] head = ("PUT " + path + " HTTP/1.0\r\n"
                        + "Host: " + base.getHost() + ":" + base.getPort() + "\r\n"
                        + "Content-Type: application/json\r\n"
                        + "Accept: application/json\r\n"
                        + "Content-Length: " + json.length + "\r\n"
                        + "Connection: close\r\n"
                        + "\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        Socket socket = new Socket();
        try {
            socket.connect(new InetSocketAddress(base.getHost(), base.getPort()), CONNECT_TIMEOUT_MS);
            socket.setSoTimeout(RESPONSE_TIMEOUT_MS);
            OutputStream out = socket.getOutputStream();
            out.write(head);
            out.write(json);
            out.flush();
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
        return new FrozenPut(socket, head.length + json.length);
    }

    /**
     * Whether every byte of the request waits in the worker's end of the connection, read by no one: the kernel's
     * receive queue of the socket whose local port is the worker's and whose remote port is this connection's.
     *
     * @return true when the whole request is queued there
     * @throws IOException when the kernel's TCP tables cannot be read (not Linux: the check needs {@code /proc})
     */
    boolean waiting() throws IOException {
        int server = socket.getPort();
        int client = socket.getLocalPort();
        if (TCP_TABLES.stream().noneMatch(Files::exists)) {
            throw new IOException("no kernel TCP tables to check the request against: " + TCP_TABLES);
        }
        for (Path table : TCP_TABLES) {
            if (!Files.exists(table)) {
                continue;
            }
            for (String line : Files.readAllLines(table, StandardCharsets.US_ASCII)) {
                // sl local_address rem_address st tx_queue:rx_queue ...; addresses are hex ADDR:PORT
                String[] f = line.trim().split("\\s+");
                if (f.length > 4
                        && f[1].endsWith(":" + hexPort(server))
                        && f[2].endsWith(":" + hexPort(client))
                        && f[4].contains(":")) {
                    return Long.parseLong(f[4].substring(f[4].indexOf(':') + 1), 16) == length;
                }
            }
        }
        return false;
    }

    /**
     * Reads the answer to its end (the worker closes the connection).
     *
     * @return the status and body
     * @throws IOException when no complete answer comes within a minute
     */
    ConnectRest.Response response() throws IOException {
        String all = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int headEnd = all.indexOf("\r\n\r\n");
        String[] statusLine = all.substring(0, Math.max(0, all.indexOf("\r\n"))).split(" ");
        if (headEnd < 0 || statusLine.length < 2) {
            throw new IOException("not an HTTP response: " + all);
        }
        return new ConnectRest.Response(Integer.parseInt(statusLine[1]), all.substring(headEnd + 4));
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    private static String hexPort(int port) {
        return String.format("%04X", port);
    }
}
