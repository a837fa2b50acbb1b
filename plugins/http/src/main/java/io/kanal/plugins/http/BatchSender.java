package io.kanal.plugins.http;

import io.kanal.api.errors.PluginException;
import io.kanal.api.sink.ErrantRecordReporter;
import io.kanal.api.sink.SinkRecord;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the closed batches of a {@link BatchBuffer} one at a time, in order, retrying each until it is delivered, its
 * records are reported to the errant record reporter, or retries run out (the task then fails, with nothing
 * committed past the batch). One request in flight per task keeps records in order and makes a retry resend exactly
 * the failed batch.
 *
 * <p>Outcomes: 2xx delivers; 5xx, 408, 429, a connection error or a timeout is retried after {@link RetryPolicy#delay}
 * (the {@code Retry-After} of a 429 or 503 wins); any other status rejects the batch: each record goes to the errant
 * record reporter (the DLQ when one is configured) or, without a reporter, the task fails naming the records.
 *
 * <p>Threading: {@link #run} is the body of the task's sender thread, which owns the transport and the retry state;
 * it talks to the task's thread only through the {@link BatchBuffer}.
 */
final class BatchSender implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(BatchSender.class);
    /** How long a rejected batch waits for each reporter future before checking whether the task stops. */
    private static final long REPORT_POLL_MS = 200;

    private static final int BODY_SNIPPET = 200;

    private final String logPrefix;
    private final HttpSinkConfig config;
    private final BatchBuffer buffer;
    private final HttpTransport transport;
    private final ErrantRecordReporter reporter;
    private final Clock clock;

    BatchSender(
            String logPrefix,
            HttpSinkConfig config,
            BatchBuffer buffer,
            HttpTransport transport,
            ErrantRecordReporter reporter,
            Clock clock) {
        this.logPrefix = logPrefix;
        this.config = config;
        this.buffer = buffer;
        this.transport = transport;
        this.reporter = reporter;
        this.clock = clock;
    }

    @Override
    public void run() {
        try {
            Optional<Batch> next = buffer.next();
            while (next.isPresent()) {
                if (!deliver(next.get())) {
                    return;
                }
                next = buffer.next();
            }
        } catch (InterruptedException e) {
            // The task is stopping: what is not delivered is not committed, and is read again after a restart.
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            buffer.fail(new PluginException("the HTTP sender failed: " + e.getMessage(), e));
        }
    }

    /** Returns false when the sender must end: the task stops or the batch failed the task. */
    private boolean deliver(Batch batch) throws InterruptedException {
        if (batch.sent() == 0) {
            buffer.delivered(batch);
            return true;
        }
        int retries = 0;
        while (true) {
            Attempt attempt = attempt(batch);
            if (attempt.status() >= 200 && attempt.status() < 300) {
                if (retries > 0) {
                    LOG.info("{} delivered {} after {} retries", logPrefix, batch.describe(), retries);
                }
                buffer.delivered(batch);
                return true;
            }
            if (!attempt.retriable()) {
                return reject(batch, attempt);
            }
            if (!config.retry().allows(retries)) {
                buffer.fail(new PluginException("gave up on " + batch.describe() + " to " + config.displayUrl()
                        + " after " + retries + " retries: " + attempt.reason() + "; nothing past it is committed"));
                return false;
            }
            Duration delay = config.retry().delay(retries, attempt.retryAfter());
            LOG.warn(
                    "{} {} to {} failed ({}); retry {} in {} ms",
                    logPrefix,
                    batch.describe(),
                    config.displayUrl(),
                    attempt.reason(),
                    retries + 1,
                    delay.toMillis());
            if (buffer.pauseUntilStopped(delay.toMillis())) {
                return false;
            }
            retries++;
        }
    }

    private Attempt attempt(Batch batch) throws InterruptedException {
        try {
            HttpResponse<Supplier<String>> response = transport.send(batch.body());
            // Read (and close) the body whatever the status, so that the connection goes back to the pool.
            String body = response.body().get();
            int status = response.statusCode();
            boolean retriable = status >= 500 || status == 408 || status == 429;
            Optional<Duration> retryAfter = status == 429 || status == 503
                    ? RetryAfter.parse(response.headers().firstValue("Retry-After"), clock.instant())
                    : Optional.empty();
            return new Attempt(status, retriable, retryAfter, "HTTP " + status + snippet(body));
        } catch (IOException e) {
            // Connection refused or reset, TLS failure, timeout: the request may or may not have arrived; resending
            // it is at-least-once, as the sink promises.
            return new Attempt(0, true, Optional.empty(), e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    /** A batch the endpoint refused: each record to the reporter, or the task fails. */
    private boolean reject(Batch batch, Attempt attempt) throws InterruptedException {
        String why = config.method() + " " + config.displayUrl() + " answered " + attempt.reason();
        if (reporter == null) {
            buffer.fail(new PluginException(why + " for " + batch.describe()
                    + " and no errant record reporter is configured; nothing past them is committed"));
            return false;
        }
        LOG.warn("{} {}: reporting {} as errant", logPrefix, why, batch.describe());
        List<CompletableFuture<Void>> reports = new ArrayList<>();
        for (SinkRecord record : batch.records()) {
            reports.add(reporter.report(
                    record,
                    new PluginException(why + " for " + record.topic() + "-" + record.kafkaPartition() + "@"
                            + record.kafkaOffset())));
        }
        for (CompletableFuture<Void> report : reports) {
            if (!awaitReport(report, batch)) {
                return false;
            }
        }
        buffer.delivered(batch);
        return true;
    }

    /** Waits for one report, checking for a stop between polls so that stop stays prompt. */
    private boolean awaitReport(CompletableFuture<Void> report, Batch batch) throws InterruptedException {
        while (true) {
            try {
                report.get(REPORT_POLL_MS, TimeUnit.MILLISECONDS);
                return true;
            } catch (TimeoutException e) {
                if (buffer.pauseUntilStopped(0)) {
                    return false;
                }
            } catch (ExecutionException e) {
                // The errors policy failed the task (errors.tolerance=none): the records are not committed.
                buffer.fail(new PluginException(
                        "the errant record reporter failed for " + batch.describe() + ": "
                                + e.getCause().getMessage(),
                        e.getCause()));
                return false;
            }
        }
    }

    private static String snippet(String body) {
        if (body == null || body.isBlank()) {
            return "";
        }
        String trimmed = body.strip();
        return ": " + (trimmed.length() > BODY_SNIPPET ? trimmed.substring(0, BODY_SNIPPET) + "..." : trimmed);
    }

    /** One request's outcome; status 0 when no response arrived. */
    private record Attempt(int status, boolean retriable, Optional<Duration> retryAfter, String reason) {}
}
