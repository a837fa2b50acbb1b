package io.kanal.runtime.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.kanal.runtime.herder.HerderError;
import io.kanal.runtime.herder.HerderEvent;
import io.kanal.runtime.herder.HerderReply;
import io.kanal.runtime.herder.HerderView;
import io.kanal.runtime.isolation.PluginRegistry;
import io.kanal.runtime.task.ActiveTopics;
import io.kanal.runtime.worker.ConnectorValidator;
import io.kanal.runtime.worker.WorkerOffsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongFunction;
import org.junit.jupiter.api.Test;

/** KIP-1017's three states, and Connect's messages for each. */
class HealthServiceTest {

    /** A worker whose herder answers with a preset future. */
    private static final class FakeWorker implements WorkerApi {
        boolean ready = true;
        CompletableFuture<HerderReply> reply = CompletableFuture.completedFuture(new HerderReply.Done());
        final List<HerderEvent.Request> requests = new ArrayList<>();

        @Override
        public CompletableFuture<HerderReply> request(LongFunction<? extends HerderEvent.Request> request) {
            requests.add(request.apply(requests.size() + 1L));
            return reply;
        }

        @Override
        public HerderView view() {
            return new HerderView(1, "w", false, new TreeMap<>());
        }

        @Override
        public PluginRegistry registry() {
            throw new UnsupportedOperationException("not needed here");
        }

        @Override
        public ConnectorValidator.Outcome validate(String name, Map<String, String> config, Duration timeout) {
            throw new UnsupportedOperationException("not needed here");
        }

        @Override
        public boolean ready() {
            return ready;
        }

        @Override
        public ActiveTopics activeTopics() {
            throw new UnsupportedOperationException("not needed here");
        }

        @Override
        public WorkerOffsets offsets() {
            throw new UnsupportedOperationException("not needed here");
        }

        @Override
        public String version() {
            return "test";
        }
    }

    @Test
    void aStartedWorkerWhoseHerderAnswersIsHealthy() {
        FakeWorker worker = new FakeWorker();
        HealthService.WorkerStatus status = new HealthService(worker, Duration.ofSeconds(5)).check();
        assertThat(status)
                .isEqualTo(new HealthService.WorkerStatus(
                        "healthy", "Worker has completed startup and is ready to handle requests.", 200));
        assertThat(worker.requests).singleElement().isInstanceOf(HerderEvent.Ping.class);
    }

    @Test
    void aWorkerThatHasNotStartedIsStarting() {
        FakeWorker worker = new FakeWorker();
        worker.ready = false;
        HealthService.WorkerStatus status = new HealthService(worker, Duration.ofSeconds(5)).check();
        assertThat(status).isEqualTo(new HealthService.WorkerStatus("starting", "Worker is still starting up.", 503));
    }

    @Test
    void aHerderThatDoesNotAnswerInTimeIsUnhealthyAndNamed() {
        FakeWorker worker = new FakeWorker();
        worker.reply = new CompletableFuture<>();
        HealthService.WorkerStatus status = new HealthService(worker, Duration.ofMillis(50)).check();
        assertThat(status.status()).isEqualTo("unhealthy");
        assertThat(status.httpStatus()).isEqualTo(500);
        assertThat(status.message())
                .isEqualTo("Worker was unable to handle this request and may be unable to handle other requests."
                        + " The herder thread did not answer within 50 ms.");
    }

    @Test
    void aHerderThatRefusesIsUnhealthyWithItsReason() {
        FakeWorker worker = new FakeWorker();
        worker.reply = CompletableFuture.completedFuture(new HerderReply.Failed(
                new HerderError(HerderError.Kind.UNAVAILABLE, "The herder is overloaded; retry")));
        HealthService.WorkerStatus status = new HealthService(worker, Duration.ofSeconds(5)).check();
        assertThat(status.httpStatus()).isEqualTo(500);
        assertThat(status.message()).endsWith(" The herder is overloaded; retry.");
    }
}
