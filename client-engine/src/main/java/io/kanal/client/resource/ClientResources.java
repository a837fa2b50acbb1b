package io.kanal.client.resource;

import io.kanal.client.common.Time;
import io.kanal.client.resource.internals.DefaultClientResources;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What many Kafka clients of one process share: I/O threads, the pool that runs the clients' background loops and
 * timers, the executor that runs user callbacks, and one metadata cache per cluster. A worker with 200 tasks creates
 * one and lends it to every producer, consumer and admin client, so that 400 clients need a handful of threads
 * instead of one or more each.
 *
 * <pre>{@code
 * try (ClientResources resources = ClientResources.builder().name("worker").build()) {
 *     Producer<String, String> producer = Producer.create(settings, keys, values, resources);
 *     ...
 * }
 * }</pre>
 *
 * <p>A borrower never closes the resources: the code that created them does, after closing its clients (clients
 * still open then fail their requests with {@link io.kanal.client.errors.ClientClosedException}). A client created
 * without resources makes a private set (one I/O thread, one loop thread that also runs its callbacks) and closes it
 * with itself.
 *
 * <p>Thread-safe. User callbacks run on the shared callback threads: a callback that blocks holds one of them, and
 * one that waits for another operation of a client of the same resources may wait forever; compose instead.
 *
 * <p>Only the implementations made by {@link #builder()} and {@link #create()} are accepted by the clients.
 */
public interface ClientResources extends AutoCloseable {
    /**
     * A builder with the defaults: one I/O thread, two loop threads, two callback threads.
     *
     * @return the builder
     */
    static Builder builder() {
        return new Builder();
    }

    /**
     * Resources with the defaults.
     *
     * @return the resources, their threads started
     */
    static ClientResources create() {
        return builder().build();
    }

    /**
     * The name, in thread names and logs.
     *
     * @return the name
     */
    String name();

    /**
     * The clock the resources' loops and timers use.
     *
     * @return the clock
     */
    Time time();

    /**
     * Closes the shared metadata, the I/O threads and the pools. Idempotent.
     */
    @Override
    void close();

    /** Settings of a {@link ClientResources}. Not thread-safe. */
    final class Builder {
        private static final AtomicInteger SEQUENCE = new AtomicInteger();

        private String name = "kanal-" + SEQUENCE.incrementAndGet();
        private Time time = Time.SYSTEM;
        private int ioThreads = 1;
        private int loopThreads = 2;
        private int callbackThreads = 2;

        private Builder() {}

        /**
         * The name in thread names and logs.
         *
         * @param name the name
         * @return this builder
         */
        public Builder name(String name) {
            this.name = Objects.requireNonNull(name, "name");
            return this;
        }

        /**
         * The clock.
         *
         * @param time the clock
         * @return this builder
         */
        public Builder time(Time time) {
            this.time = Objects.requireNonNull(time, "time");
            return this;
        }

        /**
         * How many I/O threads serve the clients' sockets; clients are spread over them in turn.
         *
         * @param n at least 1
         * @return this builder
         */
        public Builder ioThreads(int n) {
            this.ioThreads = positive(n, "ioThreads");
            return this;
        }

        /**
         * How many threads run the clients' background loops and timers.
         *
         * @param n at least 1
         * @return this builder
         */
        public Builder loopThreads(int n) {
            this.loopThreads = positive(n, "loopThreads");
            return this;
        }

        /**
         * How many threads run user callbacks.
         *
         * @param n at least 1
         * @return this builder
         */
        public Builder callbackThreads(int n) {
            this.callbackThreads = positive(n, "callbackThreads");
            return this;
        }

        private static int positive(int n, String what) {
            if (n < 1) {
                throw new IllegalArgumentException(what + " must be at least 1: " + n);
            }
            return n;
        }

        /**
         * Starts the threads.
         *
         * @return the resources
         */
        public ClientResources build() {
            return new DefaultClientResources(name, time, ioThreads, loopThreads, callbackThreads);
        }
    }
}
