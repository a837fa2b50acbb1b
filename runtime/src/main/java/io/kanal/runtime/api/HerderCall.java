package io.kanal.runtime.api;

import io.kanal.runtime.herder.HerderEvent;
import io.kanal.runtime.herder.HerderReply;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One request to the herder, waited for with a timeout, as the services of this package make it; the herder's
 * refusals become {@link ApiException}s with Connect's status codes. Stateless.
 */
final class HerderCall {

    private static final Logger LOG = LoggerFactory.getLogger(HerderCall.class);

    private HerderCall() {}

    /**
     * Sends a request and waits for the reply.
     *
     * @param worker the worker
     * @param timeout how long to wait
     * @param request the request
     * @return the reply, never {@link HerderReply.Failed}
     * @throws ApiException 500 on a timeout, the herder's status when it refused
     */
    static HerderReply call(WorkerApi worker, Duration timeout, LongFunction<? extends HerderEvent.Request> request) {
        Instant submitted = Instant.now();
        HerderReply answer;
        try {
            answer = worker.request(request).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw RequestTimeouts.timedOut("waiting for the herder thread to handle this request", submitted);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(ApiException.UNAVAILABLE, "The request was interrupted: the worker is stopping");
        } catch (ExecutionException e) {
            // The cause's text can come from a plugin or a client and carry internals or secrets: the client gets an id
            // to find the stack trace in the worker log by.
            String id = UUID.randomUUID().toString();
            LOG.error("The herder failed a request (id {})", id, e.getCause());
            throw new ApiException(
                    ApiException.INTERNAL, "The herder failed the request (id " + id + "); see the worker log");
        }
        if (answer instanceof HerderReply.Failed failed) {
            throw ConnectorService.fromHerder(failed.error());
        }
        return answer;
    }
}
