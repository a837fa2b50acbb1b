package io.kanal.client.consumer.internals;

import io.kanal.client.OffsetAndMetadata;
import io.kanal.client.TopicPartition;
import io.kanal.client.consumer.RebalanceListener;
import io.kanal.client.consumer.internals.ConsumerSettings.ResetPolicy;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * What the consumer reads: the subscription (topics, a client-side pattern, a broker-side regex, or a manual
 * assignment) and one {@link FetchCursor} per assigned partition.
 *
 * <p>Shared by the application thread (poll, seek, pause, positions) and the background thread (fetching, resets,
 * reconciliation). Every access goes through this object's monitor; internals holding it never call out to other
 * locks (lock order: this monitor is a leaf, except that callers may read the {@link FetchBuffer} before taking it).
 */
final class SubscriptionState {
    /** How partitions are chosen. */
    public enum Type {
        /** Nothing yet. */
        NONE,
        /** Named topics, with a group. */
        TOPICS,
        /** A pattern matched on the client, with a group. */
        PATTERN,
        /** A regex evaluated by the broker, with a group. */
        REGEX,
        /** Manual assignment, no group membership. */
        MANUAL
    }

    private final Map<TopicPartition, FetchCursor> cursors = new LinkedHashMap<>();
    private final ResetPolicy defaultReset;
    private final boolean hasGroup;
    private Type type = Type.NONE;
    private SortedSet<String> topics = new TreeSet<>();
    private Pattern pattern;
    private String regex;
    private RebalanceListener listener = RebalanceListener.NONE;

    /**
     * Creates an empty state.
     *
     * @param defaultReset auto.offset.reset
     * @param hasGroup whether group.id is set, so new partitions start from committed offsets
     */
    public SubscriptionState(ResetPolicy defaultReset, boolean hasGroup) {
        this.defaultReset = defaultReset;
        this.hasGroup = hasGroup;
    }

    /**
     * Subscribes to named topics; the assignment comes from the group.
     *
     * @param names the topics
     * @param listener the rebalance listener
     */
    public synchronized void subscribe(Collection<String> names, RebalanceListener listener) {
        requireNotManual();
        type = Type.TOPICS;
        topics = new TreeSet<>(names);
        pattern = null;
        regex = null;
        this.listener = listener;
    }

    /**
     * Subscribes with a client-side pattern.
     *
     * @param p the pattern
     * @param listener the rebalance listener
     */
    public synchronized void subscribe(Pattern p, RebalanceListener listener) {
        requireNotManual();
        type = Type.PATTERN;
        pattern = p;
        regex = null;
        this.listener = listener;
    }

    /**
     * Subscribes with a broker-side regex.
     *
     * @param re2 the pattern
     * @param listener the rebalance listener
     */
    public synchronized void subscribeRegex(String re2, RebalanceListener listener) {
        requireNotManual();
        type = Type.REGEX;
        regex = re2;
        pattern = null;
        topics = new TreeSet<>();
        this.listener = listener;
    }

    private void requireNotManual() {
        if (type == Type.MANUAL && !cursors.isEmpty()) {
            throw new IllegalStateException("subscribe() after assign(): call unsubscribe() first");
        }
    }

    /**
     * Replaces the manual assignment, keeping the cursors of partitions that stay.
     *
     * @param partitions the partitions
     */
    public synchronized void assign(Collection<TopicPartition> partitions) {
        if (type != Type.MANUAL && type != Type.NONE) {
            throw new IllegalStateException("assign() while subscribed: call unsubscribe() first");
        }
        type = partitions.isEmpty() ? Type.NONE : Type.MANUAL;
        cursors.keySet().retainAll(new LinkedHashSet<>(partitions));
        for (TopicPartition tp : partitions) {
            cursors.computeIfAbsent(tp, this::newCursor);
        }
    }

    private FetchCursor newCursor(TopicPartition tp) {
        FetchCursor c = new FetchCursor(tp);
        if (hasGroup) {
            c.awaitingCommitted = true;
        } else {
            c.pendingReset = defaultReset;
        }
        return c;
    }

    /** Drops the subscription and the assignment. */
    public synchronized void unsubscribe() {
        type = Type.NONE;
        topics = new TreeSet<>();
        pattern = null;
        regex = null;
        listener = RebalanceListener.NONE;
        cursors.clear();
    }

    /**
     * Updates the topics a pattern subscription matches.
     *
     * @param matched the matching topic names
     * @return true if they changed
     */
    public synchronized boolean setMatchedTopics(Collection<String> matched) {
        SortedSet<String> next = new TreeSet<>(matched);
        if (next.equals(topics)) {
            return false;
        }
        topics = next;
        return true;
    }

    /**
     * The subscription type.
     *
     * @return the type
     */
    public synchronized Type type() {
        return type;
    }

    /**
     * The subscribed (or matched) topic names.
     *
     * @return a copy
     */
    public synchronized SortedSet<String> topics() {
        return new TreeSet<>(topics);
    }

    /**
     * The client-side pattern.
     *
     * @return the pattern, or empty
     */
    public synchronized Optional<Pattern> pattern() {
        return Optional.ofNullable(pattern);
    }

    /**
     * The broker-side regex.
     *
     * @return the regex, or empty
     */
    public synchronized Optional<String> regex() {
        return Optional.ofNullable(regex);
    }

    /**
     * The rebalance listener.
     *
     * @return the listener
     */
    public synchronized RebalanceListener listener() {
        return listener;
    }

    /**
     * The assigned partitions, pending revocations included.
     *
     * @return a copy, in assignment order
     */
    public synchronized Set<TopicPartition> assignment() {
        return new LinkedHashSet<>(cursors.keySet());
    }

    /**
     * Whether a partition is assigned.
     *
     * @param tp the partition
     * @return true if assigned
     */
    public synchronized boolean isAssigned(TopicPartition tp) {
        return cursors.containsKey(tp);
    }

    /**
     * Stops fetching and returning records of partitions about to be revoked.
     *
     * @param partitions the partitions
     */
    public synchronized void markPendingRevocation(Collection<TopicPartition> partitions) {
        for (TopicPartition tp : partitions) {
            FetchCursor c = cursors.get(tp);
            if (c != null) {
                c.pendingRevocation = true;
                c.generation++;
            }
        }
    }

    /**
     * Applies a group assignment after the revocation callback: partitions not in it are removed, new ones are added
     * without positions and not yet fetchable.
     *
     * @param assignment the new assignment
     */
    public synchronized void applyGroupAssignment(Set<TopicPartition> assignment) {
        cursors.keySet().retainAll(assignment);
        for (TopicPartition tp : assignment) {
            cursors.computeIfAbsent(tp, t -> {
                FetchCursor c = newCursor(t);
                c.fetchable = false;
                return c;
            });
        }
    }

    /**
     * Lets partitions be fetched, once onPartitionsAssigned has run.
     *
     * @param partitions the partitions
     */
    public synchronized void markFetchable(Collection<TopicPartition> partitions) {
        for (TopicPartition tp : partitions) {
            FetchCursor c = cursors.get(tp);
            if (c != null) {
                c.fetchable = true;
            }
        }
    }

    /**
     * Moves a position.
     *
     * @param tp an assigned partition
     * @param offset the next offset to return
     * @param epoch the leader epoch of the record before it, or -1
     */
    public synchronized void seek(TopicPartition tp, long offset, int epoch) {
        FetchCursor c = require(tp);
        c.jumpTo(offset, epoch);
        c.validatedLeaderEpoch = -1;
        c.awaitingValidation = false;
    }

    /**
     * Asks for positions to be reset by a strategy, lazily.
     *
     * @param partitions assigned partitions
     * @param policy where to go
     */
    public synchronized void requestReset(Collection<TopicPartition> partitions, ResetPolicy policy) {
        for (TopicPartition tp : partitions) {
            FetchCursor c = require(tp);
            c.pendingReset = policy;
            c.awaitingCommitted = false;
            c.blocked = false;
            c.generation++;
        }
    }

    /**
     * Asks for a reset with auto.offset.reset.
     *
     * @param tp the partition
     * @param generation the generation the trigger was observed at; ignored if the position moved since
     */
    synchronized void requestDefaultReset(TopicPartition tp, int generation) {
        FetchCursor c = cursors.get(tp);
        if (c != null && c.generation == generation) {
            c.pendingReset = defaultReset;
            c.generation++;
        }
    }

    /**
     * The position of a partition.
     *
     * @param tp an assigned partition
     * @return the position, or -1 while unknown
     */
    public synchronized long position(TopicPartition tp) {
        FetchCursor c = require(tp);
        return c.hasPosition() ? c.position : -1;
    }

    /**
     * The positions of all partitions that have one, as offsets to commit.
     *
     * @return offsets with leader epochs
     */
    public synchronized Map<TopicPartition, OffsetAndMetadata> allConsumed() {
        Map<TopicPartition, OffsetAndMetadata> out = new HashMap<>();
        for (FetchCursor c : cursors.values()) {
            if (c.hasPosition() && !c.pendingRevocation) {
                out.put(
                        c.partition,
                        new OffsetAndMetadata(
                                c.position, c.positionEpoch < 0 ? Optional.empty() : Optional.of(c.positionEpoch), ""));
            }
        }
        return out;
    }

    /**
     * Consumed positions of some partitions, pending revocations included (for the commit before revoking).
     *
     * @param partitions the partitions
     * @return offsets with leader epochs
     */
    public synchronized Map<TopicPartition, OffsetAndMetadata> consumed(Collection<TopicPartition> partitions) {
        Map<TopicPartition, OffsetAndMetadata> out = new HashMap<>();
        for (TopicPartition tp : partitions) {
            FetchCursor c = cursors.get(tp);
            if (c != null && c.hasPosition()) {
                out.put(
                        tp,
                        new OffsetAndMetadata(
                                c.position, c.positionEpoch < 0 ? Optional.empty() : Optional.of(c.positionEpoch), ""));
            }
        }
        return out;
    }

    /**
     * Pauses or resumes partitions. Pausing drops their prefetched data.
     *
     * @param partitions assigned partitions
     * @param pause true to pause
     */
    public synchronized void setPaused(Collection<TopicPartition> partitions, boolean pause) {
        for (TopicPartition tp : partitions) {
            FetchCursor c = require(tp);
            if (pause && !c.paused && c.hasPosition()) {
                c.rewindFetch();
            }
            c.paused = pause;
        }
    }

    /**
     * The paused partitions.
     *
     * @return a copy
     */
    public synchronized Set<TopicPartition> paused() {
        Set<TopicPartition> out = new LinkedHashSet<>();
        for (FetchCursor c : cursors.values()) {
            if (c.paused) {
                out.add(c.partition);
            }
        }
        return out;
    }

    /**
     * Whether records fetched at a generation may still be returned, and if so advances the position past them.
     *
     * @param tp the partition
     * @param generation the generation of the fetch they came from
     * @param nextOffset the position after them
     * @param epoch the leader epoch of the last of them
     * @return false if the position jumped meanwhile (the records must be dropped)
     */
    synchronized boolean advance(TopicPartition tp, int generation, long nextOffset, int epoch) {
        FetchCursor c = cursors.get(tp);
        if (c == null || c.generation != generation || c.paused || c.pendingRevocation || !c.hasPosition()) {
            return false;
        }
        if (nextOffset > c.position) {
            c.position = nextOffset;
            if (epoch >= 0) {
                c.positionEpoch = epoch;
            }
        }
        return true;
    }

    /**
     * The largest lag of an assigned partition: records between the position and the end of the log as the last
     * fetch response showed it (the high watermark, or under read_committed the last stable offset).
     *
     * @param readCommitted whether the consumer reads committed records only
     * @return the lag, or -1 while no partition has both a position and a known end
     */
    synchronized long maxLag(boolean readCommitted) {
        long max = -1;
        for (FetchCursor c : cursors.values()) {
            long end = readCommitted ? c.lastStableOffset : c.highWatermark;
            if (c.position >= 0 && end >= 0) {
                max = Math.max(max, Math.max(0, end - c.position));
            }
        }
        return max;
    }

    /**
     * Stops fetching a partition whose buffered data turned out malformed when the application read it; a seek (any
     * jump of the position) fetches again.
     *
     * @param tp the partition
     * @param generation the generation of the bad data
     */
    synchronized void blockFetching(TopicPartition tp, int generation) {
        FetchCursor c = cursors.get(tp);
        if (c != null && c.generation == generation) {
            c.blocked = true;
        }
    }

    /**
     * Whether data fetched at a generation is still wanted.
     *
     * @param tp the partition
     * @param generation the generation
     * @return true if current
     */
    synchronized boolean isCurrent(TopicPartition tp, int generation) {
        FetchCursor c = cursors.get(tp);
        return c != null && c.generation == generation && !c.paused && !c.pendingRevocation;
    }

    /**
     * The current generation of every assigned partition, to purge stale buffered data without holding this lock.
     *
     * @return generations by partition
     */
    synchronized Map<TopicPartition, Integer> generations() {
        Map<TopicPartition, Integer> out = new HashMap<>();
        for (FetchCursor c : cursors.values()) {
            if (!c.paused && !c.pendingRevocation) {
                out.put(c.partition, c.generation);
            }
        }
        return out;
    }

    /** Every cursor; the caller holds this object's monitor. */
    Collection<FetchCursor> cursorsLocked() {
        return cursors.values();
    }

    /** A cursor or null; the caller holds this object's monitor. */
    FetchCursor cursorLocked(TopicPartition tp) {
        return cursors.get(tp);
    }

    /**
     * The reset policy.
     *
     * @return auto.offset.reset
     */
    public ResetPolicy defaultReset() {
        return defaultReset;
    }

    private FetchCursor require(TopicPartition tp) {
        FetchCursor c = cursors.get(tp);
        if (c == null) {
            throw new IllegalStateException("Partition " + tp + " is not assigned to this consumer");
        }
        return c;
    }
}
