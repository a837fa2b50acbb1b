package io.kanal.client.consumer.internals;

import com.codahale.metrics.Gauge;
import com.codahale.metrics.MetricRegistry;
import io.kanal.client.ConsumerGroupMetadata;
import io.kanal.client.OffsetAndMetadata;
import io.kanal.client.TopicPartition;
import io.kanal.client.cluster.internals.CoordinatorLookup;
import io.kanal.client.common.ExponentialBackoff;
import io.kanal.client.common.Time;
import io.kanal.client.config.ClientConfigs;
import io.kanal.client.consumer.Consumer;
import io.kanal.client.consumer.ConsumerConfig;
import io.kanal.client.consumer.ConsumerRecords;
import io.kanal.client.consumer.OffsetAndTimestamp;
import io.kanal.client.consumer.OffsetCommitCallback;
import io.kanal.client.consumer.RebalanceListener;
import io.kanal.client.consumer.SubscriptionPattern;
import io.kanal.client.consumer.internals.ConsumerSettings.ResetPolicy;
import io.kanal.client.errors.InvalidConfigException;
import io.kanal.client.errors.KafkaException;
import io.kanal.client.resource.ClientResources;
import io.kanal.client.resource.internals.ClientCore;
import io.kanal.client.serialization.Deserializer;
import io.kanal.config.ParsedConfig;
import java.time.Duration;
import java.util.Collection;
import java.util.ConcurrentModificationException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link Consumer} implementation: the application-thread half. It drains prefetched records, runs callbacks,
 * and blocks on the futures of the background {@link ConsumerDriver}; see {@link Consumer} for the contract.
 *
 * @param <K> key type
 * @param <V> value type
 */
public final class KanalConsumer<K, V> implements Consumer<K, V> {
    private static final Logger LOG = LoggerFactory.getLogger(KanalConsumer.class);

    private final ClientCore core;
    private final String clientId;
    private final ConsumerSettings settings;
    private final Time time;
    private final SubscriptionState subscriptions;
    private final FetchBuffer buffer;
    private final AppEvents app;
    private final ChangeSignal changes;
    private final ConsumerDriver driver;
    private final RecordDrainer<K, V> drainer;
    private final OffsetCommitter committer;
    private final OffsetLookup lookup;
    private final GroupMember group;
    private final RebalanceRunner rebalances;
    private final WakeupTrigger wakeups;
    private final AtomicReference<Thread> owner = new AtomicReference<>();
    private final AtomicInteger ownerDepth = new AtomicInteger();
    private long nextAutoCommitMs;
    private volatile boolean closed;

    /**
     * Creates the consumer and starts its threads.
     *
     * @param config the settings
     * @param keys the key deserializer
     * @param values the value deserializer
     */
    public KanalConsumer(Map<String, ?> config, Deserializer<K> keys, Deserializer<V> values) {
        this(config, keys, values, Time.SYSTEM);
    }

    /**
     * Creates the consumer with a clock.
     *
     * @param config the settings
     * @param keys the key deserializer
     * @param values the value deserializer
     * @param time the clock
     */
    public KanalConsumer(Map<String, ?> config, Deserializer<K> keys, Deserializer<V> values, Time time) {
        this(config, keys, values, null, time);
    }

    /**
     * Creates the consumer on shared resources, or on private ones when {@code resources} is null.
     *
     * @param config the settings
     * @param keys the key deserializer
     * @param values the value deserializer
     * @param resources the shared resources, or null
     * @param time the clock
     */
    public KanalConsumer(
            Map<String, ?> config, Deserializer<K> keys, Deserializer<V> values, ClientResources resources, Time time) {
        Objects.requireNonNull(keys, "key deserializer");
        Objects.requireNonNull(values, "value deserializer");
        ParsedConfig parsed = ClientConfigs.parse(ConsumerConfig.SPEC, config, "consumer");
        this.settings = ConsumerSettings.from(parsed, config);
        this.time = time;
        this.core = ClientCore.create(parsed, "consumer", 5, time, resources);
        this.clientId = core.clientId();
        this.subscriptions =
                new SubscriptionState(settings.resetPolicy(), settings.groupId().isPresent());
        AtomicReference<ConsumerDriver> driverRef = new AtomicReference<>();
        this.buffer = new FetchBuffer(() -> {
            ConsumerDriver d = driverRef.get();
            if (d != null) {
                d.wakeup();
            }
        });
        this.changes = new ChangeSignal(time);
        this.app = new AppEvents(buffer, changes);
        this.driver = new ConsumerDriver(
                clientId, settings, subscriptions, buffer, core.metadata(), core.network(), app, time, core::newLoop);
        driverRef.set(driver);
        this.wakeups = new WakeupTrigger(() -> {
            buffer.signal();
            changes.signal();
        });
        ExponentialBackoff backoff = new ExponentialBackoff(settings.retryBackoffMs(), settings.retryBackoffMaxMs());
        this.lookup = new OffsetLookup(
                core.metadata(), core.network(), core.scheduler(), time, backoff, settings.isolationLevel());
        AtomicReference<GroupMember> groupRef = new AtomicReference<>();
        if (settings.groupId().isPresent()) {
            String groupId = settings.groupId().get();
            CoordinatorFinder finder = new CoordinatorFinder(
                    groupId,
                    CoordinatorLookup.create(
                            core.network(),
                            core.metadata(),
                            core.scheduler(),
                            new ExponentialBackoff(settings.retryBackoffMs(), settings.retryBackoffMaxMs()),
                            time),
                    time,
                    settings.requestTimeoutMs());
            this.committer = new OffsetCommitter(
                    groupId,
                    settings.instanceId(),
                    finder,
                    core.network(),
                    core.scheduler(),
                    () -> groupRef.get() == null
                            ? MemberIdentity.NONE
                            : groupRef.get().identity(),
                    time,
                    backoff);
            MembershipStateMachine machine = new MembershipStateMachine(
                    groupId,
                    settings.instanceId().orElse(null),
                    settings.remoteAssignor().orElse(null),
                    settings.maxPollIntervalMs(),
                    backoff);
            this.rebalances = new RebalanceRunner(
                    clientId,
                    subscriptions,
                    buffer,
                    driver,
                    () -> machine,
                    this::commitBeforeRevocation,
                    settings.autoCommit());
            this.group = new GroupMember(driver, machine, finder, rebalances, backoff);
            groupRef.set(group);
            core.metadata().addListener(s -> driver.execute(() -> group.onMetadata(s)));
        } else {
            this.committer = null;
            this.rebalances = null;
            this.group = null;
        }
        Fetcher fetcher = new Fetcher(
                clientId,
                settings,
                subscriptions,
                buffer,
                core.metadata(),
                core.network(),
                driver,
                time,
                core.metrics());
        PositionResolver positions = new PositionResolver(
                clientId,
                settings,
                subscriptions,
                core.metadata(),
                core.network(),
                lookup,
                committer,
                driver,
                app::raise,
                changes::signal,
                time);
        this.drainer = new RecordDrainer<>(buffer, subscriptions, keys, values, core.metrics());
        core.metrics().register("consumer.records-lag-max", (Gauge<Long>)
                () -> subscriptions.maxLag(settings.readCommitted()));
        driver.start(fetcher, positions, group);
        this.nextAutoCommitMs = time.monotonicMs() + settings.autoCommitIntervalMs();
        LOG.info(
                "[{}] consumer started (group {})", clientId, settings.groupId().orElse("none"));
    }

    private void acquire() {
        Thread me = Thread.currentThread();
        if (owner.get() != me && !owner.compareAndSet(null, me)) {
            throw new ConcurrentModificationException(
                    "Consumer " + clientId + " is used by thread " + owner.get().getName() + "; it is not thread-safe");
        }
        ownerDepth.incrementAndGet();
        if (closed) {
            release();
            throw new IllegalStateException("Consumer " + clientId + " is closed");
        }
    }

    private void release() {
        if (ownerDepth.decrementAndGet() == 0) {
            owner.set(null);
        }
    }

    private String requireGroup(String what) {
        return settings.groupId().orElseThrow(() -> new InvalidConfigException(what + " needs group.id to be set"));
    }

    @Override
    public void subscribe(Collection<String> topics, RebalanceListener listener) {
        acquire();
        try {
            requireGroup("subscribe()");
            if (topics.isEmpty()) {
                unsubscribe();
                return;
            }
            subscriptions.subscribe(topics, listener == null ? RebalanceListener.NONE : listener);
            core.metadata().addTopics(topics);
            core.metadata().requestRefresh();
            Set<String> names = new HashSet<>(topics);
            driver.onApplicationPoll(time.monotonicMs());
            driver.execute(() -> group.machine().subscribe(names));
        } finally {
            release();
        }
    }

    @Override
    public void subscribe(Pattern pattern, RebalanceListener listener) {
        acquire();
        try {
            requireGroup("subscribe()");
            subscriptions.subscribe(pattern, listener == null ? RebalanceListener.NONE : listener);
            core.metadata().fetchAllTopics(true);
            driver.onApplicationPoll(time.monotonicMs());
            core.metadata().refresh();
        } finally {
            release();
        }
    }

    @Override
    public void subscribe(SubscriptionPattern pattern, RebalanceListener listener) {
        acquire();
        try {
            requireGroup("subscribe()");
            subscriptions.subscribeRegex(pattern.pattern(), listener == null ? RebalanceListener.NONE : listener);
            core.metadata().fetchAllTopics(true);
            core.metadata().requestRefresh();
            driver.onApplicationPoll(time.monotonicMs());
            driver.execute(() -> group.machine().subscribeRegex(pattern.pattern()));
        } finally {
            release();
        }
    }

    @Override
    public void unsubscribe() {
        acquire();
        try {
            if (group != null) {
                leaveGroup(settings.defaultApiTimeoutMs());
            }
            subscriptions.unsubscribe();
            buffer.purge(Map.of());
        } finally {
            release();
        }
    }

    private void leaveGroup(long timeoutMs) {
        long deadline = time.monotonicMs() + timeoutMs;
        boolean member = wakeups.await(driver.call(() -> group.machine().prepareLeaving()), timeoutMs, "leaving");
        if (!member) {
            return;
        }
        Set<TopicPartition> owned =
                wakeups.await(driver.call(() -> group.machine().ownedPartitions()), timeoutMs, "leaving");
        try {
            rebalances.revokeForLeave(owned);
        } finally {
            CompletableFuture<Void> done = driver.call(group::leave).thenCompose(f -> f);
            try {
                wakeups.await(done, Math.max(0, deadline - time.monotonicMs()), "leaving the group");
            } catch (io.kanal.client.errors.TimeoutException e) {
                LOG.warn("[{}] no answer to the leave heartbeat in time; the broker expires the member", clientId);
            }
        }
    }

    @Override
    public void assign(Collection<TopicPartition> partitions) {
        acquire();
        try {
            subscriptions.assign(partitions);
            core.metadata()
                    .addTopics(partitions.stream().map(TopicPartition::topic).toList());
            core.metadata().requestRefresh();
            buffer.purge(subscriptions.generations());
            driver.wakeup();
        } finally {
            release();
        }
    }

    @Override
    public Set<TopicPartition> assignment() {
        return subscriptions.assignment();
    }

    @Override
    public Set<String> subscription() {
        return subscriptions.type() == SubscriptionState.Type.MANUAL ? Set.of() : subscriptions.topics();
    }

    @Override
    public ConsumerRecords<K, V> poll(Duration timeout) {
        acquire();
        try {
            long deadlineNanos = System.nanoTime() + timeout.toNanos();
            driver.onApplicationPoll(time.monotonicMs());
            maybeAutoCommit();
            do {
                wakeups.throwIfPending();
                app.runCallbacks();
                app.throwIfError();
                ConsumerRecords<K, V> records = drainer.drain(settings.maxPollRecords());
                if (!records.isEmpty()) {
                    return records;
                }
                buffer.await(deadlineNanos);
            } while (System.nanoTime() < deadlineNanos);
            wakeups.throwIfPending();
            app.runCallbacks();
            app.throwIfError();
            return ConsumerRecords.empty();
        } finally {
            release();
        }
    }

    private void maybeAutoCommit() {
        long now = time.monotonicMs();
        if (settings.autoCommit() && now >= nextAutoCommitMs) {
            nextAutoCommitMs = now + settings.autoCommitIntervalMs();
            Map<TopicPartition, OffsetAndMetadata> offsets = subscriptions.allConsumed();
            committer
                    .commit(offsets, now + settings.defaultApiTimeoutMs(), true)
                    .whenComplete((v, e) -> {
                        if (e != null) {
                            LOG.warn("[{}] auto-commit of {} failed: {}", clientId, offsets, e.toString());
                        }
                    });
        }
    }

    private void commitBeforeRevocation(Map<TopicPartition, OffsetAndMetadata> offsets) {
        long timeout = settings.maxPollIntervalMs();
        wakeups.await(committer.commit(offsets, time.monotonicMs() + timeout, true), timeout, "commit");
    }

    @Override
    public void commitSync() {
        commitSync(subscriptions.allConsumed());
    }

    @Override
    public void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets) {
        commitSync(offsets, Duration.ofMillis(settings.defaultApiTimeoutMs()));
    }

    @Override
    public void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets, Duration timeout) {
        acquire();
        try {
            requireGroup("commitSync()");
            long ms = timeout.toMillis();
            // STALE_MEMBER_EPOCH is retried with the newer epoch the next heartbeat brings: the member still owns
            // the partitions until it acknowledges their revocation, so the commit stays valid.
            wakeups.await(committer.commit(Map.copyOf(offsets), time.monotonicMs() + ms, true), ms, "commitSync");
            app.runCallbacks();
        } finally {
            release();
        }
    }

    @Override
    public void commitAsync() {
        commitAsync(subscriptions.allConsumed(), null);
    }

    @Override
    public void commitAsync(Map<TopicPartition, OffsetAndMetadata> offsets, OffsetCommitCallback callback) {
        acquire();
        try {
            requireGroup("commitAsync()");
            Map<TopicPartition, OffsetAndMetadata> copy = Map.copyOf(offsets);
            committer
                    .commit(copy, time.monotonicMs() + settings.defaultApiTimeoutMs(), false)
                    .whenComplete((v, e) -> {
                        if (callback != null) {
                            Exception error = e == null
                                    ? null
                                    : (e instanceof Exception ex ? ex : new KafkaException("commit failed", e));
                            app.post(() -> callback.onComplete(copy, error));
                        } else if (e != null) {
                            LOG.warn("[{}] async commit failed: {}", clientId, e.toString());
                        }
                    });
        } finally {
            release();
        }
    }

    @Override
    public Map<TopicPartition, OffsetAndMetadata> committed(Set<TopicPartition> partitions) {
        return committed(partitions, Duration.ofMillis(settings.defaultApiTimeoutMs()));
    }

    @Override
    public Map<TopicPartition, OffsetAndMetadata> committed(Set<TopicPartition> partitions, Duration timeout) {
        acquire();
        try {
            requireGroup("committed()");
            long ms = timeout.toMillis();
            return wakeups.await(committer.fetch(Set.copyOf(partitions), time.monotonicMs() + ms), ms, "committed");
        } finally {
            release();
        }
    }

    @Override
    public long position(TopicPartition partition) {
        return position(partition, Duration.ofMillis(settings.defaultApiTimeoutMs()));
    }

    @Override
    public long position(TopicPartition partition, Duration timeout) {
        acquire();
        try {
            long timeoutMs = timeout.toMillis();
            long deadlineMs = timeoutMs >= Long.MAX_VALUE / 2 ? Long.MAX_VALUE : time.monotonicMs() + timeoutMs;
            while (true) {
                // Read the version first: a position resolved after the check below still ends the wait.
                long seen = changes.version();
                long p = subscriptions.position(partition);
                if (p >= 0) {
                    return p;
                }
                wakeups.throwIfPending();
                app.throwIfError();
                if (time.monotonicMs() >= deadlineMs) {
                    throw new io.kanal.client.errors.TimeoutException(
                            "Position of " + partition + " not resolved within " + timeout.toMillis() + " ms");
                }
                driver.wakeup();
                changes.awaitChange(seen, deadlineMs);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new io.kanal.client.errors.KafkaException(
                    "Interrupted while waiting for the position of " + partition, e);
        } finally {
            release();
        }
    }

    @Override
    public void seek(TopicPartition partition, long offset) {
        seek(partition, new OffsetAndMetadata(offset, Optional.empty(), ""));
    }

    @Override
    public void seek(TopicPartition partition, OffsetAndMetadata offset) {
        acquire();
        try {
            subscriptions.seek(partition, offset.offset(), offset.leaderEpoch().orElse(-1));
            buffer.purge(subscriptions.generations());
            driver.wakeup();
        } finally {
            release();
        }
    }

    @Override
    public void seekToBeginning(Collection<TopicPartition> partitions) {
        reset(partitions, ResetPolicy.EARLIEST);
    }

    @Override
    public void seekToEnd(Collection<TopicPartition> partitions) {
        reset(partitions, ResetPolicy.LATEST);
    }

    private void reset(Collection<TopicPartition> partitions, ResetPolicy policy) {
        acquire();
        try {
            subscriptions.requestReset(partitions.isEmpty() ? subscriptions.assignment() : partitions, policy);
            buffer.purge(subscriptions.generations());
            driver.wakeup();
        } finally {
            release();
        }
    }

    @Override
    public Map<TopicPartition, OffsetAndTimestamp> offsetsForTimes(Map<TopicPartition, Long> timestamps) {
        return offsetsForTimes(timestamps, Duration.ofMillis(settings.defaultApiTimeoutMs()));
    }

    @Override
    public Map<TopicPartition, OffsetAndTimestamp> offsetsForTimes(
            Map<TopicPartition, Long> timestamps, Duration timeout) {
        for (Map.Entry<TopicPartition, Long> e : timestamps.entrySet()) {
            if (e.getValue() < 0) {
                throw new IllegalArgumentException("timestamp of " + e.getKey() + " is negative: " + e.getValue());
            }
        }
        Map<TopicPartition, OffsetLookup.Result> result = list(timestamps, timeout);
        Map<TopicPartition, OffsetAndTimestamp> out = new HashMap<>();
        for (TopicPartition tp : timestamps.keySet()) {
            OffsetLookup.Result r = result.get(tp);
            out.put(
                    tp,
                    r == null || r.offset() < 0
                            ? null
                            : new OffsetAndTimestamp(
                                    r.offset(),
                                    r.timestamp(),
                                    r.leaderEpoch() < 0 ? Optional.empty() : Optional.of(r.leaderEpoch())));
        }
        return out;
    }

    private Map<TopicPartition, OffsetLookup.Result> list(Map<TopicPartition, Long> timestamps, Duration timeout) {
        acquire();
        try {
            long ms = timeout.toMillis();
            return wakeups.await(lookup.list(timestamps, time.monotonicMs() + ms), ms, "listing offsets");
        } finally {
            release();
        }
    }

    private Map<TopicPartition, Long> offsets(Collection<TopicPartition> partitions, long ts, Duration timeout) {
        Map<TopicPartition, Long> asked = new HashMap<>();
        partitions.forEach(tp -> asked.put(tp, ts));
        Map<TopicPartition, Long> out = new HashMap<>();
        list(asked, timeout).forEach((tp, r) -> out.put(tp, r.offset()));
        return out;
    }

    @Override
    public Map<TopicPartition, Long> beginningOffsets(Collection<TopicPartition> partitions, Duration timeout) {
        return offsets(partitions, OffsetLookup.EARLIEST, timeout);
    }

    @Override
    public Map<TopicPartition, Long> endOffsets(Collection<TopicPartition> partitions, Duration timeout) {
        return offsets(partitions, OffsetLookup.LATEST, timeout);
    }

    @Override
    public void pause(Collection<TopicPartition> partitions) {
        setPaused(partitions, true);
    }

    @Override
    public void resume(Collection<TopicPartition> partitions) {
        setPaused(partitions, false);
    }

    private void setPaused(Collection<TopicPartition> partitions, boolean paused) {
        acquire();
        try {
            subscriptions.setPaused(partitions, paused);
            buffer.purge(subscriptions.generations());
            driver.wakeup();
        } finally {
            release();
        }
    }

    @Override
    public Set<TopicPartition> paused() {
        return subscriptions.paused();
    }

    @Override
    public MetricRegistry metrics() {
        return core.metrics();
    }

    @Override
    public ConsumerGroupMetadata groupMetadata() {
        String groupId = requireGroup("groupMetadata()");
        MemberIdentity id = group.identity();
        return new ConsumerGroupMetadata(groupId, id.memberEpoch(), id.memberId(), settings.instanceId());
    }

    @Override
    public void wakeup() {
        wakeups.wakeup();
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(30));
    }

    @Override
    public void close(Duration timeout) {
        if (closed) {
            return;
        }
        acquire();
        long deadline = time.monotonicMs() + timeout.toMillis();
        try {
            if (group != null) {
                try {
                    leaveGroup(timeout.toMillis());
                } catch (KafkaException e) {
                    LOG.warn("[{}] error while leaving the group on close: {}", clientId, e.toString());
                }
            }
            if (settings.autoCommit() && subscriptions.type() == SubscriptionState.Type.MANUAL) {
                try {
                    long left = Math.max(0, deadline - time.monotonicMs());
                    wakeups.await(
                            committer.commit(subscriptions.allConsumed(), deadline, false), left, "commit on close");
                } catch (KafkaException e) {
                    LOG.warn("[{}] auto-commit on close failed: {}", clientId, e.toString());
                }
            }
            try {
                app.runCallbacks();
            } catch (RuntimeException e) {
                LOG.warn("[{}] callback failed during close: {}", clientId, e.toString());
            }
        } finally {
            closed = true;
            driver.close(Duration.ofMillis(Math.max(0, deadline - time.monotonicMs())));
            core.close(Duration.ofMillis(Math.max(0, deadline - time.monotonicMs())));
            release();
            LOG.info("[{}] consumer closed", clientId);
        }
    }

    /**
     * The client id, for logs and tests.
     *
     * @return the id
     */
    public String clientId() {
        return clientId;
    }

    List<Object> internalsForTests() {
        return List.of(subscriptions, buffer);
    }
}
