package io.kanal.client.network;

import io.kanal.client.Endpoint;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.GatheringByteChannel;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The bytes of one connection waiting to be written, as the segments requests were encoded to (a request with record
 * batches is its small header parts plus the batch buffers themselves, never copied), written with gather writes.
 * A one-way request (Produce with acks=0) is complete once its last segment is written; the queue completes it then
 * and counts it, since the broker will never answer it. Owned by the connection's I/O thread.
 */
final class OutgoingQueue {
    /** Marks, in {@link #oneWay}, a segment that does not end a one-way request. */
    private static final InFlightRequest NONE = new InFlightRequest(null, null, 0, 0);

    // The JDK copies heap buffers into temporary direct ones before a gather write; bounding one write's bytes keeps
    // it from copying far more than the socket will take.
    private static final long MAX_WRITE_BYTES = 512 * 1024;
    private static final int MAX_WRITE_BUFFERS = 64;

    private final ArrayDeque<ByteBuffer> segments = new ArrayDeque<>();
    // Parallel to segments: the one-way request a segment ends, or NONE.
    private final ArrayDeque<InFlightRequest> oneWay = new ArrayDeque<>();
    private long unansweredOneWay;

    /**
     * Queues a request's segments.
     *
     * @param request the request, completed when written if it expects no response
     * @param parts its encoded segments, in order
     */
    void add(InFlightRequest request, ByteBuffer[] parts) {
        for (int i = 0; i < parts.length; i++) {
            segments.add(parts[i]);
            oneWay.add(i == parts.length - 1 && !request.request.expectsResponse() ? request : NONE);
        }
    }

    boolean isEmpty() {
        return segments.isEmpty();
    }

    /**
     * Writes until the queue is empty or the socket takes no more.
     *
     * @param channel the socket
     * @param endpoint the broker, for the responses of one-way requests
     * @throws IOException if the write fails
     */
    void writeTo(GatheringByteChannel channel, Endpoint endpoint) throws IOException {
        boolean socketFull = false;
        while (!segments.isEmpty() && !socketFull) {
            ByteBuffer[] buffers = nextWrite();
            channel.write(buffers);
            socketFull = buffers[buffers.length - 1].hasRemaining();
            while (!segments.isEmpty() && !segments.peek().hasRemaining()) {
                segments.poll();
                InFlightRequest written = oneWay.poll();
                if (written != NONE) {
                    unansweredOneWay++;
                    written.future.complete(new ApiResponse(null, written.version, endpoint, written.correlationId));
                }
            }
        }
    }

    private ByteBuffer[] nextWrite() {
        int count = 0;
        long bytes = 0;
        for (ByteBuffer b : segments) {
            count++;
            bytes += b.remaining();
            if (bytes >= MAX_WRITE_BYTES || count == MAX_WRITE_BUFFERS) {
                break;
            }
        }
        ByteBuffer[] buffers = new ByteBuffer[count];
        int i = 0;
        for (ByteBuffer b : segments) {
            if (i == count) {
                break;
            }
            buffers[i++] = b;
        }
        return buffers;
    }

    /** One-way requests written on the current socket: the broker answers none of them, a rejected one included. */
    long unansweredOneWay() {
        return unansweredOneWay;
    }

    /**
     * Empties the queue for a closed socket.
     *
     * @return the one-way requests not fully written, which the caller must fail
     */
    List<InFlightRequest> clear() {
        List<InFlightRequest> unwritten = new ArrayList<>();
        for (InFlightRequest r : oneWay) {
            if (r != NONE) {
                unwritten.add(r);
            }
        }
        segments.clear();
        oneWay.clear();
        unansweredOneWay = 0;
        return unwritten;
    }
}
