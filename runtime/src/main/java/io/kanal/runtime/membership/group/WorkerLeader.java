package io.kanal.runtime.membership.group;

import io.kanal.client.group.MemberMetadata;
import io.kanal.runtime.herder.assign.Allocation;
import io.kanal.runtime.herder.assign.AssignorResult;
import io.kanal.runtime.herder.assign.AssignorState;
import io.kanal.runtime.herder.assign.CooperativeAssignor;
import io.kanal.runtime.herder.assign.MemberAssignment;
import io.kanal.runtime.membership.protocol.ConnectAssignment;
import io.kanal.runtime.membership.protocol.ConnectProtocolCodec;
import io.kanal.runtime.membership.protocol.ConnectProtocolCompatibility;
import io.kanal.runtime.membership.protocol.ConnectorsAndTasks;
import io.kanal.runtime.membership.protocol.WorkerMetadata;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The leader's half of the worker group protocol: decode every member's join metadata, make sure this worker has
 * read the config topic as far as the most advanced member (else every member gets {@code CONFIG_MISMATCH}, as from
 * Connect's leader), run the {@link CooperativeAssignor} with the state it returned last time, and encode each
 * member's {@link ConnectAssignment}.
 *
 * <p>Members are keyed in the assignor by their advertised URL, not by the broker's member id, which changes when a
 * worker restarts: so a worker that comes back within the delay is recognised and gets its own work back in the
 * rebalance its rejoin causes. Two members advertising the same URL (a misconfiguration) are told apart by member id.
 *
 * <p>Threading: confined to the group member's callback executor (through {@link WorkerGroupProtocol#assign}).
 */
final class WorkerLeader {
    private static final Logger LOG = LoggerFactory.getLogger(WorkerLeader.class);

    private final WorkerGroupConfig config;
    private final ClusterConfigs configs;
    private final Departures departures;
    private final LongSupplier clock;
    private final CooperativeAssignor cooperative;
    // Eager members report nothing and may not be told to wait: give everything out at once.
    private final CooperativeAssignor eager = new CooperativeAssignor(0);
    private AssignorState state = AssignorState.initial();

    WorkerLeader(WorkerGroupConfig config, ClusterConfigs configs, Departures departures, LongSupplier clock) {
        this.config = config;
        this.configs = configs;
        this.departures = departures;
        this.clock = clock;
        this.cooperative = new CooperativeAssignor(config.scheduledRebalanceMaxDelayMs());
    }

    Map<String, ByteBuffer> assign(
            int generation, String leaderId, ConnectProtocolCompatibility protocol, List<MemberMetadata> members) {
        Map<String, WorkerMetadata> metadata = new LinkedHashMap<>();
        long maxOffset = Long.MIN_VALUE;
        for (MemberMetadata member : members) {
            WorkerMetadata decoded = ConnectProtocolCodec.decodeMetadata(member.metadata());
            metadata.put(member.memberId(), decoded);
            maxOffset = Math.max(maxOffset, decoded.configOffset());
        }
        WorkerMetadata self = metadata.get(leaderId);
        String leaderUrl = self == null ? config.advertisedUrl() : self.url();
        ClusterConfigs.Snapshot snapshot = configs.snapshot();
        if (snapshot.offset() < maxOffset) {
            if (configs.catchUp(maxOffset, Duration.ofMillis(config.workerSyncTimeoutMs()))) {
                snapshot = configs.snapshot();
            }
            if (snapshot.offset() < maxOffset) {
                LOG.warn(
                        "[worker {}] generation {}: leader read the config topic to {} but a member is at {};"
                                + " answering CONFIG_MISMATCH",
                        config.workerId(),
                        generation,
                        snapshot.offset(),
                        maxOffset);
                return mismatch(metadata.keySet(), leaderId, leaderUrl, maxOffset, protocol);
            }
        }

        Map<String, String> keyOf = keys(metadata);
        Map<String, Allocation> reported = new TreeMap<>();
        metadata.forEach((memberId, worker) -> reported.put(
                keyOf.get(memberId),
                worker.allocation()
                        .filter(a -> protocol.cooperative())
                        .map(a -> Allocation.of(
                                a.assigned().connectors(), a.assigned().tasks()))
                        .orElse(Allocation.empty())));
        CooperativeAssignor assignor = protocol.cooperative() ? cooperative : eager;
        AssignorState before = protocol.cooperative() ? state : AssignorState.initial();
        Set<String> clean = cleanDepartures(before, reported.keySet());
        AssignorResult result = assignor.assign(before, reported, snapshot.taskCounts(), clean, clock.getAsLong());
        if (protocol.cooperative()) {
            state = result.nextState();
        }
        Map<String, ByteBuffer> out = new HashMap<>();
        long offset = snapshot.offset();
        keyOf.forEach((memberId, key) -> {
            MemberAssignment mine = result.member(key);
            ConnectAssignment assignment = new ConnectAssignment(
                    ConnectAssignment.NO_ERROR,
                    leaderId,
                    leaderUrl,
                    offset,
                    toWire(mine.assigned()),
                    protocol.cooperative() ? toWire(mine.revoked()) : ConnectorsAndTasks.empty(),
                    protocol.cooperative() ? result.scheduledDelayMs() : 0);
            out.put(memberId, ConnectProtocolCodec.encodeAssignment(assignment, protocol));
        });
        LOG.info(
                "[worker {}] led generation {} ({}) of {} members at config offset {}: delay {} ms, held back {}"
                        + " connectors and {} tasks, left cleanly {}",
                config.workerId(),
                generation,
                protocol,
                members.size(),
                offset,
                result.scheduledDelayMs(),
                result.nextState().lostConnectors().size(),
                result.nextState().lostTasks().size(),
                clean);
        return out;
    }

    /** The workers of the previous assignment that are gone, held work, and stopped it all before leaving. */
    private Set<String> cleanDepartures(AssignorState before, Set<String> members) {
        Set<String> clean = new TreeSet<>();
        before.previousAssignment().forEach((worker, held) -> {
            if (!members.contains(worker)
                    && !held.isEmpty()
                    && departures.leftCleanly(workerIdOf(worker), held.connectors(), held.tasks())) {
                clean.add(worker);
            }
        });
        return clean;
    }

    /** Assignor keys: the advertised URL, or {@code url#memberId} for a second member advertising the same URL. */
    private static Map<String, String> keys(Map<String, WorkerMetadata> metadata) {
        Map<String, String> keys = new TreeMap<>();
        Set<String> taken = new TreeSet<>();
        new TreeMap<>(metadata).forEach((memberId, worker) -> {
            String key = taken.add(worker.url()) ? worker.url() : worker.url() + "#" + memberId;
            keys.put(memberId, key);
        });
        return keys;
    }

    private static String workerIdOf(String key) {
        int hash = key.indexOf('#');
        String url = hash < 0 ? key : key.substring(0, hash);
        try {
            return WorkerGroupConfig.workerId(url);
        } catch (IllegalArgumentException e) {
            return url; // another implementation's odd URL: the status store will not know it, which means unclean
        }
    }

    private static Map<String, ByteBuffer> mismatch(
            Set<String> members,
            String leaderId,
            String leaderUrl,
            long offset,
            ConnectProtocolCompatibility protocol) {
        Map<String, ByteBuffer> out = new HashMap<>();
        ConnectAssignment failed = new ConnectAssignment(
                ConnectAssignment.CONFIG_MISMATCH,
                leaderId,
                leaderUrl,
                offset,
                ConnectorsAndTasks.empty(),
                ConnectorsAndTasks.empty(),
                0);
        for (String member : members) {
            out.put(member, ConnectProtocolCodec.encodeAssignment(failed, protocol));
        }
        return out;
    }

    private static ConnectorsAndTasks toWire(Allocation allocation) {
        return new ConnectorsAndTasks(List.copyOf(allocation.connectors()), List.copyOf(allocation.tasks()));
    }
}
