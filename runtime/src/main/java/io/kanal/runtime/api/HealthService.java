package io.kanal.runtime.api;

import io.kanal.runtime.herder.HerderEvent;
import io.kanal.runtime.herder.HerderReply;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The worker's health (KIP-1017, {@code GET /health}) without HTTP. A worker that has not completed its start-up is
 * {@code starting} (503); a started worker is {@code healthy} (200) when its herder thread answers a request within
 * the health check timeout, and {@code unhealthy} (500) with what it waited on when not.
 *
 * <p><b>Threading.</b> Stateless apart from its final fields; safe from any thread; blocks the caller at most for the
 * health check timeout.
 */
public final class HealthService {

    /** Connect's health check timeout (KIP-1017): 10 s. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    private static final String HEALTHY = "Worker has completed startup and is ready to handle requests.";
    private static final String STARTING = "Worker is still starting up.";
    private static final String UNHEALTHY =
            "Worker was unable to handle this request and may be unable to handle other requests.";

    private final WorkerApi worker;
    private final Duration timeout;

    /**
     * Connect's {@code WorkerStatus}.
     *
     * @param status {@code healthy}, {@code starting} or {@code unhealthy}
     * @param message what that means, and for the latter two what the worker waits on
     * @param httpStatus the HTTP status Connect answers with: 200, 503 or 500 (not part of the JSON)
     */
    public record WorkerStatus(String status, String message, int httpStatus) {}

    /**
     * Creates the service.
     *
     * @param worker the worker
     * @param timeout how long the herder has to answer
     */
    public HealthService(WorkerApi worker, Duration timeout) {
        this.worker = Objects.requireNonNull(worker, "worker");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    /**
     * Checks the worker: its start-up, then a round trip through the herder thread.
     *
     * @return the status
     */
    public WorkerStatus check() {
        if (!worker.ready()) {
            return new WorkerStatus("starting", STARTING, 503);
        }
        HerderReply reply;
        try {
            reply = worker.request(HerderEvent.Ping::new).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return unhealthy("The herder thread did not answer within " + timeout.toMillis() + " ms.");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return unhealthy("The request was interrupted: the worker is stopping.");
        } catch (ExecutionException e) {
            return unhealthy("The herder failed the request: " + e.getCause() + ".");
        }
        if (reply instanceof HerderReply.Failed failed) {
            // Refused at once: the worker is stopping or its herder queue is full.
            return unhealthy(failed.error().message() + ".");
        }
        java.util.Optional<String> dependency = worker.unhealthyBecause(timeout);
        if (dependency.isPresent()) {
            return unhealthy(dependency.get());
        }
        return new WorkerStatus("healthy", HEALTHY, 200);
    }

    private static WorkerStatus unhealthy(String detail) {
        return new WorkerStatus("unhealthy", UNHEALTHY + " " + detail, 500);
    }
}
