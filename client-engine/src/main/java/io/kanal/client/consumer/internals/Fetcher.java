package io.kanal.client.consumer.internals;

import com.codahale.metrics.Gauge;
import com.codahale.metrics.Meter;
import com.codahale.metrics.MetricRegistry;
import io.kanal.client.TopicPartition;
import io.kanal.client.cluster.MetadataSnapshot;
import io.kanal.client.cluster.Node;
import io.kanal.client.cluster.PartitionInfo;
import io.kanal.client.cluster.TopicMetadata;
import io.kanal.client.cluster.internals.ClusterMetadata;
import io.kanal.client.common.ExponentialBackoff;
import io.kanal.client.common.Time;
import io.kanal.client.errors.BrokerErrors;
import io.kanal.client.errors.Errors;
import io.kanal.client.network.ApiRequest;
import io.kanal.client.network.ApiResponse;
import io.kanal.client.network.Lane;
import io.kanal.client.network.NetworkClient;
import io.kanal.client.protocol.ApiKey;
import io.kanal.client.protocol.message.FetchRequest;
import io.kanal.client.protocol.message.FetchResponse;
import io.kanal.client.protocol.wire.Defaults;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends Fetch requests: at most one in flight per broker, each covering every fetchable partition led by that broker,
 * and the next one sent as soon as the previous response is buffered, so fetching overlaps the application's
 * processing. Fetching stops while the {@link FetchBuffer} holds {@code fetch.max.bytes} of decoded data, and per
 * partition while it holds more than four {@code max.partition.fetch.bytes} (decoded bytes weigh about twice the
 * wire bytes for small records, so that is about two responses ahead).
 *
 * <p>Sans-IO in spirit: {@link #poll(long)} decides and hands requests to the network client; responses come back via
 * the background executor. Owned by the consumer's background thread: every method runs there.
 */
final class Fetcher {
    private static final Logger LOG = LoggerFactory.getLogger(Fetcher.class);
    private static final short MIN_SESSION_VERSION = 7;

    /** One partition of a request in flight, with the generation and offset it was fetched at. */
    private record Sent(TopicPartition partition, int generation, long fetchOffset) {}

    private final String clientId;
    private final ConsumerSettings settings;
    private final SubscriptionState subscriptions;
    private final FetchBuffer buffer;
    private final ClusterMetadata metadata;
    private final NetworkClient network;
    private final Executor background;
    private final FetchDecoder decoder;
    private final Time time;
    private final ExponentialBackoff backoff;
    private final Set<Integer> inFlight = new HashSet<>();
    /** Brokers whose fetch connection was opened ahead of the first fetch; once each, it is reused afterwards. */
    private final Set<Integer> connectedAhead = new HashSet<>();

    private final Map<Integer, Integer> failures = new HashMap<>();
    private final Map<Integer, Long> nodeBackoffUntil = new HashMap<>();
    private final Map<Integer, FetchSession> sessions = new HashMap<>();
    private final Meter fetchRequests;
    private final Meter incrementalFetchRequests;
    // Sessions the brokers gave an id; kept here because the map above belongs to the background thread.
    private final AtomicInteger openSessions = new AtomicInteger();
    /** Set by {@link #closeSessions()}: responses that arrive later are dropped. */
    private boolean closed;

    Fetcher(
            String clientId,
            ConsumerSettings settings,
            SubscriptionState subscriptions,
            FetchBuffer buffer,
            ClusterMetadata metadata,
            NetworkClient network,
            Executor background,
            Time time,
            MetricRegistry metrics) {
        this.clientId = clientId;
        this.settings = settings;
        this.subscriptions = subscriptions;
        this.buffer = buffer;
        this.metadata = metadata;
        this.network = network;
        this.background = background;
        this.time = time;
        this.decoder = new FetchDecoder(settings.readCommitted(), settings.checkCrcs());
        this.backoff = new ExponentialBackoff(settings.retryBackoffMs(), settings.retryBackoffMaxMs());
        this.fetchRequests = metrics.meter("consumer.fetch-request");
        this.incrementalFetchRequests = metrics.meter("consumer.fetch-request-incremental");
        metrics.register("consumer.fetch-session-open", (Gauge<Integer>) openSessions::get);
        metrics.register("consumer.fetch-buffer-bytes", (Gauge<Long>) buffer::bytes);
    }

    /**
     * Sends the fetches that can go now.
     *
     * @param nowMs the monotonic time
     * @return when to be called again at the latest, monotonic ms
     */
    long poll(long nowMs) {
        long next = nowMs + 1_000;
        if (buffer.bytes() >= settings.fetchMaxBytes()) {
            return next; // the buffer calls back when the application frees space
        }
        Map<TopicPartition, Integer> buffered = buffer.bytesByPartition();
        MetadataSnapshot snapshot = metadata.current();
        Map<Node, Map<TopicPartition, FetchRequest.FetchPartition>> byNode = new LinkedHashMap<>();
        Map<Node, List<FetchCursor>> cursorsByNode = new HashMap<>();
        // What each request asked for, read under the lock: seek and pause change generations and offsets.
        Map<Node, List<Sent>> sent = new HashMap<>();
        Set<Integer> heldBack = new HashSet<>();
        Set<Integer> withUnread = new HashSet<>();
        boolean needMetadata = false;
        synchronized (subscriptions) {
            for (FetchCursor c : subscriptions.cursorsLocked()) {
                if (!c.isFetchable()) {
                    if (c.awaitingCommitted || c.pendingReset != null) {
                        connectAhead(c, snapshot, nowMs);
                    }
                    continue;
                }
                PartitionInfo info = snapshot.partition(c.partition).orElse(null);
                if (buffered.getOrDefault(c.partition, 0) > 4L * settings.maxPartitionFetchBytes()) {
                    if (info != null && info.leader() >= 0) {
                        heldBack.add(fetchNodeId(c, info, nowMs));
                    }
                    continue;
                }
                if (info == null || info.leader() < 0) {
                    needMetadata = true;
                    continue;
                }
                if (info.leaderEpoch() >= 0 && info.leaderEpoch() != c.validatedLeaderEpoch) {
                    if (c.positionEpoch >= 0 && c.validatedLeaderEpoch >= 0) {
                        // A new leader: prefetched data is dropped and the position checked for truncation.
                        c.rewindFetch();
                        c.awaitingValidation = true;
                        continue;
                    }
                    c.validatedLeaderEpoch = info.leaderEpoch();
                }
                Node node = snapshot.node(fetchNodeId(c, info, nowMs)).orElse(null);
                if (node == null) {
                    needMetadata = true;
                    continue;
                }
                Long until = nodeBackoffUntil.get(node.id());
                if (inFlight.contains(node.id()) || (until != null && nowMs < until)) {
                    if (until != null) {
                        next = Math.min(next, until);
                    }
                    continue;
                }
                byNode.computeIfAbsent(node, n -> new LinkedHashMap<>())
                        .put(
                                c.partition,
                                FetchRequest.FetchPartition.builder()
                                        .partition(c.partition.partition())
                                        .currentLeaderEpoch(info.leaderEpoch())
                                        .fetchOffset(c.fetchOffset)
                                        .logStartOffset(-1)
                                        .partitionMaxBytes(settings.maxPartitionFetchBytes())
                                        .build());
                cursorsByNode.computeIfAbsent(node, n -> new ArrayList<>()).add(c);
                if (!caughtUp(c)) {
                    withUnread.add(node.id());
                }
            }
            // A request holding only partitions that have nothing new would wait fetch.max.wait.ms at the broker,
            // and with it the partitions of that broker that wait for buffer space: the application frees that
            // space soon, and the buffer then calls back, so such a request waits here instead.
            byNode.keySet().removeIf(n -> heldBack.contains(n.id()) && !withUnread.contains(n.id()));
            for (Node node : byNode.keySet()) {
                List<Sent> parts = new ArrayList<>();
                for (FetchCursor c : cursorsByNode.get(node)) {
                    c.requestInFlight = true;
                    parts.add(new Sent(c.partition, c.generation, c.fetchOffset));
                }
                sent.put(node, parts);
            }
        }
        if (needMetadata) {
            metadata.requestRefresh();
        }
        for (Map.Entry<Node, Map<TopicPartition, FetchRequest.FetchPartition>> e : byNode.entrySet()) {
            send(e.getKey(), e.getValue(), sent.get(e.getKey()), snapshot);
        }
        return next;
    }

    /**
     * Opens the fetch connection to a partition's broker while its position is still being looked up, so that the
     * connection's handshakes overlap the OffsetFetch and ListOffsets round trips instead of delaying the first fetch.
     */
    private void connectAhead(FetchCursor c, MetadataSnapshot snapshot, long nowMs) {
        PartitionInfo info = snapshot.partition(c.partition).orElse(null);
        if (info == null || info.leader() < 0) {
            return;
        }
        int nodeId = fetchNodeId(c, info, nowMs);
        if (!connectedAhead.contains(nodeId)) {
            snapshot.node(nodeId).ifPresent(node -> {
                connectedAhead.add(nodeId);
                network.connect(node.endpoint(), Lane.FETCH);
            });
        }
    }

    /** The broker to fetch a partition from: a preferred read replica while it is valid (KIP-392), else the leader. */
    private static int fetchNodeId(FetchCursor c, PartitionInfo info, long nowMs) {
        return c.preferredReplica >= 0 && nowMs < c.preferredReplicaExpiresAtMs ? c.preferredReplica : info.leader();
    }

    /** Whether the last response showed nothing to read past the fetch offset. Guarded by the subscriptions. */
    private boolean caughtUp(FetchCursor c) {
        long end = settings.readCommitted() ? c.lastStableOffset : c.highWatermark;
        return end >= 0 && c.fetchOffset >= end;
    }

    private void send(
            Node node,
            Map<TopicPartition, FetchRequest.FetchPartition> partitions,
            List<Sent> sent,
            MetadataSnapshot snapshot) {
        boolean allIds = true;
        for (TopicPartition tp : partitions.keySet()) {
            allIds &= !Defaults.ZERO_UUID.equals(topicId(snapshot, tp.topic()));
        }
        FetchSession session = sessions.computeIfAbsent(node.id(), id -> new FetchSession());
        FetchSession.Request next = session.next(partitions, allIds);
        fetchRequests.mark();
        if (!next.full()) {
            incrementalFetchRequests.mark();
        }
        Map<String, List<FetchRequest.FetchPartition>> byTopic = new LinkedHashMap<>();
        for (Map.Entry<TopicPartition, FetchRequest.FetchPartition> p :
                next.toSend().entrySet()) {
            byTopic.computeIfAbsent(p.getKey().topic(), t -> new ArrayList<>()).add(p.getValue());
        }
        List<FetchRequest.FetchTopic> topics = new ArrayList<>();
        for (Map.Entry<String, List<FetchRequest.FetchPartition>> t : byTopic.entrySet()) {
            topics.add(new FetchRequest.FetchTopic(t.getKey(), topicId(snapshot, t.getKey()), t.getValue(), List.of()));
        }
        Map<String, List<Integer>> forgottenByTopic = new LinkedHashMap<>();
        for (TopicPartition tp : next.toForget()) {
            forgottenByTopic.computeIfAbsent(tp.topic(), t -> new ArrayList<>()).add(tp.partition());
        }
        List<FetchRequest.ForgottenTopic> forgotten = new ArrayList<>();
        for (Map.Entry<String, List<Integer>> t : forgottenByTopic.entrySet()) {
            forgotten.add(new FetchRequest.ForgottenTopic(
                    t.getKey(), topicId(snapshot, t.getKey()), t.getValue(), List.of()));
        }
        FetchRequest request = FetchRequest.builder()
                .replicaId(-1)
                .maxWaitMs(settings.fetchMaxWaitMs())
                .minBytes(settings.fetchMinBytes())
                .maxBytes(settings.fetchMaxBytes())
                .isolationLevel(settings.isolationLevel().id())
                .sessionId(next.sessionId())
                .sessionEpoch(next.epoch())
                .topics(topics)
                .forgottenTopicsData(forgotten)
                .rackId(settings.clientRack())
                .build();
        // Topic ids (v13+) only when every topic's id is known; otherwise names, capped at v12. Sessions need v7.
        short max = allIds ? ApiKey.FETCH.highestVersion() : (short) 12;
        ApiRequest api = new ApiRequest(ApiKey.FETCH, MIN_SESSION_VERSION, max, v -> request);
        inFlight.add(node.id());
        long timeoutMs = (long) settings.requestTimeoutMs() + settings.fetchMaxWaitMs();
        network.send(node.endpoint(), Lane.FETCH, api, java.time.Duration.ofMillis(timeoutMs))
                .whenCompleteAsync(
                        (response, error) -> onResponse(node, session, next, sent, response, error), background);
    }

    private void sessionChanged(FetchSession session, Runnable change) {
        boolean before = session.sessionId() != 0;
        change.run();
        boolean after = session.sessionId() != 0;
        if (before != after) {
            openSessions.addAndGet(after ? 1 : -1);
        }
    }

    /**
     * Closes every fetch session (a request with the final epoch), so that brokers free the slots at once instead of
     * evicting them later. For the consumer's close.
     *
     * @return completes when every broker answered or the requests failed
     */
    CompletableFuture<Void> closeSessions() {
        MetadataSnapshot snapshot = metadata.current();
        List<CompletableFuture<?>> closes = new ArrayList<>();
        for (Map.Entry<Integer, FetchSession> e : sessions.entrySet()) {
            int sessionId = e.getValue().sessionId();
            Node node = snapshot.node(e.getKey()).orElse(null);
            if (sessionId == 0 || node == null) {
                continue;
            }
            FetchRequest request = FetchRequest.builder()
                    .replicaId(-1)
                    .maxWaitMs(0)
                    .minBytes(0)
                    .maxBytes(settings.fetchMaxBytes())
                    .isolationLevel(settings.isolationLevel().id())
                    .sessionId(sessionId)
                    .sessionEpoch(FetchSession.FINAL_EPOCH)
                    .topics(List.of())
                    .forgottenTopicsData(List.of())
                    .rackId(settings.clientRack())
                    .build();
            ApiRequest api =
                    new ApiRequest(ApiKey.FETCH, MIN_SESSION_VERSION, ApiKey.FETCH.highestVersion(), v -> request);
            // Not on the FETCH connection, where it would wait behind a fetch long-polling for fetch.max.wait.ms:
            // a session is known by its id, not by the connection that opened it.
            closes.add(network.send(node.endpoint(), Lane.GENERAL, api));
        }
        sessions.clear();
        openSessions.set(0);
        closed = true;
        return CompletableFuture.allOf(closes.toArray(CompletableFuture[]::new));
    }

    private static UUID topicId(MetadataSnapshot snapshot, String topic) {
        return snapshot.topic(topic).map(TopicMetadata::id).orElse(Defaults.ZERO_UUID);
    }

    private void onResponse(
            Node node,
            FetchSession session,
            FetchSession.Request request,
            List<Sent> sent,
            ApiResponse response,
            Throwable error) {
        inFlight.remove(node.id());
        if (closed) {
            // A long poll that outlived closeSessions(): its session is closed and nobody takes its records.
            return;
        }
        Map<TopicPartition, Sent> byPartition = new HashMap<>();
        synchronized (subscriptions) {
            for (Sent s : sent) {
                byPartition.put(s.partition(), s);
                FetchCursor c = subscriptions.cursorLocked(s.partition());
                if (c != null) {
                    c.requestInFlight = false;
                }
            }
        }
        if (error != null) {
            sessionChanged(session, () -> session.onError(null));
            int n = failures.merge(node.id(), 1, Integer::sum);
            nodeBackoffUntil.put(node.id(), time.monotonicMs() + backoff.delayMs(n));
            LOG.debug("[{}] fetch from {} failed: {}", clientId, node, error.toString());
            metadata.requestRefresh();
            return;
        }
        failures.remove(node.id());
        nodeBackoffUntil.remove(node.id());
        FetchResponse body = (FetchResponse) response.body();
        Errors top = Errors.forCode(body.errorCode());
        if (top != Errors.NONE) {
            sessionChanged(session, () -> session.onError(top));
            if (top == Errors.FETCH_SESSION_ID_NOT_FOUND
                    || top == Errors.INVALID_FETCH_SESSION_EPOCH
                    || top == Errors.FETCH_SESSION_TOPIC_ID_ERROR) {
                // The broker evicted or lost the session: the next request, at once, is a full one.
                LOG.debug("[{}] fetch session {} with {}: {}", clientId, request.sessionId(), node, top);
            } else {
                LOG.warn("[{}] fetch from {} failed with {}", clientId, node, top);
                nodeBackoffUntil.put(node.id(), time.monotonicMs() + backoff.delayMs(1));
            }
            return;
        }
        sessionChanged(session, () -> session.onResponse(request, body.sessionId()));
        MetadataSnapshot snapshot = metadata.current();
        for (FetchResponse.FetchableTopicResponse t : body.responses()) {
            String name = t.topic();
            if (name == null || name.isEmpty()) {
                name = snapshot.topicName(t.topicId()).orElse(null);
            }
            if (name == null) {
                continue;
            }
            for (FetchResponse.PartitionData p : t.partitions()) {
                TopicPartition tp = new TopicPartition(name, p.partitionIndex());
                Sent s = byPartition.get(tp);
                if (s != null) {
                    onPartition(node, s, p);
                }
            }
        }
    }

    private void onPartition(Node node, Sent s, FetchResponse.PartitionData p) {
        Errors error = Errors.forCode(p.errorCode());
        TopicPartition tp = s.partition();
        switch (error) {
            case NONE -> onData(s, p);
            case OFFSET_OUT_OF_RANGE -> {
                LOG.info(
                        "[{}] fetch offset {} is out of range for {}; applying auto.offset.reset={}",
                        clientId,
                        s.fetchOffset(),
                        tp,
                        subscriptions.defaultReset());
                subscriptions.requestDefaultReset(tp, s.generation());
            }
            case NOT_LEADER_OR_FOLLOWER,
                    FENCED_LEADER_EPOCH,
                    UNKNOWN_LEADER_EPOCH,
                    UNKNOWN_TOPIC_OR_PARTITION,
                    UNKNOWN_TOPIC_ID,
                    INCONSISTENT_TOPIC_ID,
                    REPLICA_NOT_AVAILABLE,
                    KAFKA_STORAGE_ERROR,
                    LEADER_NOT_AVAILABLE,
                    OFFSET_NOT_AVAILABLE -> {
                LOG.debug("[{}] fetch of {} from {} got {}; refreshing metadata", clientId, tp, node, error);
                FetchResponse.LeaderIdAndEpoch leader = p.currentLeader();
                if (leader != null && leader.leaderId() >= 0 && leader.leaderEpoch() >= 0) {
                    metadata.applyLeaderHint(tp, leader.leaderId(), leader.leaderEpoch(), null);
                }
                synchronized (subscriptions) {
                    FetchCursor c = subscriptions.cursorLocked(tp);
                    if (c != null) {
                        c.preferredReplica = -1;
                    }
                }
                metadata.requestRefresh();
            }
            default -> {
                if (error.retriable()) {
                    LOG.debug("[{}] fetch of {} got retriable {}", clientId, tp, error);
                } else if (subscriptions.isCurrent(tp, s.generation())) {
                    buffer.add(CompletedFetch.failed(
                            tp, s.generation(), s.fetchOffset(), BrokerErrors.exception(error, null)));
                }
            }
        }
    }

    private void onData(Sent s, FetchResponse.PartitionData p) {
        TopicPartition tp = s.partition();
        if (!subscriptions.isCurrent(tp, s.generation())) {
            return;
        }
        CompletedFetch fetch = decoder.decode(tp, s.generation(), s.fetchOffset(), p);
        synchronized (subscriptions) {
            FetchCursor c = subscriptions.cursorLocked(tp);
            if (c == null || c.generation != s.generation() || c.fetchOffset != s.fetchOffset()) {
                return;
            }
            c.highWatermark = p.highWatermark();
            c.lastStableOffset = p.lastStableOffset();
            c.logStartOffset = p.logStartOffset();
            if (p.preferredReadReplica() >= 0 && p.preferredReadReplica() != c.preferredReplica) {
                c.preferredReplica = p.preferredReadReplica();
                c.preferredReplicaExpiresAtMs = time.monotonicMs() + 300_000;
            }
            if (!fetch.hasRecords() && fetch.error == null && fetch.nextOffset == s.fetchOffset()) {
                return; // nothing new
            }
            c.fetchOffset = fetch.nextOffset;
            if (fetch.nextOffsetEpoch >= 0) {
                c.fetchEpoch = fetch.nextOffsetEpoch;
            }
            if (fetch.error != null) {
                c.blocked = true; // no more fetching of this partition until the application moves the position
            }
        }
        buffer.add(fetch);
    }
}
