package io.kanal.client.network;

import io.kanal.client.Endpoint;
import io.kanal.client.protocol.ApiKey;
import io.kanal.client.protocol.ApiMessage;
import io.kanal.client.protocol.message.ApiVersionsResponse;
import io.kanal.client.protocol.message.RequestHeader;
import io.kanal.client.protocol.message.ResponseHeader;
import io.kanal.client.protocol.wire.WireReader;
import io.kanal.client.protocol.wire.WireWriter;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fake broker on loopback that follows a script, for faults a real broker will not produce on demand: oversized or
 * truncated frames, wrong correlation ids, garbage, silence. Built on Kanal's own codecs. ApiVersions requests are
 * answered correctly (every API Kanal knows, full range) unless the script handles them itself.
 */
public final class ScriptedBroker implements AutoCloseable {

    /** What to do with one request. */
    @FunctionalInterface
    public interface Script {
        /**
         * Handles a request.
         *
         * @return true if handled; false to let the broker answer ApiVersions by default
         */
        boolean onRequest(Connection connection, RequestHeader header, ByteBuffer body) throws IOException;
    }

    /** One accepted connection. */
    public static final class Connection {
        final int number;
        private final Socket socket;
        private final OutputStream out;

        Connection(int number, Socket socket) throws IOException {
            this.number = number;
            this.socket = socket;
            this.out = socket.getOutputStream();
        }

        public void respond(RequestHeader request, ApiMessage body, short version) throws IOException {
            respond(request.correlationId(), body, version, ApiKey.forId(request.requestApiKey()));
        }

        void respond(int correlationId, ApiMessage body, short version, ApiKey api) throws IOException {
            ResponseHeader header = new ResponseHeader(correlationId, List.of());
            short headerVersion = api.responseHeaderVersion(version);
            int size = header.size(headerVersion) + body.size(version);
            ByteBuffer buffer = ByteBuffer.allocate(4 + size).putInt(size);
            WireWriter w = new WireWriter(buffer);
            header.write(w, headerVersion);
            body.write(w, version);
            writeRaw(buffer.array());
        }

        void writeRaw(byte[] bytes) throws IOException {
            out.write(bytes);
            out.flush();
        }

        void close() throws IOException {
            socket.close();
        }
    }

    private final ServerSocket server;
    private final Script script;
    private final Thread acceptor;
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger closed = new AtomicInteger();
    private final List<Short> apiVersionsSeen = new CopyOnWriteArrayList<>();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final List<Thread> handlers = new ArrayList<>();

    public ScriptedBroker(Script script) throws IOException {
        this.script = script;
        this.server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        this.acceptor = new Thread(this::accept, "scripted-broker-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public Endpoint endpoint() {
        return new Endpoint(1, "127.0.0.1", server.getLocalPort());
    }

    int connectionCount() {
        return connections.get();
    }

    int closedConnectionCount() {
        return closed.get();
    }

    List<Short> apiVersionsVersionsSeen() {
        return apiVersionsSeen;
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                if (server.isClosed()) {
                    // Accepted while close() ran: a closed broker serves nobody.
                    socket.close();
                    return;
                }
                sockets.add(socket);
                Connection c = new Connection(connections.incrementAndGet(), socket);
                Thread t = new Thread(() -> serve(c, socket), "scripted-broker-conn-" + c.number);
                t.setDaemon(true);
                synchronized (handlers) {
                    handlers.add(t);
                }
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Connection c, Socket socket) {
        try (DataInputStream in = new DataInputStream(socket.getInputStream())) {
            while (true) {
                int size = in.readInt();
                byte[] frame = new byte[size];
                in.readFully(frame);
                ByteBuffer buffer = ByteBuffer.wrap(frame);
                ApiKey api = ApiKey.forId(buffer.getShort(0));
                short version = buffer.getShort(2);
                WireReader reader = new WireReader(buffer);
                RequestHeader header = RequestHeader.read(reader, api.requestHeaderVersion(version));
                if (api == ApiKey.API_VERSIONS) {
                    apiVersionsSeen.add(version);
                }
                if (!script.onRequest(c, header, buffer.slice()) && api == ApiKey.API_VERSIONS) {
                    c.respond(header, fullApiVersions(), version);
                }
            }
        } catch (IOException e) {
            // The client or the script closed the connection: this handler's work is done.
            closed.incrementAndGet();
        }
    }

    static ApiVersionsResponse fullApiVersions() {
        List<ApiVersionsResponse.ApiVersion> apis = new ArrayList<>();
        for (ApiKey api : ApiKey.values()) {
            apis.add(
                    new ApiVersionsResponse.ApiVersion(api.id(), api.lowestVersion(), api.highestVersion(), List.of()));
        }
        return ApiVersionsResponse.builder().apiKeys(apis).build();
    }

    @Override
    public void close() throws IOException {
        server.close();
        // The listening socket is really closed only once the acceptor thread, blocked in accept(), has returned;
        // until then the kernel still completes connections, and a test that expects a refused connection would
        // get one answered.
        try {
            acceptor.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (Socket s : sockets) {
            try {
                s.close();
            } catch (SocketException e) {
                // Already closed by the client or the script.
            }
        }
    }
}
