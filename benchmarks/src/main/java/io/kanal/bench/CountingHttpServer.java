package io.kanal.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The HTTP endpoint of {@code benchmarks/compare-jdbc.sh}'s HTTP sink run: answers every request with 204 and counts
 * the records in the bodies. A body that starts with {@code [} is a JSON array, and its top-level elements are counted;
 * any other body holds one record per non-empty line (newline-delimited batches, or a single record). Prints {@code
 * listening <port>} once bound, {@code first <epoch seconds>} when the first records have come, then {@code reached
 * <epoch seconds> <records> <requests>} when N records have come (the wall clock, comparable with bash's {@code
 * $EPOCHREALTIME}), and goes on answering until it is killed.
 *
 * <p>Usage: {@code java -cp <this class> io.kanal.bench.CountingHttpServer --records N [--port P]} (port 0, the
 * default, picks a free one).
 *
 * <p>Threading: the server's four handler threads count into atomics; the first that reaches N prints.
 */
public final class CountingHttpServer {
    private final long target;
    private final AtomicLong records = new AtomicLong();
    private final AtomicLong requests = new AtomicLong();
    private final AtomicBoolean first = new AtomicBoolean();
    private final AtomicBoolean reached = new AtomicBoolean();

    private CountingHttpServer(long target) {
        this.target = target;
    }

    /**
     * Starts the server; it runs until the process is killed.
     *
     * @param args see the class documentation
     * @throws IOException if the port cannot be bound
     */
    public static void main(String[] args) throws IOException {
        long target = 0;
        int port = 0;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--records" -> target = Long.parseLong(args[++i]);
                case "--port" -> port = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (target <= 0) {
            throw new IllegalArgumentException("--records is required");
        }
        CountingHttpServer counter = new CountingHttpServer(target);
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
        ExecutorService handlers = Executors.newFixedThreadPool(4);
        server.setExecutor(handlers);
        server.createContext("/", counter::handle);
        server.start();
        System.out.println("listening " + server.getAddress().getPort());
        System.out.flush();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            long n;
            try (InputStream body = exchange.getRequestBody()) {
                n = count(body.readAllBytes());
            }
            long total = records.addAndGet(n);
            long calls = requests.incrementAndGet();
            if (n > 0 && first.compareAndSet(false, true)) {
                print("first " + now());
            }
            if (total >= target && reached.compareAndSet(false, true)) {
                print("reached " + now() + " " + total + " " + calls);
            }
            exchange.sendResponseHeaders(204, -1);
        }
    }

    private static synchronized void print(String line) {
        System.out.println(line);
        System.out.flush();
    }

    /** The wall clock in seconds with microseconds, as bash's {@code $EPOCHREALTIME} prints it. */
    private static String now() {
        long micros = TimeUnit.MILLISECONDS.toMicros(System.currentTimeMillis());
        return String.format(Locale.ROOT, "%d.%06d", micros / 1_000_000, micros % 1_000_000);
    }

    /**
     * Counts the records of one request body.
     *
     * @param body the body
     * @return the top-level elements of a JSON array, or else the non-empty lines
     */
    static long count(byte[] body) {
        int start = 0;
        while (start < body.length && Character.isWhitespace(body[start])) {
            start++;
        }
        if (start < body.length && body[start] == '[') {
            return countArrayElements(body, start);
        }
        long lines = 0;
        boolean content = false;
        for (int i = start; i < body.length; i++) {
            if (body[i] == '\n') {
                lines += content ? 1 : 0;
                content = false;
            } else if (!Character.isWhitespace(body[i])) {
                content = true;
            }
        }
        return lines + (content ? 1 : 0);
    }

    /** Counts the top-level elements of the JSON array at {@code start}: its commas at depth 1, plus one if any. */
    private static long countArrayElements(byte[] body, int start) {
        long commas = 0;
        boolean any = false;
        boolean inString = false;
        int depth = 0;
        for (int i = start; i < body.length; i++) {
            byte b = body[i];
            if (inString) {
                if (b == '\\') {
                    i++;
                } else if (b == '"') {
                    inString = false;
                }
                continue;
            }
            switch (b) {
                case '"' -> {
                    inString = true;
                    any |= depth == 1;
                }
                case '[', '{' -> {
                    any |= depth == 1;
                    depth++;
                }
                case ']', '}' -> depth--;
                case ',' -> commas += depth == 1 ? 1 : 0;
                default -> any |= depth == 1 && !Character.isWhitespace(b);
            }
        }
        return any ? commas + 1 : 0;
    }
}
