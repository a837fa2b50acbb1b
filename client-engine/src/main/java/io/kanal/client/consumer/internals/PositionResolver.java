package io.kanal.client.consumer.internals;

import io.kanal.client.OffsetAndMetadata;
import io.kanal.client.TopicPartition;
import io.kanal.client.cluster.MetadataSnapshot;
import io.kanal.client.cluster.Node;
import io.kanal.client.cluster.internals.ClusterMetadata;
import io.kanal.client.common.ExponentialBackoff;
import io.kanal.client.common.Time;
import io.kanal.client.consumer.internals.ConsumerSettings.ResetPolicy;
import io.kanal.client.errors.Errors;
import io.kanal.client.errors.LogTruncationException;
import io.kanal.client.errors.NoOffsetForPartitionException;
import io.kanal.client.network.ApiRequest;
import io.kanal.client.network.Lane;
import io.kanal.client.network.NetworkClient;
import io.kanal.client.protocol.ApiKey;
import io.kanal.client.protocol.message.OffsetForLeaderEpochRequest;
import io.kanal.client.protocol.message.OffsetForLeaderEpochResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives partitions a valid position before they are fetched: the committed offset (OffsetFetch), else the reset
 * policy (ListOffsets), and after a leader change checks the position against the new leader's log
 * (OffsetForLeaderEpoch, KIP-320): if the log was truncated below the position, the position moves back to where the
 * logs diverge, or fails with {@link LogTruncationException} under {@code auto.offset.reset=none}.
 *
 * <p>Owned by the background thread: {@link #poll(long)} and every response handler run there.
 */
final class PositionResolver {
    private static final Logger LOG = LoggerFactory.getLogger(PositionResolver.class);

    private final String clientId;
    private final ConsumerSettings settings;
    private final SubscriptionState subscriptions;
    private final ClusterMetadata metadata;
    private final NetworkClient network;
    private final OffsetLookup lookup;
    private final OffsetCommitter committer;
    private final Executor background;
    private final Consumer<RuntimeException> errors;
    private final Runnable positionsChanged;
    private final Time time;
    private final ExponentialBackoff backoff;
    private long retryAtMs;
    private int failures;

    PositionResolver(
            String clientId,
            ConsumerSettings settings,
            SubscriptionState subscriptions,
            ClusterMetadata metadata,
            NetworkClient network,
            OffsetLookup lookup,
            OffsetCommitter committer,
            Executor background,
            Consumer<RuntimeException> errors,
            Runnable positionsChanged,
            Time time) {
        this.clientId = clientId;
        this.settings = settings;
        this.subscriptions = subscriptions;
        this.metadata = metadata;
        this.network = network;
        this.lookup = lookup;
        this.committer = committer;
        this.background = background;
        this.errors = errors;
        this.positionsChanged = positionsChanged;
        this.time = time;
        this.backoff = new ExponentialBackoff(settings.retryBackoffMs(), settings.retryBackoffMaxMs());
    }

    /**
     * Starts the lookups that are needed.
     *
     * @param nowMs monotonic time
     * @return when to be called again at the latest
     */
    long poll(long nowMs) {
        if (nowMs < retryAtMs) {
            return retryAtMs;
        }
        Map<TopicPartition, Integer> committed = new HashMap<>();
        Map<ResetPolicy, Map<TopicPartition, Integer>> resets = new LinkedHashMap<>();
        Map<TopicPartition, FetchCursor> validate = new LinkedHashMap<>();
        Set<TopicPartition> noReset = new HashSet<>();
        synchronized (subscriptions) {
            for (FetchCursor c : subscriptions.cursorsLocked()) {
                if (c.requestInFlight || c.blocked || c.pendingRevocation || !c.fetchable) {
                    continue;
                }
                if (c.awaitingCommitted) {
                    committed.put(c.partition, c.generation);
                } else if (c.pendingReset == ResetPolicy.NONE) {
                    noReset.add(c.partition);
                    c.blocked = true;
                    continue;
                } else if (c.pendingReset != null) {
                    resets.computeIfAbsent(c.pendingReset, p -> new HashMap<>()).put(c.partition, c.generation);
                } else if (c.awaitingValidation) {
                    validate.put(c.partition, c);
                } else {
                    continue;
                }
                c.requestInFlight = true;
            }
        }
        if (!noReset.isEmpty()) {
            errors.accept(new NoOffsetForPartitionException(noReset, "no committed offset or out of range"));
        }
        long deadline = nowMs + settings.defaultApiTimeoutMs();
        if (!committed.isEmpty()) {
            committer
                    .fetch(committed.keySet(), deadline)
                    .whenCompleteAsync((offsets, error) -> onCommitted(committed, offsets, error), background);
        }
        resets.forEach((policy, parts) -> {
            Map<TopicPartition, Long> ts = new HashMap<>();
            parts.keySet()
                    .forEach(tp ->
                            ts.put(tp, policy == ResetPolicy.EARLIEST ? OffsetLookup.EARLIEST : OffsetLookup.LATEST));
            lookup.list(ts, deadline)
                    .whenCompleteAsync((result, error) -> onReset(policy, parts, result, error), background);
        });
        if (!validate.isEmpty()) {
            sendValidations(validate);
        }
        return nowMs + 1_000;
    }

    private void failed(Set<TopicPartition> partitions, Throwable error) {
        LOG.debug("[{}] position lookup for {} failed: {}", clientId, partitions, error.toString());
        release(partitions);
        failures++;
        retryAtMs = time.monotonicMs() + backoff.delayMs(failures);
    }

    private void release(Set<TopicPartition> partitions) {
        synchronized (subscriptions) {
            for (TopicPartition tp : partitions) {
                FetchCursor c = subscriptions.cursorLocked(tp);
                if (c != null) {
                    c.requestInFlight = false;
                }
            }
        }
    }

    private void onCommitted(
            Map<TopicPartition, Integer> asked, Map<TopicPartition, OffsetAndMetadata> offsets, Throwable error) {
        if (error != null) {
            failed(asked.keySet(), error);
            return;
        }
        failures = 0;
        synchronized (subscriptions) {
            for (Map.Entry<TopicPartition, Integer> e : asked.entrySet()) {
                FetchCursor c = subscriptions.cursorLocked(e.getKey());
                if (c == null) {
                    continue;
                }
                c.requestInFlight = false;
                if (c.generation != e.getValue() || !c.awaitingCommitted) {
                    continue;
                }
                OffsetAndMetadata o = offsets.get(e.getKey());
                if (o == null) {
                    c.awaitingCommitted = false;
                    c.pendingReset = subscriptions.defaultReset();
                } else {
                    c.jumpTo(o.offset(), o.leaderEpoch().orElse(-1));
                    c.validatedLeaderEpoch = -1;
                    LOG.debug("[{}] {} starts at committed offset {}", clientId, e.getKey(), o.offset());
                }
            }
        }
        positionsChanged.run();
    }

    private void onReset(
            ResetPolicy policy,
            Map<TopicPartition, Integer> asked,
            Map<TopicPartition, OffsetLookup.Result> result,
            Throwable error) {
        if (error != null) {
            failed(asked.keySet(), error);
            return;
        }
        failures = 0;
        synchronized (subscriptions) {
            for (Map.Entry<TopicPartition, Integer> e : asked.entrySet()) {
                FetchCursor c = subscriptions.cursorLocked(e.getKey());
                if (c == null) {
                    continue;
                }
                c.requestInFlight = false;
                OffsetLookup.Result r = result.get(e.getKey());
                if (c.generation != e.getValue() || c.pendingReset != policy || r == null) {
                    continue;
                }
                c.jumpTo(r.offset(), -1);
                c.validatedLeaderEpoch = -1;
                LOG.debug("[{}] {} reset ({}) to offset {}", clientId, e.getKey(), policy, r.offset());
            }
        }
        positionsChanged.run();
    }

    private void sendValidations(Map<TopicPartition, FetchCursor> cursors) {
        MetadataSnapshot snapshot = metadata.current();
        Map<Node, Map<TopicPartition, int[]>> byLeader = new LinkedHashMap<>();
        synchronized (subscriptions) {
            for (Map.Entry<TopicPartition, FetchCursor> e : cursors.entrySet()) {
                Node leader = snapshot.leader(e.getKey()).orElse(null);
                int leaderEpoch =
                        snapshot.partition(e.getKey()).map(p -> p.leaderEpoch()).orElse(-1);
                FetchCursor c = e.getValue();
                if (leader == null) {
                    c.requestInFlight = false;
                    metadata.requestRefresh();
                    continue;
                }
                byLeader.computeIfAbsent(leader, n -> new LinkedHashMap<>())
                        .put(e.getKey(), new int[] {leaderEpoch, c.positionEpoch, c.generation});
            }
        }
        byLeader.forEach((leader, parts) -> {
            Map<String, List<OffsetForLeaderEpochRequest.OffsetForLeaderPartition>> byTopic = new LinkedHashMap<>();
            parts.forEach((tp, v) -> byTopic.computeIfAbsent(tp.topic(), t -> new ArrayList<>())
                    .add(OffsetForLeaderEpochRequest.OffsetForLeaderPartition.builder()
                            .partition(tp.partition())
                            .currentLeaderEpoch(v[0])
                            .leaderEpoch(v[1])
                            .build()));
            List<OffsetForLeaderEpochRequest.OffsetForLeaderTopic> topics = new ArrayList<>();
            byTopic.forEach((t, p) -> topics.add(OffsetForLeaderEpochRequest.OffsetForLeaderTopic.builder()
                    .topic(t)
                    .partitions(p)
                    .build()));
            OffsetForLeaderEpochRequest body = OffsetForLeaderEpochRequest.builder()
                    .replicaId(-2)
                    .topics(topics)
                    .build();
            network.send(leader.endpoint(), Lane.GENERAL, ApiRequest.of(ApiKey.OFFSET_FOR_LEADER_EPOCH, v -> body))
                    .whenCompleteAsync(
                            (response, error) -> {
                                if (error != null) {
                                    metadata.requestRefresh();
                                    failed(parts.keySet(), error);
                                } else {
                                    onValidated(parts, (OffsetForLeaderEpochResponse) response.body());
                                }
                            },
                            background);
        });
    }

    private void onValidated(Map<TopicPartition, int[]> asked, OffsetForLeaderEpochResponse response) {
        release(asked.keySet());
        for (OffsetForLeaderEpochResponse.OffsetForLeaderTopicResult t : response.topics()) {
            for (OffsetForLeaderEpochResponse.EpochEndOffset p : t.partitions()) {
                TopicPartition tp = new TopicPartition(t.topic(), p.partition());
                int[] v = asked.get(tp);
                if (v != null) {
                    onValidated(tp, v[0], v[2], p);
                }
            }
        }
    }

    private void onValidated(
            TopicPartition tp, int leaderEpoch, int generation, OffsetForLeaderEpochResponse.EpochEndOffset p) {
        Errors error = Errors.forCode(p.errorCode());
        RuntimeException truncation = null;
        synchronized (subscriptions) {
            FetchCursor c = subscriptions.cursorLocked(tp);
            if (c == null || c.generation != generation || !c.awaitingValidation) {
                return;
            }
            if (error != Errors.NONE) {
                LOG.debug("[{}] validating {} got {}", clientId, tp, error);
                metadata.requestRefresh();
                return;
            }
            c.awaitingValidation = false;
            c.validatedLeaderEpoch = leaderEpoch;
            if (p.endOffset() < 0) {
                c.pendingReset = subscriptions.defaultReset();
                c.generation++;
            } else if (p.endOffset() < c.position) {
                if (subscriptions.defaultReset() == ResetPolicy.NONE) {
                    truncation = new LogTruncationException(tp, c.position, p.endOffset());
                    c.blocked = true;
                } else {
                    LOG.warn(
                            "[{}] log of {} truncated below position {}: resuming at {}",
                            clientId,
                            tp,
                            c.position,
                            p.endOffset());
                    c.jumpTo(p.endOffset(), p.leaderEpoch());
                    c.validatedLeaderEpoch = leaderEpoch;
                }
            }
        }
        if (truncation != null) {
            errors.accept(truncation);
        }
    }
}
