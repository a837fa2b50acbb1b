package io.kanal.client.network;

import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;
import java.util.ArrayDeque;

/**
 * Two connected in-memory byte channels for driving TLS engines without sockets: each read returns at most
 * {@code maxRead} bytes (so TLS records arrive in pieces), and each direction buffers at most {@code capacity} unread
 * bytes (so writes stop part-way, as on a full socket). Single-threaded.
 */
final class MemoryPipe {
    private final ArrayDeque<Byte> aToB = new ArrayDeque<>();
    private final ArrayDeque<Byte> bToA = new ArrayDeque<>();
    private final int maxRead;
    private final int capacity;
    private boolean aClosed;
    private boolean bClosed;
    final ByteChannel a;
    final ByteChannel b;

    MemoryPipe(int maxRead, int capacity) {
        this.maxRead = maxRead;
        this.capacity = capacity;
        this.a = new End(bToA, aToB, true);
        this.b = new End(aToB, bToA, false);
    }

    /** Bytes written by a and not yet read by b. */
    int pendingForB() {
        return aToB.size();
    }

    /** Puts bytes on the way to a, as a hostile peer writing raw bytes would. */
    void injectForA(byte[] bytes) {
        for (byte x : bytes) {
            bToA.add(x);
        }
    }

    /** Removes and returns what a wrote. */
    byte[] drainFromA() {
        byte[] out = new byte[aToB.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = aToB.poll();
        }
        return out;
    }

    private final class End implements ByteChannel {
        private final ArrayDeque<Byte> in;
        private final ArrayDeque<Byte> out;
        private final boolean isA;

        End(ArrayDeque<Byte> in, ArrayDeque<Byte> out, boolean isA) {
            this.in = in;
            this.out = out;
            this.isA = isA;
        }

        @Override
        public int read(ByteBuffer dst) {
            if (in.isEmpty()) {
                return (isA ? bClosed : aClosed) ? -1 : 0;
            }
            int n = 0;
            while (n < maxRead && dst.hasRemaining() && !in.isEmpty()) {
                dst.put(in.poll());
                n++;
            }
            return n;
        }

        @Override
        public int write(ByteBuffer src) {
            int n = 0;
            while (src.hasRemaining() && out.size() < capacity) {
                out.add(src.get());
                n++;
            }
            return n;
        }

        @Override
        public boolean isOpen() {
            return !(isA ? aClosed : bClosed);
        }

        @Override
        public void close() {
            if (isA) {
                aClosed = true;
            } else {
                bClosed = true;
            }
        }
    }
}
