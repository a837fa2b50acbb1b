package io.kanal.client.cluster.internals;

import io.kanal.client.TopicPartition;
import io.kanal.client.cluster.MetadataSnapshot;
import io.kanal.client.cluster.Node;
import io.kanal.client.cluster.TopicMetadata;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client's view of a cluster's metadata: the topics it needs, the listeners it registered, and the shared
 * {@link MetadataSource} that refreshes the snapshot for every client of the cluster. Closing the view withdraws its
 * topics and listeners, so a long-running worker whose connectors come and go does not ask for every topic it ever
 * used.
 *
 * <p>Thread-safe. Listeners are called on the thread that applied the snapshot (the network I/O thread) and must be
 * quick.
 */
public final class ClusterMetadata implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterMetadata.class);

    private final MetadataSource source;
    private final Set<String> topics = ConcurrentHashMap.newKeySet();
    private final List<Consumer<MetadataSnapshot>> listeners = new CopyOnWriteArrayList<>();
    private volatile boolean allTopics;

    ClusterMetadata(MetadataSource source) {
        this.source = source;
    }

    /**
     * The current snapshot, shared by every view of the cluster.
     *
     * @return the snapshot; empty before the first refresh
     */
    public MetadataSnapshot current() {
        return source.current();
    }

    /**
     * Asks for every topic in future refreshes (admin use, pattern subscriptions) rather than only the topics of
     * interest.
     *
     * @param all whether to fetch every topic
     */
    public void fetchAllTopics(boolean all) {
        this.allTopics = all;
    }

    /**
     * Adds topics to those the refreshes cover.
     *
     * @param names the topics
     */
    public void addTopics(Collection<String> names) {
        topics.addAll(names);
    }

    /**
     * Registers a listener told of every new snapshot, on the thread that applied it.
     *
     * @param listener the listener
     */
    public void addListener(Consumer<MetadataSnapshot> listener) {
        listeners.add(listener);
    }

    /**
     * Applies a leader hint from a Produce or Fetch response (KIP-951) if it is newer than what is known.
     *
     * @param tp the partition
     * @param leader the leader's node id
     * @param epoch the leader epoch
     * @param leaderNode the leader's address, or null if the response did not carry it
     */
    public void applyLeaderHint(TopicPartition tp, int leader, int epoch, Node leaderNode) {
        source.applyLeaderHint(tp, leader, epoch, leaderNode);
    }

    /** Schedules a refresh soon, after the back-off if the last ones failed. For errors that mean stale metadata. */
    public void requestRefresh() {
        source.requestRefresh();
    }

    /**
     * Refreshes now. Concurrent calls share one request; a call made while one is in flight gets a second refresh so
     * that it sees topics added meanwhile.
     *
     * @return the new snapshot, or the failure of the attempt
     */
    public CompletableFuture<MetadataSnapshot> refresh() {
        return source.refresh();
    }

    /**
     * Waits until the metadata knows a topic's partitions, refreshing with back-off. The topic joins this view's.
     *
     * @param topic the topic
     * @param maxWait how long to wait
     * @return the topic's metadata
     * @throws io.kanal.client.errors.TimeoutException if the topic is still unknown after the wait
     */
    public TopicMetadata awaitTopic(String topic, Duration maxWait) {
        topics.add(topic);
        return source.awaitTopic(topic, maxWait);
    }

    Set<String> topics() {
        return topics;
    }

    boolean wantsAllTopics() {
        return allTopics;
    }

    void onSnapshot(MetadataSnapshot snapshot) {
        for (Consumer<MetadataSnapshot> l : listeners) {
            try {
                l.accept(snapshot);
            } catch (RuntimeException e) {
                // One client's listener must not keep the snapshot from the others of the cluster.
                LOG.error("A metadata listener threw; the other listeners still run", e);
            }
        }
    }

    /** Withdraws this view's topics and listeners from the source. Idempotent. */
    @Override
    public void close() {
        listeners.clear();
        source.removeView(this);
    }
}
