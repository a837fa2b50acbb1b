package io.kanal.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kanal.runtime.api.ApiServices;
import io.kanal.runtime.herder.HerderEvent;
import io.kanal.runtime.herder.HerderReply;
import io.kanal.runtime.task.ActiveTopics;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.function.LongFunction;
import org.junit.jupiter.api.Test;

/** Stopping the server lets a request in flight finish, then refuses new connections. */
class RestServerStopTest {

    /** A worker whose herder answers only when the test says so. */
    private static final class SlowWorker extends StubWorker {
        final CompletableFuture<HerderReply> reply;
        final CountDownLatch asked = new CountDownLatch(1);

        SlowWorker() {
            this(new CompletableFuture<>());
        }

        private SlowWorker(CompletableFuture<HerderReply> reply) {
            super(reply);
            this.reply = reply;
        }

        @Override
        public CompletableFuture<HerderReply> request(LongFunction<? extends HerderEvent.Request> request) {
            asked.countDown();
            return super.request(request);
        }

        @Override
        public ActiveTopics activeTopics() {
            return new ActiveTopics(true, true);
        }
    }

    @Test
    void stopFinishesTheRequestInFlight() throws Exception {
        SlowWorker worker = new SlowWorker();
        RestServer server = new RestServer(Map.of("listeners", "http://127.0.0.1:0"), ApiServices.of(worker));
        server.start();
        HttpClient http = HttpClient.newHttpClient();
        CompletableFuture<HttpResponse<String>> delete = http.sendAsync(
                HttpRequest.newBuilder(server.uri().resolve("/connectors/c"))
                        .DELETE()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        worker.asked.await();
        Thread stopper = new Thread(server::stop, "test-stopper");
        stopper.start();
        // The stop waits for the request; only then does the herder answer it.
        await().atMost(Duration.ofSeconds(10)).until(() -> stopper.getState() != Thread.State.RUNNABLE);
        assertThat(delete).isNotDone();
        worker.reply.complete(new HerderReply.Done());
        assertThat(delete.get().statusCode()).isEqualTo(204);
        stopper.join(Duration.ofSeconds(30).toMillis());
        assertThat(stopper.isAlive()).isFalse();
        CompletableFuture<HttpResponse<String>> after = http.sendAsync(
                HttpRequest.newBuilder(server.uri()).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(after)
                .failsWithin(Duration.ofSeconds(10))
                .withThrowableOfType(ExecutionException.class)
                .withCauseInstanceOf(ConnectException.class);
    }
}
