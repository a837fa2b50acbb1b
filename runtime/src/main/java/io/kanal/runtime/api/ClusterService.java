package io.kanal.runtime.api;

import io.kanal.runtime.herder.HerderEvent;
import io.kanal.runtime.herder.HerderReply;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker in its cluster: where requests run ({@link ClusterRouting}), how long a forwarded request may take, and
 * the internal endpoints workers call on each other ({@code POST /connectors/{c}/tasks}, {@code PUT
 * /connectors/{c}/fence}) once their signature is checked ({@link InternalRequestSigning}).
 *
 * <p><b>Threading.</b> Stateless apart from its final fields; safe from any number of request threads at once. A call
 * blocks its caller at most for the request timeout.
 */
public final class ClusterService {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterService.class);

    /** Connect's answer to an internal request that reached a worker that is not (or no longer) its target. */
    static final String NOT_AT_LEADER =
            "Cannot complete request because of a conflicting operation (e.g. worker rebalance)";

    private final WorkerApi worker;
    private final Duration timeout;
    private final ConnectorService connectors;
    private final LongAdder taskConfigsWritten = new LongAdder();

    /**
     * Creates the service.
     *
     * @param worker the worker
     * @param timeout how long a call waits for the herder, and a forwarded request for the worker it went to
     * @param connectors the connector operations, for a connector's type
     */
    public ClusterService(WorkerApi worker, Duration timeout, ConnectorService connectors) {
        this.worker = Objects.requireNonNull(worker, "worker");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.connectors = Objects.requireNonNull(connectors, "connectors");
    }

    /**
     * The worker's place in the cluster now.
     *
     * @return the routing
     */
    public ClusterRouting routing() {
        return worker.routing();
    }

    /**
     * How long a request may wait for the herder or for the worker it was forwarded to (Connect's {@code
     * rest.request.timeout}, 90 s by default).
     *
     * @return the timeout
     */
    public Duration requestTimeout() {
        return timeout;
    }

    /**
     * Checks an internal request's KIP-507 signature.
     *
     * @param body the body as received
     * @param algorithm the signature algorithm header, or null
     * @param signature the signature header, or null
     * @throws ApiException 400, 403 or 503 as Connect refuses the request
     */
    public void checkSignature(byte[] body, String algorithm, String signature) {
        InternalRequestSigning.check(worker.routing(), body, algorithm, signature);
    }

    /**
     * Stores a connector's task configs that a worker running the connector generated and sent to the leader
     * (Connect's internal {@code POST /connectors/{c}/tasks}); returns once the write is durable.
     *
     * @param connector the connector's name
     * @param configs one config per task, in task order
     * @throws ApiException 404 for an unknown connector, 500 on a timeout or a failed write, and on a standalone
     *     worker (Connect's standalone answer)
     */
    public void putTaskConfigs(String connector, List<Map<String, String>> configs) {
        Objects.requireNonNull(connector, "connector");
        if (!worker.routing().clustered()) {
            throw new ApiException(
                    ApiException.INTERNAL,
                    "Kafka Connect in standalone mode does not support externally setting task configurations.");
        }
        if (configs == null) {
            throw new ApiException(ApiException.BAD_REQUEST, "Request body must be a JSON list of task configs");
        }
        for (Map<String, String> config : configs) {
            if (config == null) {
                throw new ApiException(ApiException.BAD_REQUEST, "A task config must be a JSON object");
            }
        }
        HerderReply reply =
                HerderCall.call(worker, timeout, id -> new HerderEvent.PutTaskConfigs(id, connector, configs));
        if (!(reply instanceof HerderReply.Done)) {
            throw new ApiException(
                    ApiException.INTERNAL,
                    "The herder answered with an unexpected reply: "
                            + reply.getClass().getSimpleName());
        }
        taskConfigsWritten.increment();
    }

    /**
     * How many task-config writes other workers sent here through the internal endpoint were written (on the leader),
     * for tests and metrics.
     *
     * @return the count
     */
    public long taskConfigsWrittenForOthers() {
        return taskConfigsWritten.sum();
    }

    /**
     * Fences out zombie tasks of a source connector before its new tasks start (Connect's internal {@code PUT
     * /connectors/{c}/fence}, KIP-618), on the leader (REST forwards it there): when the connector's task configs
     * changed since the last round, the leader fences the transactional ids of the previous generation and writes
     * {@code task-count-record-<c>}; otherwise there is nothing to do.
     *
     * <p>The request's signature was checked before it got here (REST's forwarding filter, KIP-507). Then, as Connect's
     * herder does, whether this worker leads comes first: a worker that does not (any more: the forwarding filter
     * decided on an older view) fences nothing and answers 409 with Connect's answer to a request that did not reach
     * its target, which the follower retries on the leader it learns next. The round itself checks again before every
     * {@code fenceProducers} call.
     *
     * <p>The round runs on the worker's fencing threads, concurrently with other connectors' rounds; this request
     * thread waits for it at most the request timeout.
     *
     * @param connector the connector's name
     * @throws ApiException 404 for an unknown connector, 400 for a connector that is not a source connector, 500 on a
     *     standalone worker (Connect's standalone answer) and when the round failed; 503 when it did not end within the
     *     request timeout or the worker is stopping, 409 when this worker is not the leader or no longer leads the
     *     config topic (the follower retries both)
     */
    public void fenceZombies(String connector) {
        ClusterRouting routing = worker.routing();
        if (!routing.clustered()) {
            throw new ApiException(
                    ApiException.INTERNAL,
                    "Kafka Connect in standalone mode does not support exactly-once source connectors.");
        }
        if (!routing.isLeader()) {
            // Connect's herder answers NotLeaderException; past the forwarding hop, its REST layer answers this 409
            throw new ApiException(ApiException.CONFLICT, NOT_AT_LEADER);
        }
        String type = connectors.info(connector).type();
        if (!"source".equals(type)) {
            throw new ApiException(ApiException.BAD_REQUEST, "Connector " + connector + " is not a source connector");
        }
        Instant submitted = Instant.now();
        try {
            worker.fenceZombies(connector).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            // The round goes on and will likely succeed: the follower asks again (it retries 503, not 500).
            throw new ApiException(
                    ApiException.UNAVAILABLE,
                    "Request timed out. The worker is currently fencing out the zombie tasks of connector '" + connector
                            + "', which began at " + submitted + "; retry the request");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(ApiException.UNAVAILABLE, "The request was interrupted: the worker is stopping");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof ApiException api) {
                throw new ApiException(api.errorCode(), api.getMessage());
            }
            String id = UUID.randomUUID().toString();
            LOG.error("The zombie fencing round of connector '{}' failed (id {})", connector, id, e.getCause());
            throw new ApiException(
                    ApiException.INTERNAL, "The zombie fencing round failed (id " + id + "); see the worker log");
        }
    }
}
