package io.kanal.client.producer;

import io.kanal.client.cluster.MetadataSnapshot;
import io.kanal.client.cluster.Node;
import io.kanal.client.cluster.internals.ClusterMetadata;
import io.kanal.client.common.Time;
import io.kanal.client.errors.BrokerErrors;
import io.kanal.client.errors.Errors;
import io.kanal.client.errors.KafkaException;
import io.kanal.client.network.ApiRequest;
import io.kanal.client.network.ApiResponse;
import io.kanal.client.network.Lane;
import io.kanal.client.network.RequestSender;
import io.kanal.client.protocol.message.InitProducerIdRequest;
import io.kanal.client.protocol.message.InitProducerIdResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gets an idempotent (not transactional) producer its id and epoch: an InitProducerId without a transactional id to a
 * random broker, retried after back-off; a refusal that is not retriable makes the producer unusable. The outcome lands
 * in {@link ProducerIdentity}.
 *
 * <p>Sender loop only: the {@link Sender} calls {@link #request} from its step, and the response is handed back to the
 * loop (the I/O thread only queues it) before it is read.
 */
final class IdempotentProducerId {
    // The sender's logger: these lines are the sender's, as they were before this class was split out of it.
    private static final Logger LOG = LoggerFactory.getLogger(Sender.class);

    private final String clientId;
    private final ProducerSettings settings;
    private final ProducerIdentity identity;
    private final RequestSender network;
    private final ClusterMetadata metadata;
    private final Time time;
    private final Executor loop;
    private final LongConsumer requestRefresh;

    /**
     * Creates the requester.
     *
     * @param loop runs the response handling on the sender loop
     * @param requestRefresh asks for a metadata refresh (rate-limited by the sender), given the monotonic time
     */
    IdempotentProducerId(
            String clientId,
            ProducerSettings settings,
            ProducerIdentity identity,
            RequestSender network,
            ClusterMetadata metadata,
            Time time,
            Executor loop,
            LongConsumer requestRefresh) {
        this.clientId = clientId;
        this.settings = settings;
        this.identity = identity;
        this.network = network;
        this.metadata = metadata;
        this.time = time;
        this.loop = loop;
        this.requestRefresh = requestRefresh;
    }

    /** Sends InitProducerId to a random broker, or backs off if no broker is known yet. */
    void request(long now) {
        MetadataSnapshot snapshot = metadata.current();
        if (snapshot.nodes().isEmpty()) {
            requestRefresh.accept(now);
            identity.failed(now, settings.retryBackoffMs(), settings.retryBackoffMaxMs());
            return;
        }
        List<Node> nodes = new ArrayList<>(snapshot.nodes());
        Node node = nodes.get(java.util.concurrent.ThreadLocalRandom.current().nextInt(nodes.size()));
        InitProducerIdRequest body = InitProducerIdRequest.builder()
                .transactionalId(null)
                .transactionTimeoutMs(Integer.MAX_VALUE)
                .build();
        identity.requestSent();
        network.send(node.endpoint(), Lane.GENERAL, ApiRequest.of(body))
                .whenComplete((response, error) -> loop.execute(() -> onResponse(response, error)));
    }

    private void onResponse(ApiResponse response, Throwable error) {
        long now = time.monotonicMs();
        if (error != null) {
            LOG.debug("[Producer clientId={}] InitProducerId failed: {}", clientId, error.toString());
            identity.failed(now, settings.retryBackoffMs(), settings.retryBackoffMaxMs());
            return;
        }
        InitProducerIdResponse r = (InitProducerIdResponse) response.body();
        Errors e = Errors.forCode(r.errorCode());
        if (e == Errors.NONE) {
            identity.assigned(r.producerId(), r.producerEpoch());
            LOG.info("[Producer clientId={}] producer id {} epoch {}", clientId, r.producerId(), r.producerEpoch());
        } else if (e.retriable()) {
            identity.failed(now, settings.retryBackoffMs(), settings.retryBackoffMaxMs());
        } else {
            KafkaException ex = BrokerErrors.exception(e, null);
            LOG.error("[Producer clientId={}] cannot get a producer id: {}", clientId, ex.getMessage());
            identity.fatal(ex);
        }
    }
}
